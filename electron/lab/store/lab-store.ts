// The one writer of lab state. Observations come in (observations.ts), each moves the state on
// (apply-observation.ts), the snapshot is derived from it (shared/derive, pure), and whole
// snapshots go out to every face, bursts folded into one (EMIT_COALESCE_MS), with the change
// feed between each snapshot and the one before. Saving progress is a subscriber (onCommit).
import type { LabChange } from '../../../shared/change-feed.js';
import { changesBetween } from '../../../shared/derive/changes.js';
import { derive, type DerivedSnapshot } from '../../../shared/derive/derive.js';
import type { LabState } from '../../../shared/derive/lab-facts.js';
import type { LabConfig, LabSnapshot, Ledger, StepState } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { LabError } from '../lab-error.js';
import { applyObservation } from './apply-observation.js';
import type { Observation, ObservationKind } from './observations.js';

export const EMIT_COALESCE_MS = 30;
const MAX_LAGS = 500;

export interface StoreInit {
  /** The lab this dir holds (or will): its topology names the brokers watched. */
  lab: LabDefinition;
  labDir: string;
  installsDir: string;
  config: LabConfig | null;
  setup: LabSnapshot['setup'];
  ledger: Ledger;
  /** The story's steps, all pending: what a lab without saved progress starts from. */
  steps: StepState[];
  /** The clock observations are timed by (tests script it). */
  clock?: () => number;
}

/** Why the state moved: an observation, or deriving (a clock, a split brain, a step done by hand). */
export type CommitCause = ObservationKind | 'derive';

export type CommitListener = (before: LabState, after: LabState, cause: CommitCause) => void;

export type ChangeListener = (changes: LabChange[], snapshot: LabSnapshot) => void;

export type SnapshotPredicate = (s: LabSnapshot) => boolean;

export class LabStore {
  private state: LabState;
  private lab: LabDefinition;
  private derived: DerivedSnapshot;
  private current: LabSnapshot;
  private seq = 0;
  private readonly clock: () => number;
  private readonly commitListeners = new Set<CommitListener>();
  private readonly snapshotListeners = new Set<(s: LabSnapshot) => void>();
  private readonly changeListeners = new Set<ChangeListener>();
  private emitTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private lags: number[] = [];
  /** Broker times of HA lines read but not yet in an emitted snapshot. */
  private pendingLag: number[] = [];

  constructor(init: StoreInit) {
    this.clock = init.clock ?? Date.now;
    this.lab = init.lab;
    this.state = {
      now: this.clock(),
      labDir: init.labDir,
      installsDir: init.installsDir,
      config: init.config,
      setup: init.setup,
      doctor: null,
      task: null,
      ledger: init.ledger,
      steps: init.steps,
      events: [],
      brokers: {},
      clocks: {},
      splitBrain: {},
      traffic: null,
      consumers: null,
      wire: null,
      roundTrips: [],
    };
    this.state = applyObservation(this.state, this.lab, { kind: 'lab-files', lab: init.lab, config: init.config, setup: init.setup, progress: null }).state;
    this.state = { ...this.state, steps: init.steps };
    this.derived = derive(this.state, this.lab).snapshot;
    this.current = this.stamp(this.derived);
  }

  /** The only way lab state changes. */
  observe(observation: Observation): void {
    if (this.closed) return;
    const before = this.state;
    const applied = applyObservation({ ...before, now: this.clock() }, this.lab, observation);
    this.lab = applied.lab;
    this.state = applied.state;
    if (applied.haLineTimes.length > 0) this.pendingLag.push(...applied.haLineTimes);
    this.tell(before, this.state, observation.kind);
    this.settle(before, observation.kind === 'log' || observation.kind === 'lab-event');
  }

  /** Derives the snapshot and keeps what deriving judged; schedules an emission when a face could see a difference. */
  private settle(before: LabState, forceEmit: boolean): void {
    const { snapshot, carried } = derive(this.state, this.lab);
    const judged = this.state;
    const brokers = Object.fromEntries(Object.entries(judged.brokers).map(([id, f]) => [id, f.wasLive === carried.wasLive[id] ? f : { ...f, wasLive: carried.wasLive[id]! }]));
    this.state = { ...judged, clocks: carried.clocks, splitBrain: carried.splitBrain, steps: carried.steps, events: carried.events, brokers };
    this.tell(judged, this.state, 'derive');
    const previous = this.derived;
    this.derived = snapshot;
    if (forceEmit || differs(previous, snapshot, before, this.state)) this.scheduleEmit();
  }

  private tell(before: LabState, after: LabState, cause: CommitCause): void {
    if (before === after) return;
    for (const listener of [...this.commitListeners]) listener(before, after, cause);
  }

  /** The state as it is now (a subscriber's baseline). */
  facts(): LabState {
    return this.state;
  }

  definition(): LabDefinition {
    return this.lab;
  }

  config(): LabConfig | null {
    return this.state.config;
  }

  snapshot(): LabSnapshot {
    return this.current;
  }

  /** Emits pending changes now (instead of after the coalescing delay) and returns the snapshot. */
  flush(): LabSnapshot {
    if (this.emitTimer) this.emitNow();
    return this.current;
  }

  /** Emits now, whether or not anything changed. */
  emitNow(): LabSnapshot {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    if (this.closed) return this.current;
    const previous = this.current;
    this.current = this.stamp(this.derived);
    const emittedAt = Date.now();
    for (const writtenAt of this.pendingLag) this.lags.push(Math.max(0, emittedAt - writtenAt));
    this.pendingLag = [];
    if (this.lags.length > MAX_LAGS) this.lags.splice(0, this.lags.length - MAX_LAGS);
    const changes = changesBetween(previous, this.current);
    for (const listener of [...this.snapshotListeners]) {
      try {
        listener(this.current);
      } catch {
        // A face's bug must not stop the lab.
      }
    }
    if (changes.length > 0) {
      for (const listener of [...this.changeListeners]) {
        try {
          listener(changes, this.current);
        } catch {
          // A subscriber's bug must not stop the lab.
        }
      }
    }
    return this.current;
  }

  private stamp(derived: DerivedSnapshot): LabSnapshot {
    return { ...derived, seq: ++this.seq, at: new Date(this.clock()).toISOString() };
  }

  private scheduleEmit(): void {
    if (this.emitTimer || this.closed) return;
    this.emitTimer = setTimeout(() => this.emitNow(), EMIT_COALESCE_MS);
  }

  onSnapshot(listener: (s: LabSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  /** The change feed: what each emitted snapshot shows that the one before did not, with that snapshot. */
  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Log line written (broker's timestamp) -> emitted snapshot holding its event, per HA line (ms). */
  detectionLags(): number[] {
    return [...this.lags];
  }

  /**
   * Resolves with the first snapshot satisfying `predicate` (the current one included); rejects
   * with TIMEOUT naming `what`, or with whatever `failIf` returns for a snapshot (e.g. the broker
   * died while we waited).
   */
  waitFor(predicate: SnapshotPredicate, timeoutMs: number, what: string, failIf?: (s: LabSnapshot) => LabError | null): Promise<LabSnapshot> {
    return new Promise((resolve, reject) => {
      let unsubscribe = () => {};
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new LabError('TIMEOUT', `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`, "See the brokers' logs (amq-ha-lab status) for what they did instead."));
      }, timeoutMs);
      const check = (s: LabSnapshot): boolean => {
        if (predicate(s)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(s);
          return true;
        }
        const failure = failIf?.(s);
        if (failure) {
          clearTimeout(timer);
          unsubscribe();
          reject(failure);
          return true;
        }
        return false;
      };
      if (check(this.current)) return;
      unsubscribe = this.onSnapshot((s) => void check(s));
    });
  }

  close(): void {
    this.closed = true;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.snapshotListeners.clear();
    this.changeListeners.clear();
    this.commitListeners.clear();
  }
}

/** Whether a face could see a difference: the brokers' cards, or any other part replaced. */
function differs(prev: DerivedSnapshot, next: DerivedSnapshot, before: LabState, after: LabState): boolean {
  if (JSON.stringify(prev.brokers) !== JSON.stringify(next.brokers)) return true;
  if (JSON.stringify(prev.splitBrain) !== JSON.stringify(next.splitBrain)) return true;
  const parts: (keyof LabState)[] = ['config', 'setup', 'doctor', 'task', 'ledger', 'steps', 'events', 'clocks', 'traffic', 'consumers', 'wire', 'roundTrips'];
  return prev.lab !== next.lab || parts.some((k) => before[k] !== after[k]) || Object.keys(prev.logs).join() !== Object.keys(next.logs).join();
}
