// Pure assembly of one broker's snapshot from what the lab observes: the run file verdict, the
// role its log reports for the current JVM, and the latest Jolokia reading. When log and Jolokia
// disagree, the more recent observation wins (a log line is timed when the broker wrote it, a
// Jolokia reading when we asked).
import type { ErrorInfo, BrokerConfig, BrokerName, BrokerSnapshot, ProcessState } from '../lab-state.js';
import { isLive, type JolokiaResult, type RoleSignal, type RunFile, type RunVerdict } from './broker-facts.js';

/** The role a broker's log reports for its latest JVM. */
export interface LogRole {
  /** Broker time (ms) of the latest AMQ101000 (JVM boot), or null when the log shows none. */
  bootAt: number | null;
  role: 'unknown' | 'active' | 'passive' | 'down';
  roleAt: number | null;
  /** The backup's AMQ221024 since it last became passive. */
  synchronized: boolean;
  syncAt: number | null;
  /** Whether the server inside the JVM said it started (221001 or 221109) since boot. */
  started: boolean;
  /**
   * When the backup tried to take over before its initial synchronization finished (AMQ229026).
   * Artemis then leaves the JVM running, passive, and never retries: not even when the primary
   * comes back (measured on 2.44.0), so the broker needs a restart.
   */
  syncFailedAt: number | null;
  /**
   * When this broker, serving as live, gave up copying its journal to a replica that stopped
   * answering (AMQ229114). It goes on serving alone; if its JVM then exits, that is why.
   */
  syncGaveUpAt: number | null;
}

export const EMPTY_ROLE: LogRole = {
  bootAt: null,
  role: 'unknown',
  roleAt: null,
  synchronized: false,
  syncAt: null,
  started: false,
  syncFailedAt: null,
  syncGaveUpAt: null,
};

/** What the attendee reads on a backup that could not take over (AMQ229026), in the lab's own words for it. */
export function syncFailedError(label: string): ErrorInfo {
  return {
    code: 'BACKUP_NOT_SYNCHRONIZED',
    message: `${label} cannot take over: the broker it copied from went away or stopped answering before ${label} finished copying the journal (AMQ229026, not yet in sync), so it holds only part of the data and stays passive.`,
    hint: `Artemis does not retry by itself: with a live broker running (start the one that was live if it is down), restart ${label} (stop it, then start it) so it copies the journal from the start.`,
  };
}

/** A broker that gave up copying its journal to a silent replica (AMQ229114) and then exited. */
export function syncGaveUpError(label: string): ErrorInfo {
  return {
    code: 'SYNC_GAVE_UP',
    message: `${label} gave up copying its journal to the returning broker, which stopped answering (AMQ229114), and shut down.`,
    hint: `Start ${label} again: it comes back as a backup and copies the journal from the live broker, and the pair is whole again.`,
  };
}

export function applyRoleSignal(state: LogRole, signal: RoleSignal | 'started', at: number): LogRole {
  switch (signal) {
    case 'boot':
      return { ...EMPTY_ROLE, bootAt: at };
    case 'started':
      return { ...state, started: true };
    case 'active':
      return { ...state, role: 'active', roleAt: at, synchronized: false, syncAt: null, started: true, syncFailedAt: null };
    case 'passive':
      return { ...state, role: 'passive', roleAt: at, synchronized: false, syncAt: null, started: true, syncFailedAt: null, syncGaveUpAt: null };
    case 'synchronized':
      return { ...state, synchronized: true, syncAt: at, syncFailedAt: null };
    case 'sync-failed':
      return { ...state, synchronized: false, syncAt: null, syncFailedAt: at };
    case 'sync-gave-up':
      return { ...state, syncGaveUpAt: at };
    case 'down':
      return { ...state, role: 'down', roleAt: at, synchronized: false, syncAt: null };
  }
}

/** Slack between our spawn time and the JVM's first log line (clock granularity, not delay). */
const BOOT_SLACK_MS = 500;

export interface BrokerInputs {
  name: BrokerName;
  /** From the lab's topology: how the card titles it and the part it plays. */
  label: string;
  brokerRole: BrokerSnapshot['role'];
  config: BrokerConfig | null;
  verdict: RunVerdict;
  run: RunFile | null;
  role: LogRole;
  jolokia: JolokiaResult | null;
  lastError: ErrorInfo | null;
  /** Set by the monitor while the JVM runs but answers nothing. */
  hung?: BrokerSnapshot['hung'] | null;
}

export function consoleUrlOf(config: BrokerConfig | null): string {
  return config ? `http://localhost:${config.consolePort}/console` : '';
}

export function acceptorUrlOf(config: BrokerConfig | null): string {
  return config ? `tcp://127.0.0.1:${config.acceptorPort}` : '';
}

/** Whether the log role belongs to the JVM the run file describes (not to an earlier run). */
export function roleIsCurrent(role: LogRole, run: RunFile | null): boolean {
  if (role.bootAt === null) return false;
  if (!run) return true;
  return role.bootAt >= Date.parse(run.startedAt) - BOOT_SLACK_MS;
}

export function assembleBroker(input: BrokerInputs): BrokerSnapshot {
  const { name, label, brokerRole, config, verdict, run, role, lastError } = input;
  const alive = verdict.kind === 'running';
  const currentRole = alive && roleIsCurrent(role, run) ? role : EMPTY_ROLE;
  // A reading taken before this JVM started describes an earlier one.
  const jolokia =
    alive && input.jolokia && (!run || input.jolokia.requestedAt >= Date.parse(run.startedAt)) ? input.jolokia : null;
  const reading = jolokia?.reachable ? jolokia : null;

  let process: ProcessState;
  if (alive) {
    if (run?.stopRequestedAt || run?.crashRequestedAt) process = 'stopping';
    else if (reading?.started === true || currentRole.started) process = 'running';
    else process = 'starting';
  } else if (verdict.kind === 'exited') {
    process = 'crashed';
  } else {
    process = 'stopped';
  }

  // Live: the more recent of the log's role and Jolokia's Active.
  let live = false;
  let backup: boolean | null = null;
  let replicaSync: boolean | null = null;
  if (alive) {
    const logAt = currentRole.role === 'unknown' ? -Infinity : (currentRole.roleAt ?? -Infinity);
    const jolokiaLive = reading ? isLive(reading) : null;
    const jolokiaAt = reading && jolokiaLive !== null ? reading.requestedAt : -Infinity;
    if (jolokiaAt >= logAt && jolokiaLive !== null) {
      live = jolokiaLive;
      backup = reading?.backup ?? !jolokiaLive;
      replicaSync = reading?.replicaSync ?? null;
    } else if (currentRole.role !== 'unknown') {
      live = currentRole.role === 'active';
      backup = currentRole.role === 'passive' ? true : currentRole.role === 'active' ? false : null;
      replicaSync = currentRole.role === 'passive' ? currentRole.synchronized : (reading?.replicaSync ?? null);
    }
    // The backup's AMQ221024 may land between two Jolokia polls.
    if (
      backup === true &&
      currentRole.role === 'passive' &&
      currentRole.synchronized &&
      (currentRole.syncAt ?? -Infinity) > jolokiaAt
    ) {
      replicaSync = true;
    }
  }

  return {
    name,
    label,
    role: brokerRole,
    instance: config?.instance ?? name,
    process,
    pid: alive ? verdict.pid : null,
    startedAt: alive ? (run?.startedAt ?? null) : null,
    live,
    ...(alive && currentRole.role === 'down' && !live ? { serverDown: true } : {}),
    ...(alive && input.hung ? { hung: input.hung } : {}),
    backup,
    replicaSync,
    haPolicy: reading?.haPolicy ?? null,
    ports: { acceptor: config?.acceptorPort ?? 0, console: config?.consolePort ?? 0 },
    acceptorUrl: acceptorUrlOf(config),
    consoleUrl: consoleUrlOf(config),
    queues: { haQueue: live || reading ? (reading?.haQueueCount ?? null) : null },
    haQueueStats: reading?.haQueue ?? null,
    cluster: reading?.cluster ?? null,
    jolokia: !alive ? 'unknown' : reading ? 'ok' : jolokia ? 'unreachable' : 'unknown',
    lastError: errorOf(input, alive, live, currentRole),
  };
}

/**
 * What went wrong, in the lab's words: a death after giving up a synchronization says why
 * (the log's role outlives the JVM), a refusal to take over says what to do.
 */
function errorOf(input: BrokerInputs, alive: boolean, live: boolean, currentRole: LogRole): ErrorInfo | null {
  const { lastError, role, label } = input;
  if (lastError?.code === 'BROKER_DIED' && !alive && role.syncGaveUpAt !== null) return syncGaveUpError(label);
  if (lastError) return lastError;
  return alive && !live && currentRole.syncFailedAt !== null ? syncFailedError(label) : null;
}
