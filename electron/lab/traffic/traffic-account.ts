// The lab's account of live traffic, kept apart from the clients so it can be tested without a
// broker: which sequence numbers a broker accepted, which arrived (and how often), the messages
// per second per broker, and each client-side outage (last message before the break to the first
// after it).
import type { TrafficGap, TrafficSecond, TrafficTotals } from '../../../shared/traffic-state.js';
import { TRAFFIC_SERIES_SECONDS } from '../../../shared/traffic-state.js';

export type Side = TrafficGap['side'];

export class TrafficAccount {
  private readonly accepted = new Set<number>();
  private readonly received = new Set<number>();
  private duplicated = 0;
  private redelivered = 0;
  private resent = 0;
  private readonly seconds = new Map<number, TrafficSecond>();
  readonly gaps: TrafficGap[] = [];
  private readonly last: Record<Side, { at: number; node: string | null } | null> = { producer: null, consumer: null };
  private readonly open: Record<Side, TrafficGap | null> = { producer: null, consumer: null };
  readonly duplicatedSeqs: number[] = [];
  /** Where and when each of the first duplicates arrived, first and again (for the instructor). */
  readonly duplicates: { seq: number; first: string; again: string }[] = [];
  private readonly firstSeen = new Map<number, string>();
  /** Sent more than once: only these can exist twice in a queue. */
  private readonly resentSeqs = new Set<number>();
  /** Received but never acknowledged (the connection broke first): the broker must deliver them again. */
  private readonly unacked = new Set<number>();

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
    const gap: TrafficGap = { side, from: new Date(last?.at ?? this.now()).toISOString(), to: null, ms: null, fromNode: last?.node ?? null, toNode: null };
    this.open[side] = gap;
    this.gaps.push(gap);
  }

  private progressed(side: Side, node: string, at: number): void {
    this.last[side] = { at, node };
    const gap = this.open[side];
    if (!gap) return;
    gap.to = new Date(at).toISOString();
    gap.ms = Math.max(0, at - Date.parse(gap.from));
    gap.toNode = node;
    this.open[side] = null;
  }

  /** A broker accepted `seq` (its first acceptance counts; a resend's later one does not). */
  accept(seq: number, node: string): void {
    const at = this.now();
    if (this.accepted.has(seq)) return;
    this.accepted.add(seq);
    const b = this.bucket(at);
    b.sent[node] = (b.sent[node] ?? 0) + 1;
    this.progressed('producer', node, at);
  }

  resend(seq: number): void {
    this.resent += 1;
    this.resentSeqs.add(seq);
  }

  /** The consumer's connection broke before it acknowledged `seq`. */
  notAcknowledged(seq: number): void {
    this.unacked.add(seq);
  }

  /**
   * A delivery of `seq`. Returns whether to process it: a second arrival is never processed again.
   * It is a redelivery of the same message when the broker says so (delivery count above 0), when
   * this consumer never acknowledged it, or when it was sent only once (a second copy needs a
   * second send: measured on 2.44.0, a graceful stop hands unacknowledged messages back with their
   * count reset, and a crash can lose the count's last update). Otherwise it is a second copy,
   * what duplicate detection must prevent.
   */
  deliver(seq: number, deliveryCount: number, node: string): boolean {
    const at = this.now();
    this.progressed('consumer', node, at);
    if (this.received.has(seq)) {
      const sameMessage = deliveryCount > 0 || this.unacked.delete(seq) || !this.resentSeqs.has(seq);
      if (sameMessage) this.redelivered += 1;
      else {
        this.duplicated += 1;
        if (this.duplicatedSeqs.length < 20) {
          this.duplicatedSeqs.push(seq);
          this.duplicates.push({ seq, first: this.firstSeen.get(seq) ?? '?', again: `${node} ${new Date(at).toISOString()}` });
        }
      }
      return false;
    }
    this.received.add(seq);
    this.firstSeen.set(seq, `${node} ${new Date(at).toISOString()}`);
    if (this.firstSeen.size > 5000) this.firstSeen.delete(this.firstSeen.keys().next().value!);
    const b = this.bucket(at);
    b.received[node] = (b.received[node] ?? 0) + 1;
    return true;
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
