import type { Command } from 'commander';

// Placeholder: filled in by the issue that builds this command.
export function registerSetup(_program: Command): void {}
