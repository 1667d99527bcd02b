// What a lab is, as data: a topology (which brokers, how they back each other up or share load)
// and a story (steps an attendee does, each with how it is verified). The engine works from
// these and names no broker itself; each lab file under shared/labs/ is one such value.
import type { LabSnapshot } from '../lab-state.js';
import type { BrokerSettings } from './broker-settings.js';

export type { BrokerSettings, LoadBalancing } from './broker-settings.js';

/** How a broker keeps its data safe: its own copy over the network, one journal on a shared disk, or none. */
export type HaKind = 'replication' | 'shared-store' | 'none';

/** primary: live when started first; backup: waits for a primary of its group; member: a live cluster member, no HA. */
export type BrokerRole = 'primary' | 'backup' | 'member';

export interface BrokerDef {
  /** What commands and steps call it (`stop backup1`); unique in the lab. */
  id: string;
  /** As the cards and lanes title it. */
  label: string;
  /** The instance folder's name, as the seed's text names it. */
  instance: string;
  role: BrokerRole;
  ha: HaKind;
  /** Port offset on top of the lab's own (--port-offset): acceptor 61616+n, console 8161+n. */
  portOffset: number;
  /** Brokers its cluster-connection reaches with static connectors (replication and cluster bridges travel there). */
  connectsTo: string[];
  /** The HA group (the primary's id): brokers of one group back each other up; absent for members. */
  group?: string;
  /** broker.xml choices beyond the HA kind's defaults. */
  settings?: BrokerSettings;
}

/**
 * A wire the lab controls between two brokers: their cluster connections (replication, bridges,
 * topology) go through a relay on loopback that can be cut, healed and slowed; clients still
 * reach each broker directly. A broker is on one wire at most: it announces one address to the cluster.
 */
export interface WireDef {
  between: [string, string];
}

export interface LabTopology {
  /** In start order: primaries (and members) before their backups; stopped in reverse. */
  brokers: BrokerDef[];
  wires?: WireDef[];
}

/** How long a step's check may take to hold once its action is done (names, so the engine owns the figures). */
export type BoundName = 'instant' | 'startLive' | 'backupSync' | 'failover' | 'failback' | 'default';

/** A step's check: pure over the snapshot, so a step done by hand in a terminal turns green too. */
export interface StepCheck {
  ok: boolean;
  detail: string;
}

/**
 * What "Do it for me" does, in order; then the engine waits for the step's check. Data, so a lab
 * adds steps without engine code; `broker` is a broker id of the lab.
 */
export type StepAction =
  | { do: 'doctor' }
  | { do: 'setup' }
  /** ifRunning 'adopt' (default) counts a running broker as started; 'fail' insists on a fresh start. */
  | { do: 'start'; broker: string; ifRunning?: 'adopt' | 'fail' }
  /** crash 'option': the workshop's --crash decides (stop, or kill hard). */
  | { do: 'stop'; broker: string; crash?: boolean | 'option' }
  /** Kills several brokers hard at the same moment (one kill each, all issued at once): one failure, several groups. */
  | { do: 'crash-together'; brokers: string[] }
  /** Waits for this step's own check (e.g. before creating a queue on what just started). */
  | { do: 'wait-check'; bound: BoundName }
  | { do: 'wait'; until: (s: LabSnapshot) => boolean; what: string; bound: BoundName; failEarly?: FailEarly | FailEarly[] }
  /** The lab's queue (anycast, durable) on every live broker. */
  | { do: 'ensure-queue' }
  /** Durable messages into the ledger; to `broker`, else to the live broker. A fresh ledger run when that queue is empty (or `newRun`). */
  | { do: 'send'; count: number; broker?: string; newRun?: boolean }
  /** Browses the lab's queue on `broker` (else the live broker) against the ledger. */
  | { do: 'verify'; label: string; broker?: string }
  | { do: 'traffic-start' }
  | { do: 'traffic-stop' }
  /** A consumer on the lab's queue on each of `brokers`, pinned there, kept running by the lab between commands. */
  | { do: 'consumers-start'; brokers: string[] }
  /** Closes those consumers (the others keep running). */
  | { do: 'consumers-stop'; brokers: string[] }
  /** Changes broker.xml settings of `brokers` (kept in lab.json); what needs a restart, the story restarts. */
  | { do: 'configure'; brokers: string[]; settings: BrokerSettings }
  /** The wire between `ends` (else every wire): cut/heal, delay, and brokers cut off their network or back on. */
  | { do: 'wire'; ends?: [string, string]; cut?: boolean; latencyMs?: number; isolate?: string[]; rejoin?: string[] }
  /** `count` durable sends one at a time to the live broker at each wire delay in turn (the delay is put back after). */
  | { do: 'time-sends'; latencies: number[]; count: number }
  /** Browses the lab's queue on each of `brokers` (all live) and records where every message of the run is. */
  | { do: 'locate'; brokers: string[]; label: string }
  /**
   * Puts `brokers` back in the game after a broken synchronization, doing nothing where all is well:
   * a broker that is down is started; one that refused to take over (AMQ229026) is restarted, so
   * it copies the journal from the start. "Do it for me" on a failed step is then the repair.
   */
  | { do: 'repair'; brokers: string[] };

/** Stop waiting at once when this holds: no amount of waiting helps. */
export type FailEarly =
  /** The broker's JVM is gone while the step waits for it. */
  | { when: 'died'; broker: string }
  /** The broker refused to take over (AMQ229026: not synchronized yet). */
  | { when: 'cannot-take-over'; broker: string };

export interface LabStep {
  id: string;
  title: string;
  /** What the attendee does. */
  instruction: string;
  /** Why it matters for HA: the teaching point. */
  why: string;
  /**
   * The equivalent command to copy. Placeholders: {<broker id>.bin} (instance bin dir),
   * {<broker id>.url} (tcp://…), {<broker id>.port} (acceptor port), {user}, {password}, {count}.
   */
  command: string | null;
  /** How the app verifies it, in one sentence. */
  verifiedBy: string;
  /** Shown when verification fails. */
  hint: string;
  check: (s: LabSnapshot) => StepCheck;
  act: StepAction[];
  /** How long the check may take after the action (default 15 s). */
  bound?: BoundName;
  failEarly?: FailEarly | FailEarly[];
}

export interface LabDefinition {
  id: string;
  title: string;
  /** One sentence for the picker. */
  summary: string;
  /** What the attendee will have seen and understood at the end. */
  learn: string[];
  /** About how long the story takes by hand. */
  minutes: number;
  topology: LabTopology;
  story: LabStep[];
  /** Shown when every step passed. */
  done: string;
  /** The number of messages its send steps use ({count} in commands). */
  messageCount: number;
}
