// diagnose: the instructor's zip (doctor, versions, config, broker files, logs, state), passwords masked.
import path from 'node:path';
import type { Command } from 'commander';
import { withLab } from '../lab-session.js';

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description('write one zip for the instructor: doctor, versions, lab.json, broker.xml, profiles, log tails, steps and events (passwords masked)')
    .option('--out <file>', 'where to write the zip (default: <lab dir>/diagnostics/)')
    .option('--json', 'print {"path", "files"}')
    .action(async (opts: { out?: string; json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const result = await lab.request('lab.diagnose', opts.out ? { out: path.resolve(opts.out) } : {});
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Diagnostics written to ${result.path} (${result.files.length} files, passwords masked).\n`);
        process.stdout.write('Send that file to your instructor.\n');
      });
    });
}
