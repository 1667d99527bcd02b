// Messages per second, sent (solid) and received (dashed), one colour per broker, with each
// client outage shaded and each failover/failback marked. uPlot paints a canvas from the npm
// bundle (no network); it is loaded on first use, and only where a canvas can draw: jsdom and
// some locked-down views have none, and the counters and outage list then tell the same story.
import { useEffect, useRef, useState } from 'react';
import type uPlotType from 'uplot';
import type { TrafficChartData } from '../traffic-chart-data.js';
import { useLab } from '../store-context.js';

type UPlot = typeof uPlotType;

const HEIGHT = 240;

function canvasDraws(): boolean {
  try {
    return !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
}

/**
 * The canvas cannot use CSS variables, and App sets the theme on <html> only after this chart's
 * effects have run, so the chart keeps its own copy of the theme colours (styles.css :root).
 */
const PALETTES = {
  light: {
    text: '#55606e',
    grid: '#d5dbe3',
    /** Per broker, in the lab's order. */
    brokers: ['#0b5cad', '#b35900', '#2e7d32', '#8e24aa'],
    other: '#6e7781',
    producerGap: 'rgba(198, 40, 40, 0.14)',
    consumerGap: 'rgba(154, 103, 0, 0.16)',
    gapText: '#c62828',
    marker: '#1b2430',
  },
  dark: {
    text: '#9aa7b4',
    grid: '#2f3b48',
    brokers: ['#4c9aff', '#f0883e', '#56d364', '#d2a8ff'],
    other: '#8b949e',
    producerGap: 'rgba(255, 107, 107, 0.18)',
    consumerGap: 'rgba(210, 153, 34, 0.18)',
    gapText: '#ff6b6b',
    marker: '#e6edf3',
  },
} as const;

type Palette = (typeof PALETTES)[keyof typeof PALETTES];

/** Outage bands under the lines; failover/failback markers and all labels over them. */
function overlays(getData: () => TrafficChartData, colours: () => Palette): uPlotType.Plugin {
  const px = (u: uPlotType, sec: number) => u.valToPos(sec, 'x', true);
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { ctx, bbox } = u;
          const c = colours();
          ctx.save();
          for (const b of getData().bands) {
            const x0 = Math.max(bbox.left, px(u, b.from));
            const x1 = Math.min(bbox.left + bbox.width, px(u, b.to));
            if (x1 <= x0) continue;
            ctx.fillStyle = b.side === 'producer' ? c.producerGap : c.consumerGap;
            // Producer in the top half, consumer in the bottom: the two usually overlap in time.
            const half = bbox.height / 2;
            ctx.fillRect(x0, b.side === 'producer' ? bbox.top : bbox.top + half, Math.max(2, x1 - x0), half);
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          const c = colours();
          const ratio = devicePixelRatio || 1;
          ctx.save();
          ctx.font = `${11 * ratio}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          // uPlot leaves the y axis's right alignment on the context.
          ctx.textAlign = 'left';
          for (const m of getData().markers) {
            const x = px(u, m.at);
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.strokeStyle = c.marker;
            ctx.lineWidth = 1.5 * ratio;
            ctx.setLineDash([4 * ratio, 3 * ratio]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillStyle = c.marker;
            ctx.fillText(m.label, x + 4 * ratio, bbox.top + 2 * ratio);
          }
          ctx.fillStyle = c.gapText;
          for (const b of getData().bands) {
            const x = Math.max(bbox.left, px(u, b.from));
            if (x > bbox.left + bbox.width) continue;
            const y = b.side === 'producer' ? bbox.top + 16 * ratio : bbox.top + bbox.height / 2 + 4 * ratio;
            ctx.fillText(b.label, x + 4 * ratio, y);
          }
          ctx.restore();
        },
      ],
    },
  };
}

function buildOptions(lib: UPlot, data: TrafficChartData, width: number, c: Palette, getData: () => TrafficChartData, colours: () => Palette): uPlotType.Options {
  const order = [...new Set(data.lines.map((l) => l.broker))];
  const colourOf = (broker: string) => c.brokers[order.indexOf(broker)] ?? c.other;
  // Each value counts one whole second from its start: steps, not slopes, so a rate drops to 0
  // exactly where the outage band begins.
  const steps = lib.paths.stepped?.({ align: 1 });
  const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: true, range: () => getData().range }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
    axes: [axis, { ...axis, label: 'msg/s', size: 48 }],
    series: [
      {},
      ...data.lines.map((l) => ({
        label: l.label,
        stroke: colourOf(l.broker),
        width: 2,
        dash: l.kind === 'received' ? [6, 4] : undefined,
        paths: steps,
        points: { show: false },
      })),
    ],
    legend: {
      markers: {
        width: 2,
        stroke: (_u: uPlotType, i: number) => colourOf(data.lines[i - 1]?.broker ?? ''),
        fill: () => 'transparent',
        dash: (_u: uPlotType, i: number) => (data.lines[i - 1]?.kind === 'received' ? 'dashed' : 'solid'),
      },
    },
    cursor: { drag: { x: false, y: false } },
    plugins: [overlays(getData, colours)],
  };
}

const columns = (d: TrafficChartData): uPlotType.AlignedData => [d.x, ...d.lines.map((l) => l.values)];

export function TrafficChart({ data, summary }: { data: TrafficChartData; summary: string }) {
  const theme = useLab((s) => s.theme);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const [lib, setLib] = useState<UPlot | null>(null);
  const [canDraw] = useState(canvasDraws);
  // Series are fixed when a chart is made: a broker appearing in the data makes a new one.
  const shape = data.lines.map((l) => `${l.broker}:${l.kind}`).join(',');

  useEffect(() => {
    if (!canDraw) return;
    let live = true;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => {
      if (live) setLib(() => m.default);
    });
    return () => {
      live = false;
    };
  }, [canDraw]);

  useEffect(() => {
    const el = box.current;
    if (!lib || !el) return;
    const colours = PALETTES[theme];
    const u = new lib(buildOptions(lib, latest.current, el.clientWidth || 600, colours, () => latest.current, () => colours), columns(latest.current), el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [lib, theme, shape]);

  useEffect(() => {
    plot.current?.setData(columns(data));
  }, [data]);

  return (
    <figure className="traffic-chart" data-testid="traffic-chart" data-chart={canDraw ? 'canvas' : 'fallback'}>
      <div ref={box} role="img" aria-label={summary} />
      {canDraw ? null : <p className="muted small">No canvas here to draw the chart on; the counters and the outage list below carry the same account.</p>}
      <figcaption className="muted small">
        Solid: sent to a broker · dashed: received from it · shaded: a client outage (producer above, consumer below) · dotted line: failover or failback
      </figcaption>
    </figure>
  );
}
