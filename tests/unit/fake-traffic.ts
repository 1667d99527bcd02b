// Live traffic as the fake lab plays it: clients that follow the live broker, one series second
// per tick (on demand, or on a timer for a dev view), and an outage of fixed length whenever the
// broker they are on goes away. Deterministic: times advance from startedAt by whole seconds, so a
// test can tell exactly which second shows what.
import type { TrafficGap, TrafficSecond, TrafficSnapshot } from '../../shared/traffic-state.js';
import { TRAFFIC_QUEUE, TRAFFIC_SERIES_SECONDS } from '../../shared/traffic-state.js';

/** How long each client is out after its broker goes (the producer notices first). */
export const FAKE_OUTAGE_MS = { producer: 1800, consumer: 2300 } as const;

const iso = (ms: number) => new Date(ms).toISOString();

export function startTraffic(rate: number, broker: string, now = Date.now()): TrafficSnapshot {
  const at = Math.floor(now / 1000) * 1000;
  return {
    runId: `traffic-${at.toString(36)}`,
    queue: TRAFFIC_QUEUE,
    rate,
    state: 'running',
    pid: 5151,
    startedAt: iso(at),
    stoppedAt: null,
    updatedAt: iso(at),
    producer: { broker, connected: true },
    consumer: { broker, connected: true },
    totals: { sent: 0, received: 0, lost: null, duplicated: 0, redelivered: 0, redeliveredAfterAck: 0, resent: 0, unconfirmed: 0 },
    evidence: { duplicated: [], redeliveredAfterAck: [] },
    gaps: [],
    series: [],
    lastError: null,
  };
}

/** The clock of the traffic: the end of its newest second. */
const clock = (t: TrafficSnapshot) => Date.parse(t.updatedAt);

/**
 * The broker the clients were on went away: both lose their connection now. On a timer the
 * traffic clock runs up to a second ahead of the wall clock; the earlier of the two keeps the
 * outage in line with the lab's failover event in a dev view, and tests (whose clock starts in
 * the past) stay exact.
 */
export function breakTraffic(t: TrafficSnapshot, now = Date.now()): void {
  if (t.state !== 'running') return;
  const at = Math.min(clock(t), now);
  for (const side of ['producer', 'consumer'] as const) {
    const client = t[side];
    if (!client.connected) continue;
    t.gaps.push({ side, from: iso(at), to: null, ms: null, fromBroker: client.broker, toBroker: null });
    client.connected = false;
  }
  // The send in flight was never confirmed: it is resent after the reconnect.
  t.totals.unconfirmed = 1;
}

/** Appends `seconds` seconds of traffic; clients whose outage is over reconnect to `liveBroker`. */
export function advanceTraffic(t: TrafficSnapshot, liveBroker: string | null, seconds = 1): void {
  for (let i = 0; i < seconds && t.state === 'running'; i++) {
    const start = clock(t);
    const end = start + 1000;
    for (const side of ['producer', 'consumer'] as const) {
      const open = t.gaps.findLast((g: TrafficGap) => g.side === side && g.to === null);
      if (!open || !liveBroker) continue;
      const back = Date.parse(open.from) + FAKE_OUTAGE_MS[side];
      if (back > end) continue;
      Object.assign(open, { to: iso(back), ms: FAKE_OUTAGE_MS[side], toBroker: liveBroker });
      t[side] = { broker: liveBroker, connected: true };
      if (side === 'producer' && t.totals.unconfirmed > 0) {
        t.totals.resent += t.totals.unconfirmed;
        t.totals.unconfirmed = 0;
      }
      // The acknowledgement of the last message before the break was lost with the connection.
      if (side === 'consumer') t.totals.redelivered += 1;
    }
    const second: TrafficSecond = { at: iso(start), sent: {}, received: {} };
    if (t.producer.connected && t.producer.broker) second.sent[t.producer.broker] = t.rate;
    if (t.consumer.connected && t.consumer.broker) second.received[t.consumer.broker] = t.rate;
    // A consumer back from an outage first takes what piled up.
    const backlog = t.totals.sent + (second.sent[t.producer.broker ?? ''] ?? 0) - t.totals.received;
    if (t.consumer.connected && t.consumer.broker) second.received[t.consumer.broker] = Math.min(backlog, t.rate * 3);
    t.totals.sent += Object.values(second.sent).reduce((a, b) => a + b, 0);
    t.totals.received += Object.values(second.received).reduce((a, b) => a + b, 0);
    t.series.push(second);
    if (t.series.length > TRAFFIC_SERIES_SECONDS) t.series.shift();
    t.updatedAt = iso(end);
  }
}

/** Stops producing and lets the consumer take what is left: nothing is lost in the fake. */
export function drainTraffic(t: TrafficSnapshot): void {
  t.state = 'stopped';
  t.totals.received = t.totals.sent;
  t.totals.unconfirmed = 0;
  t.totals.lost = 0;
  t.stoppedAt = t.updatedAt;
}
