// A master that hangs rather than dies (SIGSTOP: its sockets stay open, it just stops answering),
// like a frozen laptop lid or a stalled VM. A killed process closes its sockets and the backup
// notices at once, tuned or not; a hung one is noticed only when the cluster connection's TTL runs
// out, which is what the lab's tuning shortens. Optional (--only hang,hang-untuned): the untuned
// case waits out the template's 60 s TTL each run.
import path from 'node:path';
import { openLab } from '../../electron/lab-service.js';
import { brokerOf } from '../../shared/labs/checks.js';
import type { BenchContext, BenchSection, Figures } from '../types.js';
import { waitForSnapshot } from '../wait-for-snapshot.js';

/** Longest we wait for the backup to take over from a hung master. */
const HANG_BOUND_MS = 240_000;

async function runHang(ctx: BenchContext, haTuning: boolean): Promise<Figures> {
  const lab = await openLab({ labDir: path.join(ctx.scratchDir, 'lab'), installsDir: ctx.installsDir, portOffset: ctx.portOffset, haTuning });
  let frozen: number | null = null;
  try {
    await lab.request('lab.setup', {});
    await lab.request('lab.up', {});
    const pid = brokerOf(lab.snapshot(), 'master')?.pid;
    if (!pid) throw new Error('the master has no pid after up');
    const t0 = Date.now();
    process.kill(pid, 'SIGSTOP');
    frozen = pid;
    ctx.log(`  master (pid ${pid}) frozen`);
    const s = await waitForSnapshot(lab, (snap) => !!brokerOf(snap, 'backup')?.live, HANG_BOUND_MS, 'the backup to take over from the hung master');
    const seenMs = Date.now() - t0;
    const logged = s.events.find((e) => e.broker === 'backup' && (e.code === 'AMQ221010' || e.code === 'AMQ221007') && Date.parse(e.time) >= t0);
    return { hangFailoverMs: seenMs, hangFailoverLogMs: logged ? Date.parse(logged.time) - t0 : null };
  } finally {
    // Never let a hung master wake up next to a live backup (split brain): it dies still frozen.
    if (frozen) {
      try {
        process.kill(frozen, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await lab.request('lab.down', {}).catch((error: unknown) => ctx.log(`  down failed: ${error instanceof Error ? error.message : String(error)}`));
    await lab.close();
  }
}

const metrics = (suffix: string) => [
  { key: 'hangFailoverMs', label: `hung master -> backup live, by our snapshot${suffix}`, unit: 'ms' as const },
  { key: 'hangFailoverLogMs', label: `hung master -> backup live, by the backup log${suffix}`, unit: 'ms' as const },
];

export const hangTuned: BenchSection = {
  name: 'hang',
  title: 'Master hung (SIGSTOP), tuned lab',
  optional: true,
  metrics: metrics(''),
  run: (ctx) => runHang(ctx, true),
};

export const hangUntuned: BenchSection = {
  name: 'hang-untuned',
  title: "Master hung (SIGSTOP), UNTUNED: the template's cluster timings",
  optional: true,
  metrics: metrics(''),
  run: (ctx) => runHang(ctx, false),
};
