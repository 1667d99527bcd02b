// labs: what labs there are, for choosing one with --lab.
import type { Command } from 'commander';
import { LABS } from '../../../shared/labs/index.js';

export function labsJson() {
  return LABS.map((l) => ({ id: l.id, title: l.title, brokers: l.topology.brokers.length, minutes: l.minutes, summary: l.summary }));
}

export function registerLabs(program: Command): void {
  program
    .command('labs')
    .description('list the labs (pick one with --lab ID on setup, up, workshop, status, serve)')
    .option('--json', 'print JSON: [{"id","title","brokers","minutes","summary"}]')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(labsJson(), null, 2)}\n`);
        return;
      }
      const width = Math.max(...LABS.map((l) => l.id.length));
      for (const l of LABS) {
        process.stdout.write(`${l.id.padEnd(width)}  ${l.title} (${l.topology.brokers.length} brokers, ~${l.minutes} min)\n${' '.repeat(width + 2)}${l.summary}\n`);
      }
    });
}
