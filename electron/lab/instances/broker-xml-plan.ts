// What setup (and a mid-story `configure`) asks of a broker's broker.xml, shared by the files
// that each edit one part of it, so none of them has to import the one that puts them together.
import type { HaDialect } from '../../../shared/lab-state.js';
import type { BrokerRole, BrokerSettings, HaKind } from '../../../shared/labs/lab-definition.js';

export interface HaTuning {
  /** cluster-connection check-period: how often the link to the peer is pinged. */
  checkPeriodMs: number;
  /** cluster-connection connection-ttl: silence after which the peer counts as gone. */
  connectionTtlMs: number;
  /** cluster-connection retry-interval: pause between reconnect attempts. */
  retryIntervalMs: number;
}

/** Lab values: a crashed master is noticed in seconds, not the template's 30 s+ (benchmarked). */
// 10 s, not 5: measured, a failback re-synchronizing a journal on a busy 2-core laptop (browser,
// two brokers, live traffic) missed a 5 s TTL, the replica voted itself live and the live shut down.
export const LAB_HA_TUNING: HaTuning = { checkPeriodMs: 2000, connectionTtlMs: 10_000, retryIntervalMs: 500 };

export interface BrokerXmlPlan {
  role: BrokerRole;
  ha: HaKind;
  settings?: BrokerSettings;
  dialect: HaDialect;
  host: string;
  selfPort: number;
  /** Its own acceptor for the cluster connection and replication; null: they share selfPort (labs made before). */
  clusterPort?: number | null;
  /** The brokers its cluster-connection reaches; connector names are their instance names, which read well in the console. */
  peers: { name: string; port: number; throughWire?: boolean }[];
  haTuning: HaTuning | null;
  /** A wired broker announces its relay port to the cluster, so peers (and replication) reach it through the wire. */
  announcePort?: number | null;
  /** Where its pinger looks (settings.networkCheck), from the lab's check target. */
  networkCheckUrl?: string | null;
}

export interface XmlEditResult {
  xml: string;
  /** Human lines saying what changed and why; empty when nothing changed. */
  changes: string[];
}
