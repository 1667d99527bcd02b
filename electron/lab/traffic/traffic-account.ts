// The lab's account of live traffic, kept apart from the clients so it can be tested without a
// broker: which sequence numbers a broker accepted, which arrived (and how often, and as what),
// the messages per second per broker, and each client-side outage (last message before the break
// to the first after it).
//
// A second arrival is told apart by evidence, not by guessing: every send attempt carries its
// number (the duplicate id stays the same, so the broker can still drop a resend). The same
// attempt again is the same stored message delivered again; another attempt is a second stored
// copy, which duplicate detection exists to prevent.
import type { TrafficArrival, TrafficEvidence, TrafficGap, TrafficRepeat, TrafficSecond, TrafficTotals } from '../../../shared/traffic-state.js';
import { TRAFFIC_SERIES_SECONDS } from '../../../shared/traffic-state.js';

export type Side = TrafficGap['side'];

/** How many repeats of each kind keep their evidence. */
const EVIDENCE_KEPT = 20;
/** Arrivals remembered in detail for the evidence (the classification itself forgets nothing). */
const ARRIVALS_KEPT = 50_000;

interface Arrival {
  broker: string;
  at: number;
  attempt: number;
  deliveryCount: number;
  acknowledgedAt: number | null;
}

export class TrafficAccount {
  private readonly accepted = new Set<number>();
  private readonly received = new Set<number>();
  private duplicated = 0;
  private redelivered = 0;
  private redeliveredAfterAck = 0;
  private resent = 0;
  private readonly seconds = new Map<number, TrafficSecond>();
  readonly gaps: TrafficGap[] = [];
  private readonly last: Record<Side, { at: number; broker: string | null } | null> = { producer: null, consumer: null };
  private readonly open: Record<Side, TrafficGap | null> = { producer: null, consumer: null };
  readonly evidence: TrafficEvidence = { duplicated: [], redeliveredAfterAck: [] };
  /** The first arrival of each recent sequence, and when it was acknowledged. */
  private readonly firstArrival = new Map<number, Arrival>();
  /**
   * The send attempts whose stored copy has arrived, for sequences where that is not just the
   * first attempt (nearly all are): an arrival from an attempt not in here is a second copy.
   */
  private readonly attemptsArrived = new Map<number, number[]>();
  /** Sends per sequence, for those sent more than once. */
  private readonly sends = new Map<number, number>();
  /** Arrivals (`seq/attempt`) not acknowledged yet: the broker must deliver them again. */
  private readonly unacknowledged = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  private bucket(at: number): TrafficSecond {
    const second = Math.floor(at / 1000);
    let entry = this.seconds.get(second);
    if (!entry) {
      entry = { at: new Date(second * 1000).toISOString(), sent: {}, received: {} };
      this.seconds.set(second, entry);
      for (const old of this.seconds.keys()) {
        if (old > second - TRAFFIC_SERIES_SECONDS) break;
        this.seconds.delete(old);
      }
    }
    return entry;
  }

  /** A client's connection broke: an outage opens from its last message (or now, if none yet). */
  disconnected(side: Side): void {
    if (this.open[side]) return;
    const last = this.last[side];
    const gap: TrafficGap = { side, from: new Date(last?.at ?? this.now()).toISOString(), to: null, ms: null, fromBroker: last?.broker ?? null, toBroker: null };
    this.open[side] = gap;
    this.gaps.push(gap);
  }

  private progressed(side: Side, broker: string, at: number): void {
    this.last[side] = { at, broker };
    const gap = this.open[side];
    if (!gap) return;
    gap.to = new Date(at).toISOString();
    gap.ms = Math.max(0, at - Date.parse(gap.from));
    gap.toBroker = broker;
    this.open[side] = null;
  }

  /** A broker accepted `seq` (its first acceptance counts; a resend's later one does not). */
  accept(seq: number, broker: string): void {
    const at = this.now();
    if (this.accepted.has(seq)) return;
    this.accepted.add(seq);
    const b = this.bucket(at);
    b.sent[broker] = (b.sent[broker] ?? 0) + 1;
    this.progressed('producer', broker, at);
  }

  /** The producer put `seq` on the wire again (its send attempt `sends`). */
  resend(seq: number): void {
    this.resent += 1;
    this.sends.set(seq, (this.sends.get(seq) ?? 1) + 1);
  }

  /** The consumer acknowledged this arrival (sent its acknowledgement to the broker). */
  acknowledged(seq: number, attempt: number): void {
    if (!this.unacknowledged.delete(`${seq}/${attempt}`)) return;
    const first = this.firstArrival.get(seq);
    if (first && first.attempt === attempt && first.acknowledgedAt === null) first.acknowledgedAt = this.now();
  }

  private arrivalsOf(seq: number): number[] {
    return this.attemptsArrived.get(seq) ?? [1];
  }

  /**
   * A delivery of `seq` from send attempt `attempt`. Returns whether to process it: a second
   * arrival is never processed again. Another attempt than any arrived before is a second stored
   * copy (duplicated); the same attempt is the same message again — redelivered while this
   * consumer had not acknowledged it, redelivered after ack once it had (the broker that took
   * the acknowledgement went down before it reached the next one: measured on 2.44.0 after
   * graceful stops as well as kill -9). The delivery count is kept as evidence only: such a
   * message came again with a count of 1 or of 0, after either kind of stop.
   */
  deliver(seq: number, attempt: number, deliveryCount: number, broker: string): boolean {
    const at = this.now();
    this.progressed('consumer', broker, at);
    const key = `${seq}/${attempt}`;
    if (this.received.has(seq)) {
      const arrived = this.arrivalsOf(seq);
      const again: TrafficArrival = { broker, at: new Date(at).toISOString(), attempt, deliveryCount };
      if (!arrived.includes(attempt)) {
        this.duplicated += 1;
        this.attemptsArrived.set(seq, [...arrived, attempt]);
        this.remember('duplicated', seq, again);
      } else if (this.unacknowledged.has(key)) {
        this.redelivered += 1;
      } else {
        this.redeliveredAfterAck += 1;
        this.remember('redeliveredAfterAck', seq, again);
      }
      this.unacknowledged.add(key);
      return false;
    }
    this.received.add(seq);
    if (attempt !== 1) this.attemptsArrived.set(seq, [attempt]);
    this.unacknowledged.add(key);
    this.firstArrival.set(seq, { broker, at, attempt, deliveryCount, acknowledgedAt: null });
    if (this.firstArrival.size > ARRIVALS_KEPT) this.firstArrival.delete(this.firstArrival.keys().next().value!);
    const b = this.bucket(at);
    b.received[broker] = (b.received[broker] ?? 0) + 1;
    return true;
  }

  private remember(kind: keyof TrafficEvidence, seq: number, again: TrafficArrival): void {
    const list: TrafficRepeat[] = this.evidence[kind];
    if (list.length >= EVIDENCE_KEPT) return;
    const f = this.firstArrival.get(seq);
    list.push({
      seq,
      first: f ? { broker: f.broker, at: new Date(f.at).toISOString(), attempt: f.attempt, deliveryCount: f.deliveryCount } : null,
      acknowledgedAt: f?.acknowledgedAt != null ? new Date(f.acknowledgedAt).toISOString() : null,
      again,
      sends: this.sends.get(seq) ?? 1,
    });
  }

  /** Every accepted message has arrived. */
  caughtUp(): boolean {
    if (this.received.size < this.accepted.size) return false;
    for (const seq of this.accepted) if (!this.received.has(seq)) return false;
    return true;
  }

  missing(limit = 20): number[] {
    const out: number[] = [];
    for (const seq of this.accepted) {
      if (!this.received.has(seq)) out.push(seq);
      if (out.length >= limit) break;
    }
    return out.sort((a, b) => a - b);
  }

  totals(drained: boolean, unconfirmed: number): TrafficTotals {
    let lost: number | null = null;
    if (drained) {
      lost = 0;
      for (const seq of this.accepted) if (!this.received.has(seq)) lost += 1;
    }
    return {
      sent: this.accepted.size,
      received: this.received.size,
      lost,
      duplicated: this.duplicated,
      redelivered: this.redelivered,
      redeliveredAfterAck: this.redeliveredAfterAck,
      resent: this.resent,
      unconfirmed,
    };
  }

  /** Every second from the first message to now, the quiet ones too: an outage reads as zero, not as the last rate held. */
  series(): TrafficSecond[] {
    const first = this.seconds.keys().next().value;
    if (first === undefined) return [];
    const out: TrafficSecond[] = [];
    const last = Math.max(Math.floor(this.now() / 1000), first);
    for (let second = Math.max(first, last - TRAFFIC_SERIES_SECONDS + 1); second <= last; second++) {
      const s = this.seconds.get(second);
      out.push(s ? { at: s.at, sent: { ...s.sent }, received: { ...s.received } } : { at: new Date(second * 1000).toISOString(), sent: {}, received: {} });
    }
    return out;
  }
}
