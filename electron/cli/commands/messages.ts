import type { Command } from 'commander';

// Placeholder: filled in by the issue that builds this command.
export function registerMessages(_program: Command): void {}
