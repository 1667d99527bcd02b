// A lab's whole story on a fresh lab dir, through the lab's own facade and workshop runner (the
// same code the CLI and the app run), with the brokers' peak memory sampled all along.
import path from 'node:path';
import { openLab } from '../../electron/lab-service.js';
import { brokerOf } from '../../shared/labs/checks.js';
import type { HaEvent } from '../../shared/lab-state.js';
import { DEFAULT_LAB_ID, findLab } from '../../shared/labs/index.js';
import { MB, ownPeakRssBytes, RssSampler } from '../rss.js';
import { PartialFigures, type BenchContext, type BenchSection, type Figures, type MetricSpec } from '../types.js';

export const GOALS = {
  crashFailover: { max: 5_000, text: '<= 5 s' },
  detectionLag: { max: 250, text: '<= 250 ms' },
  wholeLab: { max: 1_536, text: '<= 1.5 GB' },
} as const;

export interface WorkshopVariant {
  name: string;
  /** Which lab (shared/labs); the seed's by default. */
  lab?: string;
  title: string;
  crash: boolean;
  /** false: the broker template's cluster-connection timings (setup with haTuning false). */
  haTuning: boolean;
  metrics: MetricSpec[];
}

async function runVariant(variant: WorkshopVariant, ctx: BenchContext): Promise<Figures> {
  const labId = variant.lab ?? DEFAULT_LAB_ID;
  const brokers = findLab(labId)!.topology.brokers.map((b) => b.id);
  const lab = await openLab({
    lab: labId,
    labDir: path.join(ctx.scratchDir, 'lab'),
    installsDir: ctx.installsDir,
    portOffset: ctx.portOffset,
    haTuning: variant.haTuning,
  });
  const sampler = new RssSampler(() => {
    const s = lab.snapshot();
    return Object.fromEntries(brokers.map((id) => [id, brokerOf(s, id)?.pid]));
  });
  sampler.start();
  try {
    const t0 = performance.now();
    await lab.request('lab.setup', {});
    const setupMs = performance.now() - t0;
    const report = await lab.request('workshop.run', { crash: variant.crash }, { onProgress: (step) => ctx.log(`  ${step.status.padEnd(7)} ${step.id} ${step.ms ?? '-'} ms`) });
    await sampler.stop();
    const t = report.timings;
    // Labs with several HA groups (replication beside shared store) time each group's failover.
    const groups = lab.snapshot().groupStopwatches;
    const peaks = brokers.map((id) => mbOf(sampler.peakOf(id)));
    const ownMb = ownPeakRssBytes() / MB;
    const figures: Figures = {
      setupMs,
      upMs: t.upMs,
      setupUpMs: t.upMs === null ? null : setupMs + t.upMs,
      failoverMs: t.failoverMs,
      failoverLogMs: t.failoverLogMs,
      failbackMs: t.failbackMs,
      failbackPairMs: t.failbackPairMs,
      detectionLagMs: t.detectionLagMedianMs,
      detectionLagMaxMs: t.detectionLagMaxMs,
      ...Object.fromEntries(brokers.map((id, i) => [`${id}PeakMb`, peaks[i] ?? null])),
      ownPeakMb: ownMb,
      // Each process at its own peak, added: an upper bound of the lab's footprint.
      labPeakMb: peaks.some((p) => p === null) ? null : peaks.reduce((a: number, b) => a + b!, 0) + ownMb,
      labConcurrentPeakMb: sampler.concurrentPeakBytes() / MB + ownMb,
      ...Object.fromEntries(Object.entries(groups).flatMap(([g, w]) => [[`${g}FailoverMs`, w.failover?.ms ?? null], [`${g}FailbackMs`, w.failback?.ms ?? null]])),
      // Timed durable sends (labs with a wire): the median round trip at each delay the story put on it.
      ...Object.fromEntries(lab.snapshot().roundTrips.map((r) => [`roundTrip${r.latencyMs}Ms`, r.medianMs])),
      ...splitMoments(lab.snapshot().events),
    };
    if (!report.ok) {
      const failed = report.steps.find((s) => s.status === 'failed');
      throw new PartialFigures(`workshop step "${failed?.id}" failed: ${failed?.detail ?? 'no detail'}`, figures);
    }
    return figures;
  } finally {
    await sampler.stop();
    await lab.request('lab.down', {}).catch((error: unknown) => ctx.log(`  down failed: ${error instanceof Error ? error.message : String(error)}`));
    await lab.close();
  }
}

/** Split brain: from the first cut of the wire to the lab's alarm, and to the second live broker's AMQ221007. */
function splitMoments(events: readonly HaEvent[]): Figures {
  const cut = events.find((e) => e.code === 'LAB' && e.text.startsWith('Wire:') && e.text.includes(' cut '));
  if (!cut) return {};
  const after = (pred: (e: HaEvent) => boolean) => {
    const e = events.find((x) => x.time >= cut.time && pred(x));
    return e ? Date.parse(e.time) - Date.parse(cut.time) : null;
  };
  return { cutToSecondLiveMs: after((e) => e.code === 'AMQ221007'), cutToAlarmMs: after((e) => e.kind === 'split-brain' && e.code === 'LAB') };
}

function mbOf(bytes: number | null): number | null {
  return bytes === null ? null : bytes / MB;
}

export function workshopSection(variant: WorkshopVariant): BenchSection {
  return { name: variant.name, title: variant.title, metrics: variant.metrics, run: (ctx) => runVariant(variant, ctx) };
}

export const gracefulWorkshop = workshopSection({
  name: 'graceful',
  title: 'Workshop, graceful stop (tuned lab)',
  crash: false,
  haTuning: true,
  metrics: [
    { key: 'setupMs', label: 'setup (zip -> two instances)', unit: 'ms' },
    { key: 'upMs', label: 'up (start master -> backup synchronized)', unit: 'ms' },
    { key: 'setupUpMs', label: "setup + up (compare: the seed's total)", unit: 'ms' },
    { key: 'failoverMs', label: 'graceful failover, by our snapshot', unit: 'ms' },
    { key: 'failoverLogMs', label: 'graceful failover, by the backup log', unit: 'ms' },
    { key: 'failbackMs', label: 'failback (restart -> master live)', unit: 'ms' },
    { key: 'failbackPairMs', label: 'failback (restart -> pair whole again)', unit: 'ms' },
    { key: 'detectionLagMs', label: 'detection lag, log line -> our event (median)', unit: 'ms', goal: GOALS.detectionLag },
    { key: 'detectionLagMaxMs', label: 'detection lag, worst in the run', unit: 'ms' },
    { key: 'masterPeakMb', label: 'master JVM peak RSS', unit: 'MB' },
    { key: 'backupPeakMb', label: 'backup JVM peak RSS', unit: 'MB' },
    { key: 'ownPeakMb', label: 'our process peak RSS', unit: 'MB' },
    { key: 'labPeakMb', label: 'whole lab, sum of peaks', unit: 'MB', goal: GOALS.wholeLab },
    { key: 'labConcurrentPeakMb', label: 'whole lab, largest sampled moment', unit: 'MB', goal: GOALS.wholeLab },
  ],
});

export const crashWorkshop = workshopSection({
  name: 'crash',
  title: 'Workshop, master killed (tuned lab)',
  crash: true,
  haTuning: true,
  metrics: [
    { key: 'failoverMs', label: 'crash failover, by our snapshot', unit: 'ms', goal: GOALS.crashFailover },
    { key: 'failoverLogMs', label: 'crash failover, by the backup log', unit: 'ms', goal: GOALS.crashFailover },
    { key: 'failbackMs', label: 'failback (restart -> master live)', unit: 'ms' },
    { key: 'failbackPairMs', label: 'failback (restart -> pair whole again)', unit: 'ms' },
    { key: 'detectionLagMs', label: 'detection lag (median)', unit: 'ms', goal: GOALS.detectionLag },
    { key: 'labPeakMb', label: 'whole lab, sum of peaks', unit: 'MB', goal: GOALS.wholeLab },
  ],
});

export const crashUntunedWorkshop = workshopSection({
  name: 'crash-untuned',
  title: "Workshop, master killed (UNTUNED: the template's cluster timings)",
  crash: true,
  haTuning: false,
  metrics: [
    { key: 'failoverMs', label: 'crash failover, by our snapshot', unit: 'ms' },
    { key: 'failoverLogMs', label: 'crash failover, by the backup log', unit: 'ms' },
    { key: 'failbackMs', label: 'failback (restart -> master live)', unit: 'ms' },
  ],
});
