// What `soak` reports: traffic through N failover/failback cycles, each cycle's outages and
// repeats, and whether nothing was lost or duplicated.
import type { TrafficEvidence, TrafficTotals } from './traffic-state.js';

export interface SoakCycle {
  cycle: number;
  kind: 'graceful-failover' | 'crash-failover' | 'failback';
  /** The broker stopped (failover) or restarted (failback). */
  broker: string;
  producerOutageMs: number | null;
  consumerOutageMs: number | null;
  /** The lab's own stopwatch: trigger to the new live broker seen (no client involved). */
  brokerMs: number | null;
  /** Trigger to the new live broker's own "now active" log line (AMQ221007), by its clock. */
  brokerLogMs: number | null;
  /** During this failover or failback. */
  duplicated: number;
  redelivered: number;
  redeliveredAfterAck: number;
  resent: number;
}

export interface SoakReport extends TrafficTotals {
  rate: number;
  /** The first repeats of each kind, with where, when and from which send attempt (for a look in the broker's logs). */
  evidence: TrafficEvidence;
  cycles: SoakCycle[];
  ok: boolean;
}

/** How each cycle stops the live broker: in turn (graceful first), or always the same way. */
export type SoakStops = 'alternate' | 'graceful' | 'crash';
export const SOAK_STOPS: readonly SoakStops[] = ['alternate', 'graceful', 'crash'];
