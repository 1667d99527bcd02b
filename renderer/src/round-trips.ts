// The timed sends as the plot and its sentence show them: the latest series at each wire delay
// (a step run again replaces its earlier figures), and one line a screen reader can read.
import type { RoundTripSeries } from '../../shared/lab-state.js';

/** The newest series per (delay, durable), by delay. */
export function latestSeries(series: RoundTripSeries[]): RoundTripSeries[] {
  const byKey = new Map<string, RoundTripSeries>();
  for (const s of series) byKey.set(`${s.latencyMs}|${s.durable}`, s);
  return [...byKey.values()].sort((a, b) => a.latencyMs - b.latencyMs || Number(b.durable) - Number(a.durable));
}

/** 4.1 ms, 108 ms: a tenth where it matters, whole milliseconds above ten. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function seriesName(s: RoundTripSeries): string {
  return `${s.latencyMs} ms on the wire${s.durable ? '' : ' (non-durable)'}`;
}

/** "0 ms on the wire: median 4.1 ms (20 sends); 50 ms on the wire: median 108 ms (20 sends)." */
export function roundTripSummary(series: RoundTripSeries[]): string {
  const parts = latestSeries(series).map((s) => `${seriesName(s)}: median ${formatMs(s.medianMs)} (${s.samplesMs.length} send${s.samplesMs.length === 1 ? '' : 's'})`);
  return parts.length ? `${parts.join('; ')}.` : 'No timed sends yet.';
}
