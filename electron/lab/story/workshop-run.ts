// A whole lab's story in one go (`workshop`, the benchmark): every step in order, the rest
// skipped after a failure, with the figures an instructor asks for.
import type { BrokerName } from '../../../shared/lab-state.js';
import type { WorkshopReport, WorkshopStepResult, WorkshopTimings } from '../../../shared/workshop-report.js';
import type { StoryLab } from './story-lab.js';
import { restartSteps, runStep, type WorkshopOptions } from './workshop.js';

export type { WorkshopReport, WorkshopStepResult, WorkshopTimings };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / (1024 * 1024)));

/** The lab's whole story, step by step; after a failed step the rest are skipped. */
export async function runWorkshop(lab: StoryLab, options: WorkshopOptions = {}, onStep?: (result: WorkshopStepResult) => void): Promise<WorkshopReport> {
  const t0 = Date.now();
  restartSteps(lab);
  const definition = lab.definition;
  const results: WorkshopStepResult[] = [];
  let failed = false;
  let failbackPairMs: number | null = null;
  let rss: WorkshopTimings['rssMb'] = { brokers: {}, brokersTotal: null, lab: mb(process.memoryUsage().rss) ?? 0 };
  for (const step of definition.story) {
    let status: WorkshopStepResult['status'] = 'skipped';
    let state = { ms: null as number | null, detail: 'Skipped: an earlier step failed.' as string | null, hint: null as string | null };
    if (!failed) {
      const before = lab.snapshot().stopwatch.failback;
      const done = await runStep(lab, step.id, options);
      state = { ms: done.ms, detail: done.detail, hint: done.hint };
      status = done.status === 'passed' ? 'passed' : 'failed';
      if (status !== 'passed') failed = true;
      const after = lab.snapshot().stopwatch.failback;
      // The step that waited for the failback to complete: restart -> group whole again.
      if (status === 'passed' && step.bound === 'failback' && after && after !== before) failbackPairMs = Date.now() - Date.parse(after.startedAt);
      rss = await measureRss(lab, rss);
    } else {
      const skipped = lab.snapshot().steps.find((s) => s.id === step.id)!;
      lab.store.observe({ kind: 'step', step: { ...skipped, status: 'skipped', detail: state.detail, ms: null } });
    }
    const result: WorkshopStepResult = { id: step.id, title: step.title, status, ms: state.ms, detail: state.detail, hint: status === 'failed' ? state.hint : null };
    results.push(result);
    onStep?.(result);
  }
  const s = lab.snapshot();
  const failover = s.stopwatch.failover;
  // The new live broker's own "active" line: AMQ221007 (replication), AMQ221010 (shared store).
  const logMs = (watch: typeof failover) => {
    const line = watch?.to ? s.events.find((e) => e.broker === watch.to && (e.code === 'AMQ221007' || e.code === 'AMQ221010') && e.time >= watch.startedAt) : undefined;
    return watch && line ? Date.parse(line.time) - Date.parse(watch.startedAt) : null;
  };
  const groups: WorkshopTimings['groups'] = {};
  for (const [group, clock] of Object.entries(s.groupStopwatches)) {
    groups[group] = { failoverMs: clock.failover?.ms ?? null, failoverLogMs: logMs(clock.failover), failbackMs: clock.failback?.ms ?? null };
  }
  const startSteps = definition.story.filter((st) => st.act.some((a) => a.do === 'start' && (a.ifRunning ?? 'adopt') === 'adopt'));
  const startMs = startSteps.map((st) => results.find((r) => r.id === st.id)?.ms ?? null);
  const lags = lab.store.detectionLags();
  return {
    ok: !failed,
    lab: definition.id,
    crash: !!options.crash,
    steps: results,
    timings: {
      upMs: startMs.length > 0 && startMs.every((m) => m !== null) ? startMs.reduce((a, b) => a! + b!, 0) : null,
      failoverMs: failover?.ms ?? null,
      failoverLogMs: logMs(failover),
      failbackMs: s.stopwatch.failback?.ms ?? null,
      failbackPairMs,
      detectionLagMedianMs: median(lags),
      detectionLagMaxMs: lags.length ? Math.max(...lags) : null,
      groups,
      rssMb: rss,
      totalMs: Date.now() - t0,
    },
  };
}

/** Keeps the peak of each figure seen so far. */
async function measureRss(lab: StoryLab, previous: WorkshopTimings['rssMb']): Promise<WorkshopTimings['rssMb']> {
  const peak = (a: number | null | undefined, b: number | null) => (a == null ? b : b === null ? a : Math.max(a, b));
  const brokers: Record<BrokerName, number | null> = { ...previous.brokers };
  const current = await lab.brokerRssMb();
  let total = 0;
  for (const broker of lab.definition.topology.brokers) {
    const now = current[broker.id] ?? null;
    brokers[broker.id] = peak(previous.brokers[broker.id], now);
    total += now ?? 0;
  }
  return { brokers, brokersTotal: peak(previous.brokersTotal, total || null), lab: Math.max(previous.lab, mb(process.memoryUsage().rss) ?? 0) };
}
