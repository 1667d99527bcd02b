import type { Command } from 'commander';

// Placeholder: filled in by the issue that builds this command.
export function registerWorkshop(_program: Command): void {}
