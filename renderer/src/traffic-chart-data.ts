// What the traffic chart draws, as plain data: the per-second series turned into uPlot's columns,
// each client-side outage as a band, each failover and failback as a marker. Pure, so the shape
// is tested without a canvas (jsdom has none) and the chart file only paints.
import type { HaEvent } from '../../shared/lab-state.js';
import type { TrafficGap, TrafficSnapshot } from '../../shared/traffic-state.js';
import { formatDuration } from './format.js';

export interface ChartLine {
  broker: string;
  kind: 'sent' | 'received';
  label: string;
  /** One value per entry of `x`. */
  values: number[];
}

export interface ChartBand {
  side: TrafficGap['side'];
  /** Unix seconds (uPlot's time unit). */
  from: number;
  to: number;
  /** Still going: drawn to the newest second. */
  open: boolean;
  label: string;
}

export interface ChartMarker {
  at: number;
  kind: 'failover' | 'failback';
  label: string;
}

export interface TrafficChartData {
  /** Unix seconds, one per series entry, oldest first. */
  x: number[];
  lines: ChartLine[];
  bands: ChartBand[];
  markers: ChartMarker[];
  /** The time axis range, so bands and markers past the last second still show. */
  range: [number, number];
}

const MARKER_MERGE_S = 5;

const toSec = (iso: string) => Date.parse(iso) / 1000;

/** The lab's brokers first in the topology's order, then any other name the series carries. */
function brokersIn(traffic: TrafficSnapshot, order: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const s of traffic.series) for (const n of [...Object.keys(s.sent), ...Object.keys(s.received)]) seen.add(n);
  for (const c of [traffic.producer.broker, traffic.consumer.broker]) if (c) seen.add(c);
  const known = order.filter((n) => seen.has(n));
  return [...known, ...[...seen].filter((n) => !order.includes(n)).sort()];
}

export function gapLabel(gap: TrafficGap): string {
  return gap.ms != null ? `${gap.side} ${formatDuration(gap.ms)}` : `${gap.side} out…`;
}

/**
 * `now` is the snapshot's own clock (updatedAt), not the page's: an open outage is drawn to the
 * lab's newest word on it, and the same snapshot always shapes the same chart.
 */
export function shapeTrafficChart(traffic: TrafficSnapshot, events: HaEvent[], order: readonly string[] = []): TrafficChartData {
  const x = traffic.series.map((s) => toSec(s.at));
  const lines: ChartLine[] = [];
  for (const broker of brokersIn(traffic, order)) {
    lines.push({ broker, kind: 'sent', label: `sent to ${broker}`, values: traffic.series.map((s) => s.sent[broker] ?? 0) });
    lines.push({ broker, kind: 'received', label: `received from ${broker}`, values: traffic.series.map((s) => s.received[broker] ?? 0) });
  }
  const now = toSec(traffic.stoppedAt ?? traffic.updatedAt);
  const start = x[0] ?? toSec(traffic.startedAt);
  const end = Math.max(x.length ? x[x.length - 1]! + 1 : start + 1, now);
  const bands: ChartBand[] = traffic.gaps
    .map((g) => ({ side: g.side, from: toSec(g.from), to: g.to ? toSec(g.to) : end, open: g.to == null, label: gapLabel(g) }))
    .filter((b) => !Number.isNaN(b.from) && b.to >= start);
  const handovers: ChartMarker[] = events
    .filter((e): e is HaEvent & { kind: 'failover' | 'failback' } => e.kind === 'failover' || e.kind === 'failback')
    .map((e) => ({ at: toSec(e.time), kind: e.kind, label: e.kind === 'failover' ? `failover → ${e.broker}` : 'failback' }))
    .filter((m) => m.at >= start && m.at <= end);
  const markers = handovers
    // A returning primary takes over through a backup's activation, so a failback logs a failover
    // code too (AMQ221037 beside the backup's AMQ221039): one handover, marked as the failback.
    .filter((m) => m.kind === 'failback' || !handovers.some((f) => f.kind === 'failback' && Math.abs(f.at - m.at) < MARKER_MERGE_S))
    // One handover can log two codes of the same kind a moment apart: one marker for it.
    .filter((m, i, all) => !all.slice(0, i).some((p) => p.kind === m.kind && m.at - p.at < MARKER_MERGE_S));
  return { x, lines, bands, markers, range: [start, end] };
}
