// The store's state: everything the lab has observed or been told, as plain data (no class, no
// handle), so deriving the snapshot from it is a pure function any face can run.
import type { ConsumersSnapshot } from '../consumers-state.js';
import type { DoctorCheck, ErrorInfo, HaEvent, LabConfig, LabSnapshot, Ledger, LogLine, BrokerName, RoundTripSeries, StepState, TaskProgress } from '../lab-state.js';
import type { WireSnapshot } from '../wire-state.js';
import type { TrafficSnapshot } from '../traffic-state.js';
import type { JolokiaResult, RunFile, RunVerdict } from './broker-facts.js';
import type { HungWatch } from './hung-watch.js';
import { EMPTY_ROLE, type LogRole } from './broker-state.js';
import type { SplitBrainMemory } from './split-brain.js';
import type { GroupClock } from './stopwatches.js';

/** What is known of one broker of a created lab. */
export interface BrokerFacts {
  verdict: RunVerdict;
  run: RunFile | null;
  /** Run-file changes become events only after the first look (not for what was already so). */
  seen: boolean;
  role: LogRole;
  /** The log's latest lines (at most MAX_LOG_LINES). */
  lines: LogLine[];
  nextSeq: number;
  /** Broker time of the latest timed log line, for the untimed exception lines below it. */
  lastLineAt: number | null;
  jolokia: JolokiaResult | null;
  lastError: ErrorInfo | null;
  /** When Jolokia last answered this JVM, and whether the OS holds it stopped: is it hung? */
  hung: HungWatch;
  /** Live the last time it was seen running: a crashed live broker no longer says so itself. */
  wasLive: boolean;
}

export interface LabState {
  /** When the state was last moved on (ms): the clock deriving reads, so deriving stays pure. */
  now: number;
  labDir: string;
  installsDir: string;
  config: LabConfig | null;
  setup: LabSnapshot['setup'];
  doctor: DoctorCheck[] | null;
  task: TaskProgress | null;
  ledger: Ledger;
  steps: StepState[];
  /** The timeline: the brokers' HA lines and the lab's own events, in time order. */
  events: HaEvent[];
  /** Keyed by broker id; only a created lab's brokers (lab.json names them) have facts. */
  brokers: Record<BrokerName, BrokerFacts>;
  /** Failover/failback clocks per HA group. */
  clocks: Record<string, GroupClock>;
  /** Groups with two live brokers now: since when, and whether the alarm was raised. */
  splitBrain: Record<string, SplitBrainMemory>;
  traffic: TrafficSnapshot | null;
  consumers: ConsumersSnapshot | null;
  wire: WireSnapshot | null;
  roundTrips: RoundTripSeries[];
}

export const MAX_LOG_LINES = 300;
export const MAX_EVENTS = 400;

export function emptyBroker(): BrokerFacts {
  return {
    verdict: { kind: 'stopped' },
    run: null,
    seen: false,
    role: EMPTY_ROLE,
    lines: [],
    nextSeq: 1,
    lastLineAt: null,
    jolokia: null,
    lastError: null,
    hung: { answeredAt: null, stoppedAt: null, state: null },
    wasLive: false,
  };
}

/** Inserted in time order: lab events and the brokers' logs interleave. */
export function withEvent(events: readonly HaEvent[], event: HaEvent): HaEvent[] {
  const next = [...events];
  let i = next.length;
  while (i > 0 && next[i - 1]!.time > event.time) i--;
  next.splice(i, 0, event);
  if (next.length > MAX_EVENTS) next.splice(0, next.length - MAX_EVENTS);
  return next;
}
