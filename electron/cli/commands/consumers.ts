// consumers start / stop / status: consumers pinned to brokers (clustered labs), and `consumers
// run`, the detached process that holds them.
import type { Command } from 'commander';
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import { HA_QUEUE } from '../../../shared/lab-state.js';
import { runConsumersProcess } from '../../lab/helper-processes.js';
import { resolveGlobalOptions } from '../global-options.js';
import { withLab } from '../lab-session.js';

export function describeConsumers(c: ConsumersSnapshot | null): string {
  if (!c) return 'No consumers were started in this lab.\n';
  const lines = [`Consumers on ${c.queue} ${c.running ? `(process ${c.pid})` : '(not running)'}:`];
  for (const [broker, k] of Object.entries(c.consumers)) {
    lines.push(`  ${broker.padEnd(10)} ${k.state.padEnd(10)} received ${k.received} since ${k.since}${k.lastError ? ` (${k.lastError})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerConsumers(program: Command): void {
  const consumers = program.command('consumers').description(`consumers on ${HA_QUEUE} pinned to brokers, kept running between commands`);

  consumers
    .command('start')
    .description('a consumer on each named broker (they keep running after this command)')
    .argument('<brokers...>', 'broker ids of the lab (broker1 broker2)')
    .option('--json', 'print JSON')
    .action(async (brokers: string[], opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const c = await lab.request('consumers.start', { brokers: brokers });
        process.stdout.write(opts.json ? `${JSON.stringify(c, null, 2)}\n` : describeConsumers(c));
      });
    });

  consumers
    .command('stop')
    .description('close the consumers on the named brokers')
    .argument('<brokers...>', 'broker ids of the lab')
    .option('--json', 'print JSON')
    .action(async (brokers: string[], opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const c = await lab.request('consumers.stop', { brokers: brokers });
        process.stdout.write(opts.json ? `${JSON.stringify(c, null, 2)}\n` : describeConsumers(c));
      });
    });

  consumers
    .command('status')
    .description('which consumers run where, and what each received')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const c = lab.snapshot().consumers;
        process.stdout.write(opts.json ? `${JSON.stringify(c, null, 2)}\n` : describeConsumers(c));
      });
    });

  consumers
    .command('run', { hidden: true })
    .description('hold the consumers in this process until run/consumers.stop appears (started by `consumers start`)')
    .action(async () => {
      const final = await runConsumersProcess(resolveGlobalOptions(program.opts()).labDir);
      process.stdout.write(describeConsumers(final));
      process.exit(0);
    });
}
