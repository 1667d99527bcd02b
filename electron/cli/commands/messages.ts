// send / verify: the message-survival ledger from the command line.
import type { Command } from 'commander';
import { describeCheck } from '../../lab/messages/ledger.js';
import { withLab } from '../lab-session.js';
import { wholeNumber } from '../whole-number-option.js';

const countOption = wholeNumber('--count', 1, 100_000);

export function registerMessages(program: Command): void {
  program
    .command('send')
    .description('send durable messages (run id + sequence number) to haQueue on the live broker')
    .option('--count <n>', 'how many', countOption, 10)
    .option('--json', 'print JSON')
    .action(async (opts: { count: number; json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const result = await lab.send(opts.count);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Sent ${result.sent} messages to haQueue on the ${result.node} (run ${result.runId}, seq ${result.firstSeq}-${result.lastSeq}).\n`);
        process.stdout.write(`The same with the broker's own client:\n  ${result.equivalentCommand}\n`);
      });
    });

  program
    .command('verify')
    .description('compare what was sent with what the live broker holds (browsing, not consuming)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const ledger = await lab.verify();
        const check = ledger.checks.at(-1)!;
        if (opts.json) process.stdout.write(`${JSON.stringify({ runId: ledger.runId, ...check }, null, 2)}\n`);
        else process.stdout.write(`Run ${ledger.runId} on the ${check.node}: ${describeCheck(check)}.\n`);
        if (check.lost > 0 || check.duplicated > 0) process.exitCode = 1;
      });
    });
}
