// send / verify: the message-survival ledger from the command line.
import type { Command } from 'commander';
import type { LabService } from '../../../shared/contract.js';
import { describeCheck } from '../../../shared/ledger-words.js';
import { findLab } from '../../../shared/labs/index.js';
import { LabError } from '../../lab-service.js';
import { withLab } from '../lab-session.js';
import { wholeNumber } from '../whole-number-option.js';

const countOption = wholeNumber('--count', 1, 100_000);

/** A broker id of this lab, or one line saying which there are (a lab of two pairs has two live brokers). */
function brokerOf(lab: LabService, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const held = lab.snapshot().lab;
  const ids = findLab(held)?.topology.brokers.map((b) => b.id) ?? [];
  if (!ids.includes(id)) throw new LabError('BAD_REQUEST', `This lab (${held}) has no broker "${id}".`, `Use one of: ${ids.join(', ')}.`);
  return id;
}

export function registerMessages(program: Command): void {
  program
    .command('send')
    .description('send durable messages (run id + sequence number) to haQueue on the live broker')
    .option('--count <n>', 'how many', countOption, 10)
    .option('--broker <id>', 'to this live broker (a lab of two pairs has two); default: the live one')
    .option('--json', 'print JSON')
    .action(async (opts: { count: number; broker?: string; json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const result = await lab.request('messages.send', { count: opts.count, broker: brokerOf(lab, opts.broker) });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Sent ${result.sent} messages to haQueue on the ${result.broker} (run ${result.runId}, seq ${result.firstSeq}-${result.lastSeq}).\n`);
        process.stdout.write(`The same with the broker's own client:\n  ${result.equivalentCommand}\n`);
      });
    });

  program
    .command('verify')
    .description('compare what was sent with what the live broker holds (browsing, not consuming)')
    .option('--broker <id>', 'on this live broker, against what was sent to its pair; default: the live one')
    .option('--json', 'print JSON')
    .action(async (opts: { broker?: string; json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const ledger = await lab.request('messages.verify', { broker: brokerOf(lab, opts.broker) });
        const check = ledger.checks.at(-1)!;
        if (opts.json) process.stdout.write(`${JSON.stringify({ runId: ledger.runId, ...check }, null, 2)}\n`);
        else process.stdout.write(`Run ${ledger.runId} on the ${check.broker}: ${describeCheck(check)}.\n`);
        if (check.lost > 0 || check.duplicated > 0) process.exitCode = 1;
      });
    });
}
