import type { Command } from 'commander';

// Placeholder: filled in by the issue that builds this command.
export function registerDoctor(_program: Command): void {}
