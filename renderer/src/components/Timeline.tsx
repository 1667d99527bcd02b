// The HA story on one time axis: both brokers' events in two lanes, and the two stopwatches the
// workshop is about: how long clients had no live broker (failover), and how long failback took.
import type { HaEvent, HaEventKind, BrokerName, Stopwatch, Stopwatches } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { haGroups } from '../../../shared/labs/topology.js';
import { useLabDefinition } from '../lab-definition.js';
import { formatClock, formatDuration } from '../format.js';
import { useLab } from '../store-context.js';

const EMPTY: HaEvent[] = [];

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
  'sync-failed': 'bad',
  'sync-gave-up': 'bad',
  hung: 'bad',
};

function StopwatchView({ label, watch, explain, id = label.toLowerCase() }: { label: string; watch: Stopwatch | null; explain: string; id?: string }) {
  const value = watch?.ms != null ? formatDuration(watch.ms) : watch ? 'running…' : '—';
  return (
    <div className="stopwatch" data-stopwatch={id}>
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
    if (last && last.event.code === e.code && last.event.broker === e.broker) last.count += 1;
    else out.push({ event: e, count: 1 });
  }
  return out;
}

/** Labs with several HA groups time each group on its own: one row of clocks per group, named by its primary. */
export function GroupStopwatches({ lab, watches }: { lab: LabDefinition; watches: Record<string, Stopwatches> | undefined }) {
  const labelOf = (id: string | null | undefined) => lab.topology.brokers.find((b) => b.id === id)?.label ?? id ?? 'a broker';
  const groups = [...haGroups(lab.topology).entries()];
  if (groups.length < 2) return null;
  const none: Stopwatches = { failover: null, failback: null };
  return (
    <div className="group-stopwatches">
      {groups.map(([group, members]) => {
        const w = watches?.[group] ?? none;
        const name = `${labelOf(group)}’s group (${members.map((m) => m.label).join(', ')})`;
        return (
          <section key={group} className="group-watch" data-group={group} aria-label={name}>
            <h3 className="small-title">{name}</h3>
            <div className="stopwatches">
              <StopwatchView id={`failover-${group}`} label="Failover" watch={w.failover} explain={w.failover ? `${labelOf(w.failover.broker)} stop issued → ${w.failover.to ? labelOf(w.failover.to) : 'a backup'} live` : 'no failover in this group yet'} />
              <StopwatchView id={`failback-${group}`} label="Failback" watch={w.failback} explain={w.failback ? `${labelOf(w.failback.broker)} restarted → live again` : 'no failback in this group yet'} />
            </div>
          </section>
        );
      })}
    </div>
  );
}

export function Timeline() {
  const events = useLab((s) => s.snapshot?.events ?? EMPTY);
  const stopwatch = useLab((s) => s.snapshot?.stopwatch);
  const lab = useLabDefinition();
  const labelOf = (id: string | null | undefined) => lab.topology.brokers.find((b) => b.id === id)?.label ?? id ?? 'a broker';
  const groupWatches = useLab((s) => s.snapshot?.groupStopwatches);
  const several = haGroups(lab.topology).size > 1;
  const times = events.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t));
  const t0 = times.length ? Math.min(...times) : 0;
  const t1 = times.length ? Math.max(...times) : 1;
  const span = Math.max(1, t1 - t0);
  const pos = (e: HaEvent) => ((Date.parse(e.time) - t0) / span) * 100;
  const lane = (broker: BrokerName) => events.filter((e) => e.broker === broker);
  return (
    <div className="timeline">
      <div className="stopwatches">
        <StopwatchView
          label={several ? 'Latest failover' : 'Failover'}
          id="failover"
          watch={stopwatch?.failover ?? null}
          explain={stopwatch?.failover ? `${labelOf(stopwatch.failover.broker)} stop issued → ${stopwatch.failover.to ? labelOf(stopwatch.failover.to) : 'a backup'} live` : 'live broker stop issued → a backup live'}
        />
        <StopwatchView
          label={several ? 'Latest failback' : 'Failback'}
          id="failback"
          watch={stopwatch?.failback ?? null}
          explain={stopwatch?.failback ? `${labelOf(stopwatch.failback.broker)} restarted → live again` : 'the stopped broker restarted → live again'}
        />
      </div>
      <GroupStopwatches lab={lab} watches={groupWatches} />
      <div className="axis" role="img" aria-label={`Timeline of ${events.length} HA events; the list below has them in words`}>
        {lab.topology.brokers.map(({ id: broker, label }) => (
          <div className="lane" key={broker}>
            <span className="lane-name" title={label}>
              {label}
            </span>
            <div className="lane-track">
              {lane(broker).map((e, i) => (
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
              <td className="nowrap">{labelOf(e.broker)}</td>
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
