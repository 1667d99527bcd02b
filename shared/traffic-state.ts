// Live traffic as plain data: a producer and a consumer that ride through failover and failback,
// and the lab's account of every message (sent = accepted by a broker; lost, duplicated,
// redelivered, redelivered after ack, resent) and of each client-side outage. Part of every
// LabSnapshot.

/** Which broker a client is on; the lab's broker names (master, backup, …). */
export type TrafficBroker = string;

export interface TrafficGap {
  side: 'producer' | 'consumer';
  /** The last message accepted (producer) or received (consumer) before the connection broke. */
  from: string;
  /** The first one after it; null while the outage lasts. */
  to: string | null;
  ms: number | null;
  fromBroker: TrafficBroker | null;
  toBroker: TrafficBroker | null;
}

/** One second of traffic, per broker: messages accepted (sent) and received in it. */
export interface TrafficSecond {
  /** The second's start (ISO). */
  at: string;
  sent: Record<TrafficBroker, number>;
  received: Record<TrafficBroker, number>;
}

export interface TrafficTotals {
  /** Accepted by a broker (a send counts once, however often it was resent). */
  sent: number;
  /** Distinct messages received (each run + sequence once). */
  received: number;
  /** Accepted and never received, once traffic has drained; null until then. */
  lost: number | null;
  /**
   * A second stored copy: the same run and sequence arriving from another send attempt than the
   * copy already received (a resend the broker's duplicate detection should have dropped).
   */
  duplicated: number;
  /** The same stored message (same send attempt) delivered again before this consumer acknowledged it. */
  redelivered: number;
  /**
   * The same stored message (same send attempt) delivered again after this consumer had
   * acknowledged it: the broker that took the acknowledgement went down (stopped or crashed)
   * before it reached the broker that took over. At-least-once, as Artemis promises.
   */
  redeliveredAfterAck: number;
  /** Sends repeated after a failover because the broker never confirmed them. */
  resent: number;
  /** Put on the wire and not (yet) accepted: never counted as sent, never as lost. */
  unconfirmed: number;
}

/** One arrival of a message at the consumer. */
export interface TrafficArrival {
  broker: TrafficBroker;
  at: string;
  /** The producer's send attempt this stored copy came from (1 = the first send). */
  attempt: number;
  /** The AMQP delivery-count the broker gave it. */
  deliveryCount: number;
}

/** A message that arrived again, with the evidence that tells a redelivery from a second copy. */
export interface TrafficRepeat {
  seq: number;
  /** Its first arrival; null when it is too old to be remembered. */
  first: TrafficArrival | null;
  /** When the consumer acknowledged that first arrival; null if it never did. */
  acknowledgedAt: string | null;
  again: TrafficArrival;
  /** How many times the producer put it on the wire (1 = sent once). */
  sends: number;
}

/** The first few of each kind of repeat, for whoever asks why a counter moved. */
export interface TrafficEvidence {
  duplicated: TrafficRepeat[];
  redeliveredAfterAck: TrafficRepeat[];
}

export interface TrafficClientState {
  broker: TrafficBroker | null;
  connected: boolean;
}

export interface TrafficSnapshot {
  runId: string;
  queue: string;
  /** Messages per second the producer aims at. */
  rate: number;
  state: 'running' | 'draining' | 'stopped';
  /** The process that runs the clients (traffic outlives the face that started it). */
  pid: number;
  startedAt: string;
  stoppedAt: string | null;
  updatedAt: string;
  producer: TrafficClientState;
  consumer: TrafficClientState;
  totals: TrafficTotals;
  evidence: TrafficEvidence;
  gaps: TrafficGap[];
  /** The last few minutes, one entry per second, oldest first. */
  series: TrafficSecond[];
  lastError: string | null;
}

export const TRAFFIC_QUEUE = 'labTraffic';
export const TRAFFIC_DEFAULT_RATE = 20;
export const TRAFFIC_MAX_RATE = 2000;
export const TRAFFIC_SERIES_SECONDS = 300;
