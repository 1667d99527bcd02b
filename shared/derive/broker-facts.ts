// What the lab observes of one broker, as plain data: its run file and the OS's verdict on it,
// a Jolokia reading, the role its log reports. The Node side gathers these (electron/lab/watching);
// everything judged from them (shared/derive) is pure, so any face can derive the same snapshot.
import type { ClusterStats, BrokerName, QueueStats } from '../lab-state.js';

/** `<labDir>/run/<broker>.json`: which JVM runs the broker and what the lab last asked of it. */
export interface RunFile {
  broker: BrokerName;
  pid: number;
  instanceDir: string;
  startedAt: string;
  /** Set when the lab issued `artemis stop`; the broker exiting is then expected. */
  stopRequestedAt: string | null;
  /** Set when the lab killed it on purpose (`stop --crash`). */
  crashRequestedAt: string | null;
  /** Set once the lab saw the process gone. */
  exitedAt: string | null;
}

export type RunVerdict =
  /** Alive and it is this instance's JVM: adopt it. */
  | { kind: 'running'; pid: number }
  /** No run file, or the lab stopped it cleanly. */
  | { kind: 'stopped' }
  /** The recorded process is gone without a clean stop: killed on purpose or died. */
  | { kind: 'exited'; pid: number; crashRequested: boolean; stopRequested: boolean }
  /** The pid is alive but is some other program now (pid reuse after a reboot). */
  | { kind: 'stale'; pid: number };

export type JolokiaResult =
  | {
      reachable: true;
      /** When the request was sent: a reading reflects the broker no earlier than this. */
      requestedAt: number;
      brokerName: string;
      backup: boolean | null;
      active: boolean | null;
      replicaSync: boolean | null;
      haPolicy: string | null;
      nodeId: string | null;
      started: boolean | null;
      version: string | null;
      /** null: no such queue MBean here (a passive backup registers none). */
      haQueueCount: number | null;
      /** haQueue's counters; null when the queue is not here. */
      haQueue: QueueStats | null;
      /** null: no cluster-connection MBean (a broker that stands alone, or a passive backup). */
      cluster: ClusterStats | null;
    }
  | { reachable: false; requestedAt: number; reason: string };

/**
 * Whether a Jolokia reading says the broker serves clients. `Active` exists from 2.15; before
 * that, a started broker that is not a backup is live.
 */
export function isLive(result: JolokiaResult): boolean | null {
  if (!result.reachable) return null;
  if (result.active !== null) return result.active;
  if (result.backup !== null && result.started !== null) return result.started && !result.backup;
  return null;
}

/**
 * What a log line says about the broker's role in the current JVM. `boot` starts a new JVM (every
 * earlier line is history), `active` means serving clients, `passive` means a backup waiting,
 * `down` means the server inside the JVM stopped (it may restart as a backup on failback).
 */
export type RoleSignal = 'boot' | 'active' | 'passive' | 'synchronized' | 'sync-failed' | 'sync-gave-up' | 'down';
