// The HA story on one time axis: every broker's events in its lane, and the two stopwatches the
// workshop is about (per pair in a lab of several): how long clients had no live broker
// (failover), and how long failback took.
import type { HaEvent, HaEventKind, NodeName, Stopwatch, Stopwatches } from '../../../shared/lab-state.js';
import { haGroups } from '../../../shared/labs/topology.js';
import { useLabDefinition } from '../lab-definition.js';
import { formatClock, formatDuration } from '../format.js';
import { useLab } from '../store-context.js';

const EMPTY: HaEvent[] = [];
const NO_GROUPS: Record<string, Stopwatches> = {};

const KIND_TONE: Partial<Record<HaEventKind, string>> = {
  live: 'good',
  failover: 'good',
  failback: 'warn',
  synchronized: 'good',
  'backup-started': 'warn',
  stopped: 'bad',
  'connection-lost': 'bad',
  'split-brain': 'bad',
  'disk-full': 'bad',
};

function StopwatchView({ label, watch, explain }: { label: string; watch: Stopwatch | null; explain: string }) {
  const value = watch?.ms != null ? formatDuration(watch.ms) : watch ? 'running…' : '—';
  return (
    <div className="stopwatch" data-stopwatch={label.toLowerCase()}>
      <div className="stopwatch-label">{label}</div>
      <div className="stopwatch-value">{value}</div>
      <div className="muted small">{explain}</div>
    </div>
  );
}

/** Folds runs of the same code from the same broker (a journal sync logs one line per file). */
export function groupRuns(events: HaEvent[]): Array<{ event: HaEvent; count: number }> {
  const out: Array<{ event: HaEvent; count: number }> = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && last.event.code === e.code && last.event.node === e.node) last.count += 1;
    else out.push({ event: e, count: 1 });
  }
  return out;
}

export function Timeline() {
  const events = useLab((s) => s.snapshot?.events ?? EMPTY);
  const stopwatch = useLab((s) => s.snapshot?.stopwatch);
  const groupStopwatches = useLab((s) => s.snapshot?.groupStopwatches ?? NO_GROUPS);
  const lab = useLabDefinition();
  // A lab of several pairs (replication vs shared store) times each on its own clock: show each.
  const groups = [...haGroups(lab.topology).keys()];
  const labelOf = (id: string | null | undefined) => lab.topology.brokers.find((b) => b.id === id)?.label ?? id ?? 'a broker';
  const times = events.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t));
  const t0 = times.length ? Math.min(...times) : 0;
  const t1 = times.length ? Math.max(...times) : 1;
  const span = Math.max(1, t1 - t0);
  const pos = (e: HaEvent) => ((Date.parse(e.time) - t0) / span) * 100;
  const lane = (node: NodeName) => events.filter((e) => e.node === node);
  return (
    <div className="timeline">
      {groups.length > 1 ? (
        groups.map((group) => (
          <div className="stopwatches" key={group} data-group={group}>
            <StopwatchView label="Failover" watch={groupStopwatches[group]?.failover ?? null} explain={`${labelOf(group)}'s pair: stop issued → its backup live`} />
            <StopwatchView label="Failback" watch={groupStopwatches[group]?.failback ?? null} explain={`${labelOf(group)} restarted → live again`} />
          </div>
        ))
      ) : (
        <div className="stopwatches">
          <StopwatchView
            label="Failover"
            watch={stopwatch?.failover ?? null}
            explain={stopwatch?.failover ? `${labelOf(stopwatch.failover.node)} stop issued → ${stopwatch.failover.to ? labelOf(stopwatch.failover.to) : 'a backup'} live` : 'live broker stop issued → a backup live'}
          />
          <StopwatchView
            label="Failback"
            watch={stopwatch?.failback ?? null}
            explain={stopwatch?.failback ? `${labelOf(stopwatch.failback.node)} restarted → live again` : 'the stopped broker restarted → live again'}
          />
        </div>
      )}
      <div className="axis" role="img" aria-label={`Timeline of ${events.length} HA events; the list below has them in words`}>
        {lab.topology.brokers.map(({ id: node }) => (
          <div className="lane" key={node}>
            <span className="lane-name">{node}</span>
            <div className="lane-track">
              {lane(node).map((e, i) => (
                <span
                  key={i}
                  className={`mark tone-${KIND_TONE[e.kind] ?? 'idle'}`}
                  style={{ left: `${pos(e)}%` }}
                  title={`${formatClock(e.time)} ${e.code} ${e.text}`}
                />
              ))}
            </div>
          </div>
        ))}
        <div className="axis-scale muted small">
          <span>{times.length ? formatClock(new Date(t0).toISOString()) : ''}</span>
          <span>{times.length ? `${formatDuration(span)} span` : 'no events yet'}</span>
          <span>{times.length ? formatClock(new Date(t1).toISOString()) : ''}</span>
        </div>
      </div>
      <table className="events">
        <caption className="sr-only">HA events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Broker</th>
            <th scope="col">Code</th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {groupRuns([...events].reverse()).map(({ event: e, count }, i) => (
            <tr key={i} className={`tone-${KIND_TONE[e.kind] ?? 'idle'}`} data-kind={e.kind}>
              <td className="mono">{formatClock(e.time)}</td>
              <td>{e.node}</td>
              <td>
                <mark className="code">{e.code}</mark>
              </td>
              <td>
                {e.text}
                {count > 1 ? <span className="muted"> (and {count - 1} more like it)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
