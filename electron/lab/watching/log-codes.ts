// Reading a broker's log: one line into its parts, and the AMQ codes that matter for HA into
// events. Codes are stable from 2.0 to today; their texts changed in 2.32 (live -> active,
// master -> primary), so only codes are matched. Verified against the message tables compiled
// into artemis-server 2.31.2 and 2.44.0 (ActiveMQServerLogger_impl) and against real logs.
import type { HaEventKind } from '../../../shared/lab-state.js';
import type { RoleSignal } from '../../../shared/derive/broker-facts.js';

export interface ParsedLogLine {
  /** ISO time, read as the machine's local time (log4j's `%d` carries no zone). */
  time: string | null;
  /** Milliseconds since the epoch, for lag and ordering; null for continuation lines. */
  epochMs: number | null;
  level: string | null;
  logger: string | null;
  code: string | null;
  text: string;
}

// `2026-11-24 20:35:09,524 INFO  [org.apache.activemq.artemis.core.server] AMQ221000: ...`
// (artemis.log and `artemis run` stdout share this layout: `%d %-5level [%logger] %msg%n`).
const LINE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})[,.](\d{3})\s+([A-Z]+)\s+(?:\[([^\]]*)\]\s+)?(.*)$/;
const CODE = /^(AMQ\d{6})[:\s]/;

export function parseLogLine(raw: string): ParsedLogLine {
  const line = raw.replace(/\r$/, '');
  const m = LINE.exec(line);
  if (!m) return { time: null, epochMs: null, level: null, logger: null, code: null, text: line };
  const [, day, clock, millis, level, logger, message = ''] = m;
  const date = new Date(`${day}T${clock}.${millis}`);
  const epochMs = Number.isNaN(date.getTime()) ? null : date.getTime();
  const code = CODE.exec(message)?.[1] ?? null;
  return {
    time: epochMs === null ? null : new Date(epochMs).toISOString(),
    epochMs,
    level: level ?? null,
    logger: logger ?? null,
    code,
    text: message,
  };
}

/**
 * The HA meaning of a code. Notes from the real 2.31.2 / 2.44.0 message tables:
 * - a replicated backup that takes over logs AMQ221037 ("to become 'active'") then AMQ221007,
 *   not AMQ221010 (that one is the shared-store backup's); the lab treats 221007 on the backup
 *   broker as the failover;
 * - on failback the backup logs AMQ221002 (stopped) and AMQ221039 ("Restarting as replicating
 *   backup server after primary restart"); AMQ221008 is the shared-store form;
 * - AMQ222092 is logged by the *primary* when its backup goes away ("Connection to the backup
 *   broker failed, removing replication now");
 * - AMQ212034 (duplicate node id) comes from the client logger;
 * - a backup whose primary dies during the initial synchronization logs AMQ221071 (failing over)
 *   then ERROR AMQ224000 (failure in initialisation) with the cause, AMQ229026 ("Backup Server was
 *   not yet in sync with live"), on the exception's continuation line (see embeddedCodeOf);
 * - a shared-store backup logs AMQ221032 (waiting to become backup), AMQ221033 (got the backup
 *   lock), AMQ221109, AMQ221031; a live broker AMQ221034 (waiting for the live lock) and AMQ221035
 *   (obtained it); a shared-store backup taking over logs AMQ221010 alone (no 221037).
 */
const CODE_KINDS: Record<string, HaEventKind> = {
  AMQ101000: 'starting',
  AMQ221000: 'starting',
  AMQ221001: 'started',
  AMQ221002: 'stopped',
  AMQ221007: 'live',
  AMQ221010: 'failover',
  AMQ221037: 'failover',
  AMQ221109: 'backup-started',
  AMQ221025: 'replicating',
  AMQ221024: 'synchronized',
  AMQ221031: 'announced',
  // Shared store: the journal's file lock decides (measured on 2.44.0; docs/labs/shared-store.md).
  AMQ221032: 'backup-started',
  AMQ221033: 'lock',
  AMQ221034: 'lock',
  AMQ221035: 'lock',
  /** The peer announced it is closing: a backup sees its live broker leave (2.44.0). */
  AMQ224135: 'connection-lost',
  /**
   * 2.31.2's words for the same moment (a shared-store live stopping or failing back): WARN "possible
   * split brain on nodeID … Topology update ignored". Both brokers of a pair carry one node id by
   * design, so it is the peer leaving, not a split brain (measured on every stop;
   * docs/labs/shared-store.md).
   */
  AMQ222295: 'connection-lost',
  /** Client side: "Connection failure to <peer> has been detected" (2.31.2 logs it where 2.44.0 logs AMQ214036). */
  AMQ212037: 'connection-lost',
  AMQ221008: 'failback',
  AMQ221039: 'failback',
  AMQ224056: 'no-failback',
  AMQ222092: 'connection-lost',
  AMQ229026: 'sync-failed',
  /**
   * The live side of a synchronization gave up (measured on 2.44.0, a failback whose returning
   * primary was frozen past the connection TTL): AMQ229014 closes the replica's connection,
   * AMQ222092 drops replication, and 30 s later (initial-replication-sync-timeout) WARN AMQ222251
   * "Unable to start replication" with the cause AMQ229114 on the exception line. Docs: failback.md.
   */
  AMQ222251: 'sync-gave-up',
  /** "Critical IO Error, shutting down the server": seen on the live side after a failback's synchronization timed out. */
  AMQ222010: 'stopped',
  AMQ229114: 'sync-gave-up',
  AMQ212034: 'split-brain',
  /** Measured (2.44.0): both brokers of a split pair log it once the wire heals and they see each other, both live. */
  AMQ222294: 'split-brain',
  /** "ignoring quorum vote as max cluster size is N": one pair has nobody to ask, so each side decides alone. */
  AMQ221083: 'quorum',
  AMQ221084: 'quorum',
  AMQ221066: 'quorum',
  AMQ221070: 'quorum',
  AMQ221071: 'quorum',
  /** The pinger (measured, 2.44.0): "There was an issue on the network, server is isolated!" — the server stops itself (AMQ221002). */
  AMQ222213: 'network',
  /** "Network is healthy, starting service": the pinger's target answers again; a backup starts over and re-synchronizes. */
  AMQ201000: 'network',
  AMQ201001: 'network',
  AMQ222018: 'aio-unavailable',
  AMQ221012: 'journal',
  AMQ221013: 'journal',
  AMQ222210: 'disk-full',
  AMQ241001: 'console',
  AMQ241002: 'console',
  AMQ241004: 'console',
  AMQ221027: 'bridge',
  AMQ221056: 'reload',
};

export function kindOfCode(code: string | null): HaEventKind | null {
  return code ? (CODE_KINDS[code] ?? null) : null;
}

/** Which codes say what about the role (shared/derive/broker-facts.ts names the signals). */
export type { RoleSignal };

const ROLE_SIGNALS: Record<string, RoleSignal> = {
  AMQ101000: 'boot',
  AMQ221007: 'active',
  AMQ221010: 'active',
  AMQ221109: 'passive',
  AMQ221039: 'passive',
  AMQ221008: 'passive',
  AMQ221070: 'passive',
  AMQ221024: 'synchronized',
  AMQ229026: 'sync-failed',
  AMQ229114: 'sync-gave-up',
  AMQ221002: 'down',
};

export function roleSignalOf(code: string | null): RoleSignal | null {
  return code ? (ROLE_SIGNALS[code] ?? null) : null;
}

// `org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException: AMQ229026: Backup Server ...`
const EMBEDDED_CODE = /^[\w.$]+(?:Exception|Error): (AMQ\d{6}):/;

/**
 * The code an exception line carries (the line after an ERROR, without a time of its own). Some
 * HA outcomes are only named there: AMQ224000 says "failure in initialisation", the exception
 * line below it says why.
 */
export function embeddedCodeOf(raw: string): string | null {
  return EMBEDDED_CODE.exec(raw.replace(/\r$/, '').trim())?.[1] ?? null;
}

/** Shortens a log message for the timeline: the code's sentence without the config dump. */
export function eventText(text: string, max = 240): string {
  const oneLine = text.replace(/^AMQ\d{6}:\s*/, '').replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
