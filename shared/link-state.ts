// The wire between brokers as plain data: each link is a loopback relay from one broker to
// another's acceptor, which the lab can cut, heal and slow down. What the lab wants of each link
// (run/links.json) and what the relay process reports (run/links-status.json).

/** One link, A→B: connections A opens to 127.0.0.1:listenPort are relayed to B's 127.0.0.1:targetPort. */
export interface LinkSpec {
  /** Broker id of the side that connects (its connector points at listenPort). */
  from: string;
  /** Broker id of the side that is connected to (its acceptor is targetPort). */
  to: string;
  /** 0 = any free port (tests); the status then says which one. */
  listenPort: number;
  targetPort: number;
}

/** What the lab wants of a link. */
export interface LinkWish {
  cut: boolean;
  /** Added to each chunk in each direction; 0 = none. */
  latencyMs: number;
}

export type LinkDesire = LinkSpec & LinkWish;

/** run/links.json: the links and what is wanted of them; every change bumps the revision. */
export interface LinksFile {
  revision: number;
  updatedAt: string;
  links: LinkDesire[];
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

export type LinkStatus = Pick<LinkSpec, 'from' | 'to'> & RelayStatus;

/** run/links-status.json, written by the relay process a few times a second. */
export interface LinksStatusFile {
  pid: number;
  state: 'running' | 'stopped';
  startedAt: string;
  updatedAt: string;
  /** The revision of run/links.json it has applied. */
  appliedRevision: number;
  links: LinkStatus[];
  lastError: string | null;
}

/** The latency a link may be given, in ms. */
export const LINK_MAX_LATENCY_MS = 60_000;

/** `link status --json`: each declared link with what is wanted of it and what its relay does. */
export interface LinksReport {
  /** run/links.json's revision, and the one the process has applied (equal once it caught up). */
  revision: number;
  process: Omit<LinksStatusFile, 'links'> | null;
  links: Array<LinkSpec & { wanted: LinkWish; relay: Omit<RelayStatus, 'targetPort'> | null }>;
}
