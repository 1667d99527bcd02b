// The lab's state as plain data. Every event the lab emits carries a whole LabSnapshot, so a
// consumer (CLI, renderer store, test) never has to order or merge events: it replaces.
import type { BrokerSettings } from './labs/broker-settings.js';
import type { TrafficSnapshot } from './traffic-state.js';
import type { ConsumersSnapshot } from './consumers-state.js';
import type { WireSnapshot } from './wire-state.js';

/** A broker's id in its lab's topology (shared/labs): `master`, `backup1`, `broker2`… */
export type BrokerName = string;

export const HA_QUEUE = 'haQueue';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One prerequisite check, as `doctor --json` prints it (title and details are extra). */
export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  /** One line the attendee can act on, for their OS; null when nothing needs doing. */
  fix: string | null;
}

/** master/slave below Artemis 2.32, primary/backup from 2.32 (docs/versions.md). */
export type HaDialect = 'master-slave' | 'primary-backup';

export interface BrokerConfig {
  instance: string;
  /** broker.xml choices as set now (the topology's, or changed by a step); absent: the HA kind's defaults. */
  settings?: BrokerSettings;
  /** Absolute path of the instance directory. */
  dir: string;
  portOffset: number;
  acceptorPort: number;
  consolePort: number;
  /** The acceptor for the cluster connection and replication; absent in labs set up before it had one (they use acceptorPort). */
  clusterPort?: number;
}

/** The port a broker's peers dial for cluster traffic and replication. */
export function clusterPortOf(broker: Pick<BrokerConfig, 'acceptorPort' | 'clusterPort'>): number {
  return broker.clusterPort ?? broker.acceptorPort;
}

/** What `setup` decided, written to `<labDir>/lab.json`; every later command reads it. */
export interface LabConfig {
  schema: 1;
  /** Which lab (shared/labs) this dir holds; labs made before labs existed hold the seed's, replicated-pair. */
  lab?: string;
  broker: {
    version: string;
    /** As the attendee knows it ("AMQ Broker 7.12.0 (Artemis 2.33.0.redhat-00010)"); absent in labs made before it existed. */
    label?: string;
    /** Absolute path of the unpacked distribution (ARTEMIS_HOME). */
    home: string;
    zip: string;
    dialect: HaDialect;
  };
  /** The JAVA_HOME chosen by the prerequisite check; null means "java on PATH". */
  javaHome: string | null;
  user: string;
  password: string;
  clusterUser: string;
  clusterPassword: string;
  heapMb: number;
  journal: 'aio' | 'nio';
  /** Keyed by broker id, in the topology's order. */
  brokers: Record<BrokerName, BrokerConfig>;
  createdAt: string;
}

/** The login `setup` gives brokers and consoles unless told otherwise (docs/brokers.md). */
export const DEFAULT_LOGIN = { user: 'admin', password: 'admin' } as const;

/**
 * What the page may know of lab.json: everything it shows, and no credential. Passwords stay on
 * the Node side (the console proxy logs in there), so no snapshot, log or saved file carries them.
 */
export interface LabView {
  schema: 1;
  lab: string;
  broker: LabConfig['broker'];
  /** The client and console user name (not a secret; shown in the equivalent commands). */
  user: string;
  /** Whether the password is the lab's well-known default, so commands may show it. */
  defaultPassword: boolean;
  heapMb: number;
  journal: LabConfig['journal'];
  brokers: Record<BrokerName, BrokerConfig>;
  createdAt: string;
}

export function labView(config: LabConfig, lab: string): LabView {
  return {
    schema: config.schema,
    lab: config.lab ?? lab,
    broker: { ...config.broker },
    user: config.user,
    defaultPassword: config.password === DEFAULT_LOGIN.password,
    heapMb: config.heapMb,
    journal: config.journal,
    brokers: config.brokers,
    createdAt: config.createdAt,
  };
}

/** The password as commands shown to attendees spell it: the default in clear, any other masked. */
export function shownPassword(view: Pick<LabView, 'defaultPassword'> | null): string {
  return !view || view.defaultPassword ? DEFAULT_LOGIN.password : '***';
}

export interface ZipCandidate {
  path: string;
  fileName: string;
  /** Artemis version read from the jars inside (lib/artemis-*.jar); null when none could be read. */
  version: string | null;
  product: 'amq' | 'artemis';
  sizeBytes: number;
  /** As the attendee knows it, e.g. "AMQ Broker 7.12.0 (Artemis 2.33.0.redhat-00010)"; null when no broker inside. */
  label: string | null;
  /** Why setup will not pick it by itself (unusual name, no broker inside); null when it can. */
  problem: string | null;
}

export type ProcessState = 'stopped' | 'starting' | 'running' | 'stopping' | 'crashed';

export type HaEventKind =
  | 'starting'
  | 'started'
  | 'live'
  | 'backup-started'
  | 'replicating'
  | 'synchronized'
  | 'announced'
  /** Shared store: a journal file lock waited for or taken. */
  | 'lock'
  | 'failover'
  | 'failback'
  | 'no-failback'
  | 'connection-lost'
  /** A backup asked to take over before its initial synchronization finished (AMQ229026). */
  | 'sync-failed'
  /** A live broker gave up copying its journal to a replica that stopped answering (AMQ229114, AMQ222251). */
  | 'sync-gave-up'
  /** The broker's JVM runs but answers nothing (stopped by a signal, or frozen): said by the lab. */
  | 'hung'
  | 'split-brain'
  | 'quorum'
  /** The pinger: a broker judged whether it can reach its network (network-check-URL-list). */
  | 'network'
  | 'aio-unavailable'
  | 'journal'
  | 'disk-full'
  | 'console'
  | 'stopped'
  /** A cluster bridge to a peer connected (AMQ221027): the cluster formed, or formed again. */
  | 'bridge'
  /** broker.xml reloaded while running (AMQ221056): address settings such as redistribution-delay take effect. */
  | 'reload'
  | 'lab'
  | 'other';

/** An HA-relevant moment, from a broker log code or from the lab itself (code "LAB"). */
export interface HaEvent {
  time: string;
  broker: BrokerName;
  code: string;
  kind: HaEventKind;
  text: string;
}

export interface LogLine {
  /** Increasing per broker, so a view can key and follow lines. */
  seq: number;
  time: string | null;
  level: string | null;
  code: string | null;
  text: string;
}

/**
 * A fix named the same for every face. The CLI prints the error's hint (the command to type); the
 * app names its own button for the same fix, and knows when the fix is done (the error is then
 * no longer true). Only fixes the app has a control for are named here.
 */
export type FixAction =
  /** A broker zip in installs/: `setup --download`, or the app's "Download Apache Artemis". */
  | 'download-broker'
  /** Unpack the broker and create the instances: `setup`, or "Do it for me" on the unpack step. */
  | 'set-up'
  /** Look at the prerequisite checks: `doctor`, or the first step's checks. */
  | 'check-prerequisites'
  /** Start over on a fresh lab, the old one moved aside: `setup --force`, or "Reset lab…". */
  | 'reset-lab'
  /** No broker running: `down`, or Stop on each broker card. */
  | 'stop-brokers'
  /** A live broker: `up` / `start`, or Start on a broker card. */
  | 'start-broker'
  /** Messages sent: `send`, or the story's send step. */
  | 'send-messages'
  | 'start-traffic'
  | 'stop-traffic';

export interface ErrorInfo {
  code: string;
  message: string;
  /** The fix in one line, in the CLI's words; what a face shows when it has no words of its own for `fix`. */
  hint: string | null;
  /** The same fix named for every face (absent: only the hint says it). */
  fix?: FixAction | null;
}

/** The lab queue's counters on one broker (queue MBean), cumulative since that broker started. */
export interface QueueStats {
  /** Messages in the queue now, those out for delivery included (persisted: survives a restart). */
  messageCount: number;
  /** Added since the broker started; restarts at the persisted count, not 0, after a restart. */
  messagesAdded: number;
  /** Consumers attached to this broker's queue (remote consumers on a peer are not counted here). */
  consumerCount: number;
  /** Delivered to a consumer, not acknowledged yet. */
  deliveringCount: number;
}

/** What a broker's cluster-connection says (the cluster-connection MBean). */
export interface ClusterStats {
  /** `members=N` at the end of its Topology: brokers it sees in the cluster, itself included. Drops within seconds when a peer dies. */
  members: number | null;
  /** The effective message-load-balancing (a broker.xml edit counts only after a restart). */
  loadBalancing: string | null;
  /** Peers the lab queue has a remote binding for (its address's RemoteQueueNames). */
  remoteBindings: number | null;
}

export interface BrokerSnapshot {
  name: BrokerName;
  /** As the lab titles it ("Backup 1"). */
  label: string;
  role: 'primary' | 'backup' | 'member';
  instance: string;
  process: ProcessState;
  pid: number | null;
  startedAt: string | null;
  /** Serving clients (Jolokia Active / not Backup, or AMQ221007 from the log). */
  live: boolean;
  /**
   * The JVM runs but the broker inside it stopped (AMQ221002 without the process ending): a broker
   * whose pinger lost the network stands down this way until the network is back (AMQ201000).
   */
  serverDown?: boolean;
  /**
   * The JVM runs but answers nothing: `stopped` when the OS says the process is stopped (SIGSTOP;
   * Linux only), `silent` when Jolokia, which answered before in this JVM, has not for seconds.
   * A hung broker looks dead to its peers once their connection TTL runs out.
   */
  hung?: { since: string; why: 'stopped' | 'silent' };
  /** Jolokia `Backup`; null when not known (stopped, unreachable). */
  backup: boolean | null;
  /** Jolokia `ReplicaSync`; null when not known. */
  replicaSync: boolean | null;
  haPolicy: string | null;
  ports: { acceptor: number; console: number };
  acceptorUrl: string;
  consoleUrl: string;
  /** Message count per queue; null means "no such queue here" (e.g. a passive backup). */
  queues: { haQueue: number | null };
  /** haQueue's counters; null when not known (stopped, unreachable, no such queue here). */
  haQueueStats: QueueStats | null;
  /** The cluster-connection's view; null when the broker has none or is not reachable. */
  cluster: ClusterStats | null;
  jolokia: 'ok' | 'unreachable' | 'unknown';
  lastError: ErrorInfo | null;
}

export interface LedgerCheck {
  at: string;
  broker: BrokerName | null;
  /** The HA group whose sends it was compared with (labs with several pairs); absent: every send. */
  group?: string | null;
  label: string;
  sent: number;
  present: number;
  lost: number;
  duplicated: number;
  /** Where each sent message is, when several brokers were browsed at once (split brain). */
  placement?: Placement;
}

/** Consecutive messages of one run sent to the same broker and found on the same brokers. */
export interface PlacementRow {
  firstSeq: number;
  lastSeq: number;
  /** The broker the send went to (null: a ledger written before sends named it). */
  sentTo: BrokerName | null;
  /** The browsed brokers that hold them: two = in two places; one = stranded there; none = lost. */
  on: BrokerName[];
}

export interface Placement {
  runId: string;
  /** The brokers browsed, in order. */
  brokers: BrokerName[];
  rows: PlacementRow[];
}

/** Durable (or not) sends timed one by one, with the wire's delay at the time. */
export interface RoundTripSeries {
  at: string;
  broker: BrokerName;
  /** The delay added to each direction of the wire while these were sent. */
  latencyMs: number;
  durable: boolean;
  /** Each send's round trip (send -> the broker's accept), ms. */
  samplesMs: number[];
  medianMs: number;
}

/** Message-survival ledger: what we sent against what the live broker holds now. */
export interface Ledger {
  runId: string | null;
  sent: number;
  /** Sent per HA group (the primary's id), for labs where each pair holds its own messages. */
  sentByGroup?: Record<string, number>;
  checks: LedgerCheck[];
}

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface StepState {
  id: string;
  status: StepStatus;
  ms: number | null;
  detail: string | null;
  hint: string | null;
  /** A failed step's fix named for every face (ErrorInfo.fix of what failed it). */
  fix?: FixAction | null;
}

export interface Stopwatch {
  /** When the lab saw the trigger (a live broker's stop issued / that broker restarted). */
  startedAt: string;
  endedAt: string | null;
  ms: number | null;
  /** The broker whose stop (failover) or restart (failback) started it. */
  broker?: BrokerName;
  /** The broker seen live at the end. */
  to?: BrokerName | null;
}

export interface Stopwatches {
  failover: Stopwatch | null;
  failback: Stopwatch | null;
}

export interface TaskProgress {
  name: string;
  message: string;
  /** 0..1, or null when the task cannot tell. */
  progress: number | null;
}

export interface LabSnapshot {
  seq: number;
  at: string;
  /** The lab (shared/labs) this dir holds, or will once set up. */
  lab: string;
  labDir: string;
  installsDir: string;
  setup: 'none' | 'unpacked' | 'created';
  /** lab.json as the page may see it: no credentials. */
  config: LabView | null;
  doctor: DoctorCheck[] | null;
  task: TaskProgress | null;
  brokers: BrokerSnapshot[];
  events: HaEvent[];
  logs: Record<BrokerName, LogLine[]>;
  ledger: Ledger;
  steps: StepState[];
  /** The latest failover and failback, whichever HA group they happened in. */
  stopwatch: Stopwatches;
  /** Per HA group (its primary's id): labs with several groups time each on its own. */
  groupStopwatches: Record<string, Stopwatches>;
  /**
   * HA groups with two or more live brokers now (shared/derive/split-brain.ts, the one rule):
   * listed at once; `raised` once it has held long enough to be the timeline's alarm.
   */
  splitBrain: { group: string; brokers: BrokerName[]; since: string; raised: boolean }[];
  /** Live traffic (producer and consumer riding through failover); null when none was started. */
  traffic: TrafficSnapshot | null;
  /** Consumers pinned to brokers (clustered labs); null when none was started. */
  consumers: ConsumersSnapshot | null;
  /** The wire the lab controls between brokers (labs with wires); null when brokers talk directly. */
  wire: WireSnapshot | null;
  /** Timed sends (round trip per message) at each wire delay measured; empty when none. */
  roundTrips: RoundTripSeries[];
}
