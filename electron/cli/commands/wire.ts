// wire status / cut / heal / delay: the wire between brokers (run/links.json), and `wire run`,
// the detached process that relays every wire; `up` starts it for a lab with a wire and `down`
// ends it, and `wire start` / `wire stop` do it by hand (for wires written into run/links.json by hand).
import type { Command } from 'commander';
import type { RequestParams } from '../../../shared/contract.js';
import { WIRE_MAX_LATENCY_MS, type WiresReport } from '../../../shared/wire-state.js';
import { runWireProcess } from '../../lab/helper-processes.js';
import { resolveGlobalOptions } from '../global-options.js';
import { withLab } from '../lab-session.js';
import { wholeNumber } from '../whole-number-option.js';

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function describeWires(report: WiresReport, only?: (l: WiresReport['wires'][number]) => boolean): string {
  const p = report.process;
  const lines = [
    p?.state === 'running'
      ? `Relay process pid ${p.pid}, since ${p.startedAt}; revision ${p.appliedRevision} of ${report.revision} applied.`
      : `No relay process runs in this lab${p?.lastError ? ` (${p.lastError})` : ''}: nothing is relayed; what is wanted applies when it starts (\`amq-ha-lab up\` starts it with the brokers; \`wire start\` alone).`,
  ];
  for (const l of report.wires.filter(only ?? (() => true))) {
    const wanted = `${l.wanted.cut ? 'cut' : 'healed'}${l.wanted.latencyMs ? `, +${l.wanted.latencyMs} ms` : ''}`;
    const r = l.relay;
    const done = r
      ? `${r.state}${r.state === 'open' ? `, latency ${r.latencyMs} ms, ${r.connections} connection${r.connections === 1 ? '' : 's'} (${r.accepted} accepted), ${bytes(r.bytesToTarget)} to ${l.to}, ${bytes(r.bytesFromTarget)} back` : ''}${r.cuts ? `, cut ${r.cuts}x so far` : ''}${r.lastError ? ` — ${r.lastError}` : ''}`
      : `not relayed (wanted: ${wanted})`;
    lines.push(`  ${l.from} -> ${l.to}  127.0.0.1:${r?.listenPort ?? l.listenPort} -> ${l.targetPort}  ${done}`);
  }
  const t = report.checkTarget;
  if (t) {
    const port = t.served?.port ?? t.wanted.port;
    const off = t.wanted.unreachable.length ? `answering 503 (cut off) for ${t.wanted.unreachable.join(', ')}` : 'every broker reachable';
    lines.push(`  check target http://127.0.0.1:${port}/<broker>  ${t.served ? `${t.served.state}, ${off}, ${t.served.requests} checks answered${t.served.lastError ? ` — ${t.served.lastError}` : ''}` : `not served (wanted: ${off})`}`);
  }
  if (p?.state === 'running' && p.lastError) lines.push(`  last: ${p.lastError}`);
  return `${lines.join('\n')}\n`;
}

type WireChange = Omit<RequestParams<'wire.change'>, 'ends'>;

/** Changes the chosen wires through the lab (its action lock, its timeline), then shows them. */
async function wish(program: Command, ends: string[], change: WireChange | ((now: WiresReport) => WireChange)): Promise<void> {
  const { report } = await withLab(program.opts(), async (lab) => {
    const wanted = typeof change === 'function' ? change((await lab.request('wire.report', {})).report) : change;
    await lab.request('wire.change', { ends, ...wanted });
    return lab.request('wire.report', { ends });
  });
  process.stdout.write(describeWires(report));
}

const latencyArg = wholeNumber('MS', 0, WIRE_MAX_LATENCY_MS);

export function registerWire(program: Command): void {
  const wire = program.command('wire').alias('link').description('the wire between brokers: cut, heal or slow down the wires the lab relays');

  wire
    .command('status')
    .description('each wire: wanted and actual state, connections, bytes each way, latency')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { report, noWires } = await withLab(program.opts(), (lab) => lab.request('wire.report', {}), { anyLab: true });
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (noWires) process.stdout.write(`${noWires.message}\n${noWires.hint}\n`);
      else process.stdout.write(describeWires(report));
    });

  wire
    .command('cut [brokers...]')
    .description('drop the wire between two brokers (both directions; none named: every wire) and refuse new connections')
    .option('--isolate <broker>', "also cut this broker off its network: its pinger's target fails (staged partition)")
    .action((ends: string[], opts: { isolate?: string }) => wish(program, ends, { cut: true, ...(opts.isolate ? { isolate: [opts.isolate] } : {}) }));

  wire
    .command('heal [brokers...]')
    .description('let the wire between two brokers (none named: every wire) carry connections again; brokers cut off their network rejoin it')
    .action((ends: string[]) =>
      wish(program, ends, (now) => {
        const off = now.checkTarget?.wanted.unreachable ?? [];
        const rejoin = ends.length ? off.filter((id) => ends.includes(id)) : off;
        return { cut: false, ...(rejoin.length ? { rejoin } : {}) };
      }),
    );

  wire
    .command('delay <ms> [brokers...]')
    .description(`add MS (0-${WIRE_MAX_LATENCY_MS}) to each direction of the wire between two brokers (none named: every wire); 0 = none`)
    .action((ms: string, ends: string[]) => wish(program, ends, { latencyMs: latencyArg(ms) }));

  wire
    .command('start')
    .description('start the relay process for the wires in run/links.json (or adopt the one that runs)')
    .action(async () => {
      const { started, report } = await withLab(
        program.opts(),
        async (lab) => ({ started: await lab.request('wire.start', {}), report: (await lab.request('wire.report', {})).report }),
        { anyLab: true },
      );
      process.stdout.write(`${started.adopted ? `The relay process already runs (pid ${started.pid}).` : `Relay process started (pid ${started.pid}).`}\n`);
      process.stdout.write(describeWires(report));
    });

  wire
    .command('stop')
    .description('stop the relay process: every wire dropped, its ports closed')
    .action(async () => {
      const last = await withLab(program.opts(), (lab) => lab.request('wire.stop', {}), { anyLab: true });
      process.stdout.write(last ? `Relay process (pid ${last.pid}) stopped.\n` : 'No relay process ran in this lab.\n');
    });

  wire
    .command('run', { hidden: true })
    .description('relay the wires of run/links.json in this process until run/links.stop appears (started by `wire start`)')
    .action(async () => {
      const final = await runWireProcess(resolveGlobalOptions(program.opts()).labDir);
      process.stdout.write(`Relay process (pid ${final.pid}) stopped; every wire closed.\n`);
      process.exit(0);
    });
}
