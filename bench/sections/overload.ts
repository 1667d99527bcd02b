// Where the seed's story breaks on a loaded laptop: the whole workshop (live traffic kept running
// through failover and failback, as the story does) with both consoles' queue view open — emulated
// as hawtio's Browse does it, one Jolokia browse() of haQueue per broker per second — beside 0, 2,
// 4 and 6 busy CPU hogs, with the lab's cluster timings and with Artemis's own. Each run walks
// every cell once; per cell: passed (1) or not (0), failover and failback times, and how often the
// codes of a broken synchronization appeared. Optional (--only overload): a run takes ~20 minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LabService } from '../../shared/contract.js';
import { openLab } from '../../electron/lab-service.js';
import { jolokiaBulk } from '../../electron/lab/watching/jolokia.js';
import { HA_QUEUE } from '../../shared/lab-state.js';
import type { BenchContext, BenchSection, Figures, MetricSpec } from '../types.js';

const LEVELS = (process.env.LAB_BENCH_OVERLOAD_LEVELS ?? '0,2,4,6').split(',').map(Number);
const SETTINGS = [
  { key: 'lab', haTuning: true, text: 'lab timings (check-period 2 s, TTL 10 s)' },
  { key: 'default', haTuning: false, text: "Artemis's timings (TTL 60 s)" },
] as const;

/** The codes that tell a synchronization broke, counted over both brokers' logs. */
const CODES = ['AMQ229014', 'AMQ229114', 'AMQ222092', 'AMQ222294', 'AMQ229026'] as const;

function hogs(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

/** hawtio's queue Browse view, as both open consoles run it: browse() of haQueue once a second on each broker. */
function consoles(lab: LabService): () => void {
  let open = true;
  const loop = async () => {
    while (open) {
      const s = lab.snapshot();
      const config = s.setup === 'created' ? lab.consoleLogin() : null;
      await Promise.all(
        s.brokers
          .filter((n) => n.process === 'running' && config)
          .map((n) =>
            jolokiaBulk(
              { consolePort: n.ports.console, user: config!.user, password: config!.password },
              [{ type: 'exec', mbean: `org.apache.activemq.artemis:broker=*,component=addresses,address="${HA_QUEUE}",subcomponent=queues,routing-type="anycast",queue="${HA_QUEUE}"`, operation: 'browse()' }],
              5000,
            ).catch(() => undefined),
          ),
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void loop();
  return () => {
    open = false;
  };
}

async function codeCounts(lab: LabService): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(CODES.map((c) => [c, 0]));
  for (const broker of Object.values(lab.snapshot().config?.brokers ?? {})) {
    const text = await fs.readFile(path.join(broker.dir, 'log', 'artemis.log'), 'utf8').catch(() => '');
    for (const code of CODES) counts[code]! += text.split(code).length - 1;
  }
  return counts;
}

async function cell(ctx: BenchContext, level: number, setting: (typeof SETTINGS)[number]): Promise<Figures> {
  const prefix = `h${level}${setting.key === 'lab' ? 'Lab' : 'Default'}`;
  const labDir = path.join(ctx.scratchDir, `${prefix}`);
  const lab = await openLab({ labDir, installsDir: ctx.installsDir, portOffset: ctx.portOffset, haTuning: setting.haTuning });
  const busy = hogs(level);
  const stopConsoles = consoles(lab);
  try {
    await lab.request('lab.setup', {});
    const report = await lab.request('workshop.run', { crash: false });
    const failed = report.steps.find((s) => s.status === 'failed');
    const counts = await codeCounts(lab);
    ctx.log(`  ${level} hogs, ${setting.text}: ${report.ok ? 'passed' : `FAILED at ${failed?.id}: ${failed?.detail}`}; ${CODES.map((c) => `${c}×${counts[c]}`).join(' ')}`);
    return {
      [`${prefix}Pass`]: report.ok ? 1 : 0,
      [`${prefix}FailoverMs`]: report.timings.failoverMs,
      [`${prefix}FailbackMs`]: report.timings.failbackPairMs,
      [`${prefix}BrokenSyncCodes`]: counts.AMQ229014! + counts.AMQ229114! + counts.AMQ229026!,
      [`${prefix}SplitBrainCodes`]: counts.AMQ222294!,
    };
  } finally {
    stopConsoles();
    for (const hog of busy) hog.kill('SIGKILL');
    await lab.request('lab.down', {}).catch((error: unknown) => ctx.log(`  down failed: ${error instanceof Error ? error.message : String(error)}`));
    await lab.close();
  }
}

const metrics: MetricSpec[] = LEVELS.flatMap((level) =>
  SETTINGS.flatMap((setting) => {
    const prefix = `h${level}${setting.key === 'lab' ? 'Lab' : 'Default'}`;
    const where = `${level} hogs, ${setting.key === 'lab' ? 'lab TTL 10 s' : 'default TTL 60 s'}`;
    return [
      { key: `${prefix}Pass`, label: `${where}: passed (1) or not (0)`, unit: 'x' as const },
      { key: `${prefix}FailoverMs`, label: `${where}: graceful failover`, unit: 'ms' as const },
      { key: `${prefix}FailbackMs`, label: `${where}: failback, pair whole again`, unit: 'ms' as const },
      { key: `${prefix}BrokenSyncCodes`, label: `${where}: AMQ229014/229114/229026 lines`, unit: 'x' as const },
      { key: `${prefix}SplitBrainCodes`, label: `${where}: AMQ222294 lines`, unit: 'x' as const },
    ];
  }),
);

export const overload: BenchSection = {
  name: 'overload',
  title: 'Seed workshop under load: traffic through failover and failback, both consoles browsing, 0-6 CPU hogs, lab vs default timings',
  optional: true,
  metrics,
  run: async (ctx) => {
    const figures: Figures = {};
    for (const level of LEVELS) for (const setting of SETTINGS) Object.assign(figures, await cell(ctx, level, setting));
    return figures;
  },
};
