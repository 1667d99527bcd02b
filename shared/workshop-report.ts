// What a run of a lab's whole story reports (`workshop`, the benchmark, the workshop.run request):
// each step's outcome and the figures an instructor asks for.
import type { BrokerName } from './lab-state.js';

export interface WorkshopStepResult {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number | null;
  detail: string | null;
  hint: string | null;
}

export interface WorkshopTimings {
  /** The start steps (a broker started until live or standing by), summed. */
  upMs: number | null;
  /** Latest failover: a live broker's stop/kill issued -> another broker of its group live in our snapshot. */
  failoverMs: number | null;
  /** The same, to the new live broker's own log line saying it is active (broker's clock). */
  failoverLogMs: number | null;
  /** Latest failback: the displaced broker restarted -> live again in our snapshot. */
  failbackMs: number | null;
  /** Restart issued -> the group whole again (the step that waits for it passed). */
  failbackPairMs: number | null;
  /** Broker log line written -> our event, median and max over the run (ms). */
  detectionLagMedianMs: number | null;
  detectionLagMaxMs: number | null;
  /**
   * Per HA group (its primary's id): the latest failover and failback there, and the failover to
   * the new live broker's own log line. A lab of two pairs times each on its own.
   */
  groups: Record<string, { failoverMs: number | null; failoverLogMs: number | null; failbackMs: number | null }>;
  /** Peak resident memory (MB): each broker JVM, all of them at once, and this process. */
  rssMb: { brokers: Record<BrokerName, number | null>; brokersTotal: number | null; lab: number };
  totalMs: number;
}

export interface WorkshopReport {
  ok: boolean;
  lab: string;
  crash: boolean;
  steps: WorkshopStepResult[];
  timings: WorkshopTimings;
}
