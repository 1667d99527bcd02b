// The broker.xml choices a lab makes per broker beyond its HA kind, and may change mid-story
// (e.g. ON_DEMAND -> STRICT): in the topology as the start, in lab.json as what is set now.

export type LoadBalancing = 'ON_DEMAND' | 'STRICT' | 'OFF' | 'OFF_WITH_REDISTRIBUTION';

export interface BrokerSettings {
  /** Backup: hand over when the primary comes back (default true). */
  allowFailback?: boolean;
  /** Primary: ask for an active backup before going live (replication only; default true). */
  checkForLive?: boolean;
  /** Shared store: a graceful stop of the live lets the backup take over (default false, as Artemis). */
  failoverOnShutdown?: boolean;
  /** cluster-connection message-load-balancing (default ON_DEMAND). */
  loadBalancing?: LoadBalancing;
  /** address-settings redistribution-delay in ms for the lab's queue; absent keeps Artemis's -1 (never). */
  redistributionDelayMs?: number;
  /** Replicating primary: on losing its backup, ask a quorum whether to stay live; absent keeps what `create` wrote. */
  voteOnReplicationFailure?: boolean;
  /** Replicating backup: journals kept as oldreplica.N when it copies its live again (default 0: none, no pile-up). */
  savedReplicatedJournals?: number;
  /** The pinger: network-check-URL-list at the lab's check target for this broker (on), or no pinger (off). */
  networkCheck?: boolean;
}
