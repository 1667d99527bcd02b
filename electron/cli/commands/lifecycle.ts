// up / status / start / stop / down / reset: the brokers' lives from the command line.
import type { Command } from 'commander';
import readline from 'node:readline/promises';
import type { LabSnapshot, BrokerName, BrokerSnapshot } from '../../../shared/lab-state.js';
import { LabError } from '../../lab-service.js';
import { withLab } from '../lab-session.js';

/** The `status --json` shape (issue 3), plus a few extra fields. */
export function statusJson(s: LabSnapshot) {
  return {
    lab: s.lab,
    brokers: s.brokers.map((n) => ({
      name: n.name,
      label: n.label,
      role: n.role,
      process: n.process,
      pid: n.pid,
      live: n.live,
      replicaSync: n.replicaSync,
      consoleUrl: n.consoleUrl,
      queues: { haQueue: n.queues.haQueue },
      haQueueStats: n.haQueueStats,
      cluster: n.cluster,
      backup: n.backup,
      haPolicy: n.haPolicy,
      instance: n.instance,
      acceptorUrl: n.acceptorUrl,
      jolokia: n.jolokia,
      startedAt: n.startedAt,
      lastError: n.lastError,
    })),
    events: s.events.map((e) => ({ time: e.time, broker: e.broker, code: e.code, text: e.text, kind: e.kind })),
    stopwatch: s.stopwatch,
    groupStopwatches: s.groupStopwatches,
    ledger: { runId: s.ledger.runId, sent: s.ledger.sent, lastCheck: s.ledger.checks.at(-1) ?? null },
    consumers: s.consumers,
    wire: s.wire,
  };
}

function role(n: BrokerSnapshot): string {
  if (n.process !== 'running') return '';
  if (n.live) return 'live';
  if (n.serverDown) return 'broker stopped in its JVM';
  // A shared-store backup never synchronizes (ReplicaSync stays false): it waits on the journal's lock.
  if (n.backup && /shared store/i.test(n.haPolicy ?? '')) return 'backup, waiting on the lock';
  if (n.backup) return n.replicaSync ? 'backup, synchronized' : 'backup, not synchronized yet';
  return 'not live';
}

export function statusText(s: LabSnapshot): string {
  if (!s.config) return `No lab in ${s.labDir} yet. Run \`amq-ha-lab setup\` first.\n`;
  const lines = [`Lab ${s.lab} in ${s.labDir} (${s.config.broker.label ?? `Artemis ${s.config.broker.version}`})`];
  const width = Math.max(7, ...s.brokers.map((n) => n.name.length));
  for (const n of s.brokers) {
    const queue = n.queues.haQueue === null ? (n.process === 'running' && !n.live ? 'passive' : '-') : String(n.queues.haQueue);
    lines.push(
      `  ${n.name.padEnd(width)} ${n.process.padEnd(8)} ${n.pid ? `pid ${n.pid}`.padEnd(10) : ''.padEnd(10)} ${role(n).padEnd(28)} haQueue ${queue.padEnd(8)} ${n.consoleUrl}`,
    );
    if (n.lastError) lines.push(`          ${n.lastError.message}${n.lastError.hint ? ` ${n.lastError.hint}` : ''}`);
  }
  for (const l of s.wire?.wires ?? []) {
    lines.push(`  wire ${l.a}–${l.b}: ${l.state}${l.latencyMs ? `, +${l.latencyMs} ms each way` : ''}, ${l.connections} connection${l.connections === 1 ? '' : 's'}${l.lastError ? ` (${l.lastError})` : ''}`);
  }
  if (s.wire?.unreachable.length) lines.push(`  cut off their network (pinger target answers 503): ${s.wire.unreachable.join(', ')}`);
  const recent = s.events.slice(-8);
  if (recent.length) {
    lines.push('Recent events:');
    for (const e of recent) lines.push(`  ${e.time.slice(11, 23)} ${e.broker.padEnd(width)} ${e.code.padEnd(10)} ${e.text.slice(0, 100)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerLifecycle(program: Command): void {
  program
    .command('up')
    .description("start the lab's brokers in order: primaries until live, then backups until standing by; then create haQueue")
    .action(async () => {
      await withLab(program.opts(), async (lab) => {
        await lab.request('lab.up', {}, { onProgress: (line) => process.stdout.write(`${line}\n`) });
      });
    });

  program
    .command('status')
    .description("each broker's process, HA role, synchronization and haQueue depth")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const s = await lab.request('lab.snapshot', {});
        process.stdout.write(opts.json ? `${JSON.stringify(statusJson(s), null, 2)}\n` : statusText(s));
      });
    });

  program
    .command('start')
    .description('start one broker and wait until its server has started')
    .argument('<broker>', 'a broker of the lab, by id (`status` lists them)')
    .action(async (broker: BrokerName) => {
      await withLab(program.opts(), async (lab) => {
        const t0 = Date.now();
        const { outcome } = await lab.request('broker.start', { broker, ifRunning: 'fail' });
        const n = lab.snapshot().brokers.find((x) => x.name === broker);
        process.stdout.write(`${broker}: started (pid ${outcome.pid}) in ${Date.now() - t0} ms; ${n ? role(n) || n.process : ''}.\n`);
      });
    });

  program
    .command('stop')
    .description('stop one broker gracefully (artemis stop), or kill it hard with --crash')
    .argument('<broker>', 'a broker of the lab, by id (`status` lists them)')
    .option('--crash', 'kill the process hard (SIGKILL), as in a real crash')
    .action(async (broker: BrokerName, opts: { crash?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        const { outcome } = await lab.request('broker.stop', { broker, crash: opts.crash });
        const ms = Date.parse(outcome.exitedAt) - Date.parse(outcome.requestedAt);
        const how = opts.crash ? 'killed hard' : outcome.killed ? 'did not stop in time; killed' : 'stopped';
        process.stdout.write(`${broker}: ${how} (pid ${outcome.pid}) in ${ms} ms.\n`);
      });
    });

  program
    .command('down')
    .description("stop every broker of the lab, backups first")
    .action(async () => {
      await withLab(program.opts(), async (lab) => {
        const before = lab.snapshot().brokers.filter((n) => n.pid);
        await lab.request('lab.down', {});
        process.stdout.write(before.length ? `Stopped ${before.map((n) => n.name).join(', ')}.\n` : 'Nothing was running.\n');
      });
    });

  program
    .command('reset')
    .description('stop every broker and move the lab aside (it is never deleted)')
    .option('--yes', 'do not ask')
    .action(async (opts: { yes?: boolean }) => {
      await withLab(program.opts(), async (lab) => {
        if (!opts.yes) {
          if (!process.stdin.isTTY) {
            throw new LabError('BAD_REQUEST', 'reset needs a yes.', 'Run `amq-ha-lab reset --yes` to move the lab aside without asking.');
          }
          const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
          const answer = await rl.question(`Stop the brokers and move ${lab.snapshot().labDir} aside? [y/N] `);
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) {
            process.stdout.write('Nothing changed.\n');
            return;
          }
        }
        const { movedTo, homeMovedTo } = await lab.request('lab.reset', { confirm: true });
        process.stdout.write(movedTo ? `Moved the lab to ${movedTo}.\n` : 'There was no lab to move.\n');
        if (homeMovedTo) process.stdout.write(`Moved its broker distribution to ${homeMovedTo}.\n`);
      });
    });
}
