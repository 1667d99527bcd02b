// Each timed send as a dot, one column per wire delay, its median as a bar: with synchronous
// replication every durable send pays the wire's delay both ways, and the columns show it.
// A strip plot of a few dozen dots is plain SVG (uPlot draws time series, not categories);
// the sentence under it says the same for screen readers.
import type { RoundTripSeries } from '../../../shared/lab-state.js';
import { formatMs, latestSeries, roundTripSummary, seriesName } from '../round-trips.js';

const W = 420;
const H = 150;
const PAD = { left: 54, right: 12, top: 10, bottom: 30 };

/** A round, readable top for the axis: 1, 2 or 5 times a power of ten. */
function niceTop(max: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

export function RoundTrips({ series }: { series: RoundTripSeries[] }) {
  const shown = latestSeries(series);
  const top = niceTop(Math.max(...shown.flatMap((s) => s.samplesMs), 1));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const colW = plotW / Math.max(shown.length, 1);
  const yOf = (ms: number) => PAD.top + plotH - (Math.min(ms, top) / top) * plotH;
  const summary = roundTripSummary(series);
  return (
    <section className="round-trips" aria-labelledby="round-trips-title" data-testid="round-trips">
      <h3 id="round-trips-title" className="small">
        Durable send round trip per wire delay
      </h3>
      <svg viewBox={`0 0 ${W} ${H}`} style={{ maxWidth: W }} aria-hidden="true">
        {[0, top / 2, top].map((v) => (
          <g key={v} className="rt-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={yOf(v)} y2={yOf(v)} />
            <text x={PAD.left - 6} y={yOf(v) + 4} textAnchor="end">
              {v === 0 ? '0' : formatMs(v)}
            </text>
          </g>
        ))}
        {shown.map((s, i) => {
          const cx = PAD.left + colW * (i + 0.5);
          const spread = Math.min(colW * 0.5, 70);
          return (
            <g key={`${s.latencyMs}-${s.durable}`} className="rt-series" data-latency={s.latencyMs} data-median={s.medianMs}>
              {s.samplesMs.map((ms, j) => (
                // Spread the dots sideways in send order, so equal times do not hide each other.
                <circle key={j} className="rt-dot" cx={cx - spread / 2 + (spread * (j + 0.5)) / s.samplesMs.length} cy={yOf(ms)} r={2.6} />
              ))}
              <line className="rt-median" x1={cx - spread / 2 - 6} x2={cx + spread / 2 + 6} y1={yOf(s.medianMs)} y2={yOf(s.medianMs)} />
              <text className="rt-median-text" x={cx + spread / 2 + 8} y={yOf(s.medianMs) - 3}>
                {formatMs(s.medianMs)}
              </text>
              <text className="rt-axis" x={cx} y={H - 10} textAnchor="middle">
                {seriesName(s)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="muted small" data-testid="round-trip-summary">
        {summary}
      </p>
    </section>
  );
}
