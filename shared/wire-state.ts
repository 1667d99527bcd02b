// The wire between brokers as plain data: each wire is a loopback relay from one broker to
// another's acceptor, which the lab can cut, heal and slow down. What the lab wants of each wire
// (run/links.json) and what the relay process reports (run/links-status.json).

/** One wire, A→B: connections A opens to 127.0.0.1:listenPort are relayed to B's 127.0.0.1:targetPort. */
export interface WireSpec {
  /** Broker id of the side that connects (its connector points at listenPort). */
  from: string;
  /** Broker id of the side that is connected to (its acceptor is targetPort). */
  to: string;
  /** 0 = any free port (tests); the status then says which one. */
  listenPort: number;
  targetPort: number;
}

/** What the lab wants of a wire. */
export interface WireWish {
  cut: boolean;
  /** Added to each chunk in each direction; 0 = none. */
  latencyMs: number;
}

export type WireDesire = WireSpec & WireWish;

/**
 * The pinger's target: an HTTP endpoint per broker (GET /<broker id>) that the relay process
 * answers 200, or 503 for a broker the lab says lost its network. A broker's
 * network-check-URL-list points at its own path, so "this broker is cut off" is staged without root.
 */
export interface CheckTargetDesire {
  /** 0 = any free port (tests); the status then says which one. */
  port: number;
  /** Broker ids whose check fails now. */
  unreachable: string[];
}

/** run/links.json: the wires and what is wanted of them; every change bumps the revision. */
export interface WiresFile {
  revision: number;
  updatedAt: string;
  wires: WireDesire[];
  checkTarget?: CheckTargetDesire | null;
}

/**
 * open: listening and relaying; cut: every connection dropped and the port closed (new ones are
 * refused); failed: wanted open but could not listen (lastError says why); closed: not relaying.
 */
export type RelayState = 'open' | 'cut' | 'failed' | 'closed';

export interface RelayStatus {
  state: RelayState;
  /** The port it listens on (the real one when 0 was asked). */
  listenPort: number;
  targetPort: number;
  /** Connection pairs open now. */
  connections: number;
  /** Connections accepted since the relay started. */
  accepted: number;
  /** Bytes delivered to the target side, and back from it, since the relay started. */
  bytesToTarget: number;
  bytesFromTarget: number;
  latencyMs: number;
  /** How many times it was cut while open. */
  cuts: number;
  lastError: string | null;
}

export type WireStatus = Pick<WireSpec, 'from' | 'to'> & RelayStatus;

/** run/links-status.json, written by the relay process a few times a second. */
export interface WiresStatusFile {
  pid: number;
  state: 'running' | 'stopped';
  startedAt: string;
  updatedAt: string;
  /** The revision of run/links.json it has applied. */
  appliedRevision: number;
  wires: WireStatus[];
  /** The check target as served: its real port and who is answered 503; null when none is declared. */
  checkTarget?: (CheckTargetDesire & { state: 'open' | 'failed'; requests: number; lastError: string | null }) | null;
  lastError: string | null;
}

/** The latency a wire may be given, in ms. */
export const WIRE_MAX_LATENCY_MS = 60_000;

/** `wire status --json`: each declared wire with what is wanted of it and what its relay does. */
export interface WiresReport {
  /** run/links.json's revision, and the one the process has applied (equal once it caught up). */
  revision: number;
  process: Omit<WiresStatusFile, 'wires' | 'checkTarget'> | null;
  wires: Array<WireSpec & { wanted: WireWish; relay: Omit<RelayStatus, 'targetPort'> | null }>;
  /** The pinger's target: wanted (who is cut off) and served (null when no process serves it). */
  checkTarget: { wanted: CheckTargetDesire; served: WiresStatusFile['checkTarget'] } | null;
}

/** One line of the topology between two brokers, as the snapshot shows it (both directions as one). */
export interface WireView {
  a: string;
  b: string;
  /** What the lab wants of it. */
  cut: boolean;
  latencyMs: number;
  /**
   * What the relay does now: open (relaying), cut (refusing), failed (could not listen), or
   * not-relayed (no relay process: brokers wired through it cannot reach each other).
   */
  state: RelayState | 'not-relayed';
  /** Connections open through it now, both directions. */
  connections: number;
  lastError: string | null;
}

/** The lab's wire in the snapshot; null for labs whose brokers talk directly. */
export interface WireSnapshot {
  wires: WireView[];
  /** Brokers whose check target answers 503: the lab staged "this broker lost its network". */
  unreachable: string[];
  /** Whether a relay process runs for the lab. */
  relayRunning: boolean;
}
