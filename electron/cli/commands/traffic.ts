// traffic start / stop / status, and `traffic run` (the detached process that owns the clients).
import { Option, type Command } from 'commander';
import { runTrafficProcess } from '../../lab/helper-processes.js';
import { SOAK_STOPS, type SoakStops } from '../../../shared/soak-report.js';
import { describeDuplicate, describeRedeliveredAfterAck } from '../../../shared/traffic-repeats.js';
import { DEFAULT_LAB_ID, findLab } from '../../../shared/labs/index.js';
import { trafficCommands } from '../../../shared/traffic-commands.js';
import { TRAFFIC_DEFAULT_RATE, TRAFFIC_MAX_RATE, TRAFFIC_QUEUE, type TrafficSnapshot } from '../../../shared/traffic-state.js';
import { resolveGlobalOptions } from '../global-options.js';
import { withLab } from '../lab-session.js';
import { wholeNumber } from '../whole-number-option.js';

const rateOption = wholeNumber('--rate', 1, TRAFFIC_MAX_RATE);

export function describeTraffic(t: TrafficSnapshot): string {
  const c = t.totals;
  const where = (side: TrafficSnapshot['producer']) => (side.connected ? `on the ${side.broker}` : 'reconnecting');
  const lines = [
    `Traffic ${t.state} (run ${t.runId}, ${t.rate} msg/s, pid ${t.pid}): producer ${where(t.producer)}, consumer ${where(t.consumer)}.`,
    `  sent ${c.sent}, received ${c.received}, lost ${c.lost ?? '— (known once drained)'}, duplicated ${c.duplicated}, redelivered ${c.redelivered}, redelivered after ack ${c.redeliveredAfterAck}, resent ${c.resent}, unconfirmed ${c.unconfirmed}.`,
  ];
  const afterAck = t.evidence.redeliveredAfterAck[0];
  if (afterAck) {
    const why = 'acknowledged, then the broker went down before the acknowledgement reached the next one; at-least-once, not a copy';
    lines.push(`  redelivered after ack (${why}): ${describeRedeliveredAfterAck(afterAck)}${c.redeliveredAfterAck > 1 ? ' (first of them)' : ''}.`);
  }
  const duplicate = t.evidence.duplicated[0];
  if (duplicate) lines.push(`  duplicated: ${describeDuplicate(duplicate)}${c.duplicated > 1 ? ' (first of them)' : ''}.`);
  for (const g of t.gaps) {
    lines.push(`  ${g.side} outage ${g.ms === null ? 'ongoing' : `${g.ms} ms`}: ${g.fromBroker ?? '?'} -> ${g.toBroker ?? '?'} (from ${g.from}).`);
  }
  if (t.lastError) lines.push(`  last: ${t.lastError}`);
  return `${lines.join('\n')}\n`;
}

export function registerTraffic(program: Command): void {
  const traffic = program.command('traffic').description('a producer and a consumer that ride through failover and failback');

  traffic
    .command('start')
    .description(`start them on ${TRAFFIC_QUEUE}, following the live broker (they keep running after this command)`)
    .option('--rate <n>', `messages per second (default ${TRAFFIC_DEFAULT_RATE})`, rateOption, TRAFFIC_DEFAULT_RATE)
    .action(async (opts: { rate: number }) => {
      await withLab(program.opts(), async (lab) => {
        const t = await lab.request('traffic.start', { rate: opts.rate });
        process.stdout.write(describeTraffic(t));
        const s = lab.snapshot();
        const cmds = trafficCommands(s.config, opts.rate, findLab(s.lab) ?? findLab(DEFAULT_LAB_ID)!);
        process.stdout.write(`The same with the broker's own clients:\n  ${cmds.producer}\n  ${cmds.consumer}\n`);
      });
    });

  traffic
    .command('stop')
    .description('stop producing, drain, and print the totals')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const t = await lab.request('traffic.stop', {});
        process.stdout.write(opts.json ? `${JSON.stringify(t, null, 2)}\n` : describeTraffic(t));
      });
    });

  traffic
    .command('status')
    .description('what the traffic is doing now, with its counters and outages')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const t = lab.snapshot().traffic;
        if (opts.json) process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
        else process.stdout.write(t ? describeTraffic(t) : 'No traffic was started in this lab.\n');
      });
    });

  traffic
    .command('run', { hidden: true })
    .description('run the clients in this process until run/traffic.stop appears (started by `traffic start`)')
    .requiredOption('--rate <n>', 'messages per second', rateOption)
    .requiredOption('--run-id <id>', 'the run id messages carry')
    .action(async (opts: { rate: number; runId: string }) => {
      const final = await runTrafficProcess(resolveGlobalOptions(program.opts()).labDir, { rate: opts.rate, runId: opts.runId });
      process.stdout.write(describeTraffic(final));
      process.exit(0);
    });
}

const cyclesOption = wholeNumber('--cycles', 1, 1000);

export function registerSoak(program: Command): void {
  program
    .command('soak')
    .description('traffic through N failover/failback cycles (graceful stop and kill -9 in turn); exit 0 only with nothing lost or duplicated')
    .option('--cycles <n>', 'failover/failback cycles', cyclesOption, 10)
    .option('--rate <n>', 'messages per second', rateOption, 200)
    .addOption(new Option('--stops <how>', 'how each cycle stops the live broker: graceful and kill -9 in turn, or always one way').choices(SOAK_STOPS).default('alternate'))
    .option('--json', 'print the report as JSON')
    .action(async (opts: { cycles: number; rate: number; stops: SoakStops; json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const report = await lab.request('traffic.soak', { cycles: opts.cycles, rate: opts.rate, stops: opts.stops }, { onProgress: opts.json ? undefined : (line) => process.stdout.write(`${line}\n`) });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${report.ok ? 'OK' : 'FAILED'}: ${report.sent} sent, ${report.received} received, ${report.lost} lost, ${report.duplicated} duplicated, ${report.redelivered} redelivered, ${report.redeliveredAfterAck} redelivered after ack, ${report.resent} resent.\n`);
        if (!report.ok) process.exitCode = 1;
      });
    });
}
