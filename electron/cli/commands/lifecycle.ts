import type { Command } from 'commander';

// Placeholder: filled in by the issue that builds this command.
export function registerLifecycle(_program: Command): void {}
