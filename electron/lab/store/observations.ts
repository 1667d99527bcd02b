// Everything that reaches the store: what the observers saw (log lines, Jolokia readings, process
// verdicts, files another face wrote) and what the lab did (its own events, a task under way, an
// action's result, a step's outcome). The store is the only writer of lab state; this is its API.
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import type { JolokiaResult, RunFile, RunVerdict } from '../../../shared/derive/broker-facts.js';
import type { DoctorCheck, LabConfig, LabSnapshot, Ledger, BrokerName, RoundTripSeries, StepState, TaskProgress } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import type { WireSnapshot } from '../../../shared/wire-state.js';
import type { TrafficSnapshot } from '../../../shared/traffic-state.js';
import type { LabProgress } from '../state/progress-file.js';

export type Observation =
  /** New lines of a broker's log; `following`: read as they were written (not the tail read at start). */
  | { kind: 'log'; broker: BrokerName; lines: string[]; following: boolean }
  /** A look at a broker's run file and its process; `stoppedByOs`: the OS holds the JVM stopped (SIGSTOP). */
  | { kind: 'process'; broker: BrokerName; verdict: RunVerdict; run: RunFile | null; stoppedByOs: boolean }
  | { kind: 'jolokia'; broker: BrokerName; result: JolokiaResult }
  /** The saved progress (at start, or written by another face): the truth for steps, lab events and clocks. */
  | { kind: 'progress'; progress: LabProgress }
  /**
   * lab.json read (start, setup, reset, another face's setup): these brokers are the ones to watch,
   * with the progress saved for them, taken in the same step so nothing is judged without it. No
   * lab.json: the story starts over.
   */
  | { kind: 'lab-files'; lab: LabDefinition; config: LabConfig | null; setup: LabSnapshot['setup']; progress: LabProgress | null }
  /** The same lab's lab.json with a setting changed: shown as it is, nothing re-watched. */
  | { kind: 'config-edited'; config: LabConfig }
  /** Another lab picked for a dir not set up yet: its steps, no brokers yet. */
  | { kind: 'lab-chosen'; lab: LabDefinition }
  | { kind: 'ledger'; ledger: Ledger }
  | { kind: 'traffic'; traffic: TrafficSnapshot | null }
  | { kind: 'consumers'; consumers: ConsumersSnapshot | null }
  | { kind: 'wire'; wire: WireSnapshot | null }
  | { kind: 'round-trips'; series: RoundTripSeries[] }
  /** A moment the lab itself caused or noticed (start, stop, crash, adoption), code "LAB" in the timeline. */
  | { kind: 'lab-event'; broker: BrokerName; text: string; at?: Date }
  | { kind: 'task'; task: TaskProgress | null }
  | { kind: 'doctor'; checks: DoctorCheck[] | null }
  /** A step's outcome (running, passed, failed, skipped), or a step left running by a dead process. */
  | { kind: 'step'; step: StepState }
  /** Every step pending again. */
  | { kind: 'story-restarted' };

export type ObservationKind = Observation['kind'];
