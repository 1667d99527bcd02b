// Live traffic as plain data: a producer and a consumer that ride through failover and failback,
// and the lab's account of every message (sent = accepted by a broker; lost, duplicated,
// redelivered, resent) and of each client-side outage. Part of every LabSnapshot.

/** Which broker a client is on; the lab's node names (master, backup, …). */
export type TrafficNode = string;

export interface TrafficGap {
  side: 'producer' | 'consumer';
  /** The last message accepted (producer) or received (consumer) before the connection broke. */
  from: string;
  /** The first one after it; null while the outage lasts. */
  to: string | null;
  ms: number | null;
  fromNode: TrafficNode | null;
  toNode: TrafficNode | null;
}

/** One second of traffic, per broker: messages accepted (sent) and received in it. */
export interface TrafficSecond {
  /** The second's start (ISO). */
  at: string;
  sent: Record<TrafficNode, number>;
  received: Record<TrafficNode, number>;
}

export interface TrafficTotals {
  /** Accepted by a broker (a send counts once, however often it was resent). */
  sent: number;
  /** Distinct messages received (each run + sequence once). */
  received: number;
  /** Accepted and never received, once traffic has drained; null until then. */
  lost: number | null;
  /** A second copy: the same run and sequence arriving again as a first delivery. */
  duplicated: number;
  /** The same message delivered again (AMQP delivery-count > 0): its acknowledgement was lost. */
  redelivered: number;
  /** Sends repeated after a failover because the broker never confirmed them. */
  resent: number;
  /** Put on the wire and not (yet) accepted: never counted as sent, never as lost. */
  unconfirmed: number;
}

export interface TrafficClientState {
  node: TrafficNode | null;
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
  gaps: TrafficGap[];
  /** The last few minutes, one entry per second, oldest first. */
  series: TrafficSecond[];
  lastError: string | null;
}

export const TRAFFIC_QUEUE = 'labTraffic';
export const TRAFFIC_DEFAULT_RATE = 20;
export const TRAFFIC_MAX_RATE = 2000;
export const TRAFFIC_SERIES_SECONDS = 300;
