// One lab's observers on a clock: the brokers' logs followed as they grow, their processes looked
// at every TICK_MS, their Jolokia asked while they run — each sighting handed to the store
// (store/lab-store.ts), which alone writes lab state and emits snapshots. Progress is saved by the
// store's subscriber (store/progress-saver.ts).
import type { LabConfig, LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { LabStore, type StoreInit } from '../store/lab-store.js';
import { ProgressSaver } from '../store/progress-saver.js';
import { readProgress } from '../state/progress-file.js';
import { BrokerObserver } from './broker-observer.js';
import { LogObserver } from './log-observer.js';

export { EMIT_COALESCE_MS, type SnapshotPredicate } from '../store/lab-store.js';

const TICK_MS = 100;

export type MonitorInit = StoreInit;

export class LabMonitor {
  readonly store: LabStore;
  private readonly saver: ProgressSaver;
  private readonly logs: LogObserver;
  private readonly brokers: BrokerObserver;
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;

  constructor(init: MonitorInit) {
    this.store = new LabStore(init);
    this.saver = new ProgressSaver(this.store);
    const observe = this.store.observe.bind(this.store);
    this.logs = new LogObserver(observe);
    this.brokers = new BrokerObserver(init.labDir, observe, (b) => this.store.facts().brokers[b]?.verdict.kind === 'running');
    if (init.config) {
      const progress = readProgress(init.labDir);
      if (progress) this.store.observe({ kind: 'progress', progress });
    }
  }

  /** The brokers of the lab in topology order: only a lab with its instances created has any. */
  private names(): BrokerName[] {
    return Object.keys(this.store.facts().brokers);
  }

  private running(): BrokerName[] {
    return this.names().filter((n) => this.store.facts().brokers[n]?.verdict.kind === 'running');
  }

  /** Reads the logs' tails and the brokers' state once, then keeps following. */
  async start(): Promise<void> {
    await this.logs.follow(this.store.config(), this.names());
    await this.tick();
    // One Jolokia reading per running broker, so the first snapshot is already true.
    await this.pollRunning();
    this.store.emitNow();
    this.tickTimer = setInterval(() => void this.tick(), TICK_MS);
  }

  private async pollRunning(): Promise<void> {
    const config = this.store.config();
    if (config) await Promise.all(this.running().map((n) => this.brokers.pollOnce(config, n)));
  }

  /** Setup finished, or the lab was reset: follow the (new) instances. */
  async setConfig(config: LabConfig | null, setup: LabSnapshot['setup'], lab: LabDefinition = this.store.definition()): Promise<void> {
    this.brokers.rewatch();
    const saved = config ? readProgress(this.store.facts().labDir) : null;
    this.store.observe({ kind: 'lab-files', lab, config, setup, progress: saved });
    // A lab this face just created keeps the steps already done (prerequisites, unpack, create).
    if (config && !saved) this.saver.saveAllSteps();
    await this.logs.follow(config, this.names());
    await this.tick();
  }

  /** Another face wrote the progress file: read it (after our own writes are in). */
  reloadProgress(): void {
    this.saver.reload();
  }

  /** Resolves when every progress change so far is on disk. */
  saved(): Promise<void> {
    return this.saver.saved();
  }

  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.tickOnce().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async tickOnce(): Promise<void> {
    const config = this.store.config();
    if (this.closed || !config) return;
    await this.brokers.look(config, this.names());
  }

  snapshot(): LabSnapshot {
    return this.store.snapshot();
  }

  /** Forces a fresh look (run files, pids, one Jolokia reading each, the logs) and emits at once. */
  async refresh(): Promise<LabSnapshot> {
    await this.tick();
    await this.pollRunning();
    await this.logs.poke();
    return this.store.emitNow();
  }

  flush(): LabSnapshot {
    return this.store.flush();
  }

  onSnapshot(listener: (s: LabSnapshot) => void): () => void {
    return this.store.onSnapshot(listener);
  }

  waitFor(...args: Parameters<LabStore['waitFor']>): Promise<LabSnapshot> {
    return this.store.waitFor(...args);
  }

  detectionLags(): number[] {
    return this.store.detectionLags();
  }

  close(): void {
    this.closed = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.logs.close();
    this.brokers.close();
    this.saver.close();
    this.store.close();
  }
}
