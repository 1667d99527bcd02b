// Live traffic: a producer and a consumer the lab keeps running through failover and failback,
// and its account of every message. The workshop's ten messages prove that stored messages
// survive; this proves that a running application does, and shows what it costs it (outages,
// resends, redeliveries) — the at-least-once story in numbers.
import { useMemo, useState } from 'react';
import type { TrafficClientState, TrafficEvidence, TrafficSnapshot, TrafficTotals } from '../../../shared/traffic-state.js';
import { TRAFFIC_DEFAULT_RATE, TRAFFIC_MAX_RATE, TRAFFIC_QUEUE } from '../../../shared/traffic-state.js';
import type { HaEvent } from '../../../shared/lab-state.js';
import { formatClock, formatDuration } from '../format.js';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';
import { shapeTrafficChart } from '../traffic-chart-data.js';
import { trafficCommands } from '../../../shared/traffic-commands.js';
import { describeDuplicate, describeRedeliveredAfterAck } from '../../../shared/traffic-repeats.js';
import { CopyCommand } from './CopyCommand.js';
import { TrafficChart } from './TrafficChart.js';

const NO_EVENTS: HaEvent[] = [];

/** Wording from shared/traffic-state.ts, where each total is defined. */
const COUNTERS: Array<{ key: keyof TrafficTotals; label: string; title: string }> = [
  { key: 'sent', label: 'Sent', title: 'Accepted by a broker (a send counts once, however often it was resent).' },
  { key: 'received', label: 'Received', title: 'Distinct messages received (each run + sequence once).' },
  { key: 'lost', label: 'Lost', title: 'Accepted and never received, once traffic has drained; — until then.' },
  { key: 'duplicated', label: 'Duplicated', title: 'A second stored copy: the same message arriving again from another send, a resend duplicate detection should have dropped.' },
  { key: 'redelivered', label: 'Redelivered', title: 'The same message delivered again before the consumer acknowledged it (its connection broke first).' },
  {
    key: 'redeliveredAfterAck',
    label: 'Redelivered after ack',
    title:
      'The same message delivered again after the consumer had acknowledged it: the broker that took the acknowledgement went down (stopped or crashed) before the acknowledgement reached the broker that took over, or the consumer’s connection was reset before the broker had read it. At-least-once, as Artemis promises; processed once.',
  },
  { key: 'resent', label: 'Resent', title: 'Sends repeated after a failover because the broker never confirmed them.' },
  { key: 'unconfirmed', label: 'Unconfirmed', title: 'Put on the wire and not (yet) accepted: never counted as sent, never as lost.' },
];

/** Lost and duplicated are what HA with duplicate detection exists to prevent. */
const PROBLEMS: ReadonlyArray<keyof TrafficTotals> = ['lost', 'duplicated'];

export function parseRate(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= 1 && n <= TRAFFIC_MAX_RATE ? n : null;
}

function clientWhere(c: TrafficClientState, stopped: boolean): string {
  if (stopped) return c.broker ? `stopped (last on ${c.broker})` : 'stopped';
  if (c.connected) return `on ${c.broker ?? 'a broker'}, connected`;
  return c.broker ? `reconnecting… (was on ${c.broker})` : 'reconnecting…';
}

function stateText(t: TrafficSnapshot): string {
  if (t.state === 'running') return `running at ${t.rate} msg/s since ${formatClock(t.startedAt)}`;
  if (t.state === 'draining') return 'stopping: the producer has stopped, the consumer takes what is left';
  return `stopped at ${formatClock(t.stoppedAt)}: the final account`;
}

function Counters({ totals }: { totals: TrafficTotals }) {
  return (
    <dl className="traffic-counters">
      {COUNTERS.map(({ key, label, title }) => {
        const value = totals[key];
        const bad = PROBLEMS.includes(key) && value != null && value > 0;
        return (
          <div key={key} className={`counter ${bad ? 'counter-bad' : ''}`} data-counter={key} data-problem={bad} title={title}>
            <dt>{label}</dt>
            <dd>
              {value ?? '—'}
              {bad ? <span className="counter-flag"> problem</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function Problems({ totals, evidence }: { totals: TrafficTotals; evidence: TrafficEvidence }) {
  const lines: string[] = [];
  if (totals.lost) lines.push(`${totals.lost} message${totals.lost === 1 ? ' was' : 's were'} accepted by a broker and never received: lost.`);
  if (totals.duplicated) {
    const first = evidence.duplicated[0];
    lines.push(
      `${totals.duplicated} message${totals.duplicated === 1 ? '' : 's'} arrived twice, from two sends: duplicated, a resend the broker kept as a second copy.${first ? ` For example, ${describeDuplicate(first, formatClock)}.` : ''}`,
    );
  }
  if (!lines.length) return null;
  return (
    <div className="traffic-problem" role="alert">
      <strong>Problem: </strong>
      {lines.join(' ')}
    </div>
  );
}

/** Not a problem: the at-least-once promise kept, said so in words so nobody reads it as one. */
function AfterAck({ totals, evidence }: { totals: TrafficTotals; evidence: TrafficEvidence }) {
  const n = totals.redeliveredAfterAck;
  if (!n) return null;
  const list = evidence.redeliveredAfterAck;
  const first = list[0];
  // Broker names only when every kept example says the same pair (a failover and a failback differ).
  const one = !!first?.first && list.every((r) => r.first?.broker === first.first!.broker && r.again.broker === first.again.broker);
  const them = n === 1 ? 'it' : 'them';
  const what = one
    ? `the consumer had acknowledged ${them} on the ${first!.first!.broker}, which went down before the acknowledgement reached the ${first!.again.broker}, so the ${first!.again.broker} delivered ${them} again`
    : `the consumer had acknowledged ${them} on a broker that went down before the acknowledgement reached the broker that took over, which delivered ${them} again`;
  return (
    <p className="traffic-note" data-testid="redelivered-after-ack">
      <strong>{n} redelivered after ack</strong>
      {` — ${what}. Artemis promises at-least-once: nothing lost, nothing copied, and the consumer processed each message once.`}
      {first ? <span className="muted small"> For example, {describeRedeliveredAfterAck(first, formatClock)}.</span> : null}
    </p>
  );
}

function Outages({ traffic }: { traffic: TrafficSnapshot }) {
  if (!traffic.gaps.length) return <p className="muted small">No client outage yet. Stop or crash the live broker and watch both clients move.</p>;
  return (
    <table className="traffic-gaps">
      <caption className="sr-only">Client outages, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Client</th>
          <th scope="col">From → to broker</th>
          <th scope="col">Last before</th>
          <th scope="col">First after</th>
          <th scope="col">Outage</th>
        </tr>
      </thead>
      <tbody>
        {traffic.gaps.map((g, i) => (
          <tr key={i} data-gap={g.side} data-open={g.to === null}>
            <td>{g.side}</td>
            <td>
              {g.fromBroker ?? '?'} → {g.toBroker ?? '…'}
            </td>
            <td className="mono">{formatClock(g.from)}</td>
            <td className="mono">{g.to ? formatClock(g.to) : 'still out'}</td>
            <td className="mono" data-testid="gap-ms">
              {g.ms != null ? `${g.ms} ms` : 'ongoing'}
              {g.ms != null && g.ms >= 1000 ? <span className="muted"> ({formatDuration(g.ms)})</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function chartSummary(t: TrafficSnapshot): string {
  const done = t.gaps.filter((g) => g.ms != null);
  return `Messages per second over the last ${t.series.length} s; ${t.gaps.length} client outage${t.gaps.length === 1 ? '' : 's'}${
    done.length ? `, longest ${formatDuration(Math.max(...done.map((g) => g.ms!)))}` : ''
  }. The table below has them in words.`;
}

export function TrafficPanel() {
  const traffic = useLab((s) => s.snapshot?.traffic ?? null);
  const events = useLab((s) => s.snapshot?.events ?? NO_EVENTS);
  const config = useLab((s) => s.snapshot?.config ?? null);
  const lab = useLabDefinition();
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['traffic.start'] || !!s.busy['traffic.stop']);
  const [rateText, setRateText] = useState(String(TRAFFIC_DEFAULT_RATE));
  const rate = parseRate(rateText);
  const running = traffic?.state === 'running' || traffic?.state === 'draining';
  const order = useLab((s) => s.snapshot?.brokers.map((n) => n.name).join(',') ?? '');
  const chart = useMemo(() => (traffic ? shapeTrafficChart(traffic, events, order.split(',')) : null), [traffic, events, order]);
  const commands = trafficCommands(config, traffic?.state === 'running' ? traffic.rate : (rate ?? TRAFFIC_DEFAULT_RATE), lab);
  const rateId = 'traffic-rate';

  return (
    <div className="traffic" data-traffic={traffic?.state ?? 'none'}>
      <div className="toolbar">
        <label htmlFor={rateId}>
          Rate{' '}
          <input
            id={rateId}
            className="rate"
            type="number"
            inputMode="numeric"
            min={1}
            max={TRAFFIC_MAX_RATE}
            value={running && traffic ? String(traffic.rate) : rateText}
            disabled={running}
            aria-invalid={rate === null}
            aria-describedby={rate === null ? `${rateId}-error` : undefined}
            onChange={(e) => setRateText(e.target.value)}
          />{' '}
          msg/s
        </label>
        <button type="button" className="primary small" disabled={busy || running || rate === null} onClick={() => void call('traffic.start', { rate: rate ?? TRAFFIC_DEFAULT_RATE })}>
          Start traffic
        </button>
        <button type="button" className="ghost small" disabled={busy || traffic?.state !== 'running'} onClick={() => void call('traffic.stop', {})}>
          Stop traffic
        </button>
        {traffic ? (
          <span className="muted small" data-testid="traffic-state">
            {stateText(traffic)}
            <span className="mono"> · {traffic.runId}</span>
          </span>
        ) : null}
      </div>
      {rate === null ? (
        <p className="field-error" id={`${rateId}-error`}>
          The rate is a whole number of messages per second from 1 to {TRAFFIC_MAX_RATE}; {TRAFFIC_DEFAULT_RATE} suits a laptop.
        </p>
      ) : null}

      {!traffic ? (
        <div className="traffic-why">
          <p>
            The ten messages of the workshop show that <em>stored</em> messages survive a failover. An application does not stop while the broker changes: live traffic keeps a
            producer and a consumer running on <span className="mono">{TRAFFIC_QUEUE}</span> so you can watch what happens to it.
          </p>
          <ul>
            <li>
              <strong>Reconnect.</strong> Each client loses its connection when the live broker goes, finds the other one, and carries on: the outage it sees is shaded on
              the chart.
            </li>
            <li>
              <strong>Duplicate detection.</strong> A send the broker never confirmed is sent again with the same duplicate id, so the broker drops a copy it already has.
            </li>
            <li>
              <strong>At least once.</strong> A message whose acknowledgement was lost comes again (redelivered): nothing is lost, and the consumer must bear seeing a message
              twice — even one it had acknowledged, when the broker goes down before the acknowledgement reaches its backup (redelivered after ack).
            </li>
          </ul>
          <p className="muted small">Start traffic once the lab's brokers run, then stop the live broker (failover) and start it again (failback).</p>
        </div>
      ) : (
        <>
          <Counters totals={traffic.totals} />
          <Problems totals={traffic.totals} evidence={traffic.evidence} />
          <AfterAck totals={traffic.totals} evidence={traffic.evidence} />
          {traffic.lastError ? <p className="card-error">{traffic.lastError}</p> : null}
          <p className="traffic-clients">
            <span data-client="producer">
              <strong>Producer</strong> {clientWhere(traffic.producer, traffic.state === 'stopped')}
            </span>
            <span data-client="consumer">
              <strong>Consumer</strong> {clientWhere(traffic.consumer, traffic.state === 'stopped')}
            </span>
          </p>
          {chart ? <TrafficChart data={chart} summary={chartSummary(traffic)} /> : null}
          <h3 className="small-title">Client outages</h3>
          <Outages traffic={traffic} />
        </>
      )}

      <h3 className="small-title">Run the same by hand</h3>
      <p className="muted small">
        In two terminals, {commands.count} messages (about five minutes at this rate). The core <span className="mono">artemis producer</span> stops at a failover (AMQ219016);
        the AMQP one resends and carries on, and the consumer waits through the outage.
      </p>
      <CopyCommand command={commands.producer} label="Producer command" />
      <CopyCommand command={commands.consumer} label="Consumer command" />
    </div>
  );
}
