// The lab facade: the one object the CLI, the Electron main process and serve mode hold. It puts
// the store, its observers and the supervisor together, validates every request against the
// shared contract and hands it to its job in ops/; what the jobs did reaches the store as
// observations (store/observations.ts), which pushes whole snapshots.
import path from 'node:path';
import { answerRequest, parseRequest, type LabService, type RequestMethod, type RequestOptions, type RequestParams, type RequestProgress, type RequestResult, type Response, type SendResult, type SetupReport } from '../../shared/contract.js';
import type { LabChange } from '../../shared/change-feed.js';
import type { LabConfig, LabSnapshot, Ledger, BrokerName } from '../../shared/lab-state.js';
import type { LabDefinition } from '../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID } from '../../shared/labs/index.js';
import { pendingSteps } from '../../shared/labs/story.js';
import { DownloadsUnderWay } from './distribution/download-under-way.js';
import { labSetupState, readLabConfig } from './instances/lab-config.js';
import { readLedger, toLedger } from './messages/ledger.js';
import { findRunning, type StartOutcome, type StopOutcome } from './processes/supervisor.js';
import { readChosenLab } from './state/chosen-lab.js';
import { describeOwner, LabActionLock } from './state/lab-action-lock.js';
import type { LabStore } from './store/lab-store.js';
import { observeLabFiles } from './watching/files-observer.js';
import { LabMonitor } from './watching/lab-monitor.js';
import { LabError } from './lab-error.js';
import * as brokers from './ops/brokers.js';
import { requestHandlers, type RequestHandlers } from './ops/handlers.js';
import { followChosenLab, labDefinition, requireLab } from './ops/lab-choice.js';
import { liveBroker } from './ops/live.js';
import * as messages from './ops/messages.js';
import { requireConfig, task, type ClassroomRequests, type LabOptions, type OpsLab } from './ops/ops-lab.js';
import { ensureQueue } from './ops/queues.js';
import { reloadConfigIfChanged, reset, setup } from './ops/setup.js';
import { up, type UpReport } from './ops/up.js';

export type { ClassroomRequests, LabOptions, UpReport };

export class Lab implements LabService, OpsLab {
  private readonly actions: LabActionLock;
  readonly downloads = new DownloadsUnderWay();
  private stopWatching: () => void = () => {};
  /** What each contract method does (ops/handlers.ts). */
  private readonly handlers: RequestHandlers = requestHandlers(this);

  private constructor(
    readonly options: LabOptions,
    readonly monitor: LabMonitor,
  ) {
    this.actions = new LabActionLock(options.labDir, options.face ?? 'another lab process', (owner) => {
      const message = `Waiting for ${describeOwner(owner)} to finish…`;
      task(this, { name: 'waiting', message, progress: null });
      options.onBusy?.(message);
    });
  }

  static async create(options: LabOptions): Promise<Lab> {
    const labDir = path.resolve(options.labDir);
    const installsDir = path.resolve(options.installsDir);
    const config = await readLabConfig(labDir);
    // Set up: lab.json says which lab. Not yet: what this face was asked for, else what another face chose.
    const definition = labDefinition(config ? (config.lab ?? DEFAULT_LAB_ID) : (options.lab ?? readChosenLab(labDir) ?? DEFAULT_LAB_ID));
    if (config) {
      // Brokers started by hand or by a lab process whose run file is gone are adopted, not duplicated.
      for (const broker of Object.keys(config.brokers)) await findRunning({ labDir, config }, broker);
    }
    const monitor = new LabMonitor({
      lab: definition,
      labDir,
      installsDir,
      config,
      setup: await labSetupState(labDir),
      ledger: toLedger(await readLedger(labDir)),
      steps: pendingSteps(definition),
    });
    await monitor.start();
    const lab = new Lab({ ...options, labDir, installsDir }, monitor);
    lab.markInterruptedSteps();
    lab.stopWatching = observeLabFiles(labDir, monitor.store, {
      progress: () => monitor.reloadProgress(),
      config: () => lab.afterActions(() => reloadConfigIfChanged(lab)),
      chosen: () => lab.afterActions(async () => followChosenLab(lab)),
    });
    return lab;
  }

  /** A step left "running" by a lab process that died mid-step can be run again. */
  private markInterruptedSteps(): void {
    if (this.actions.heldByOther()) return;
    for (const s of this.monitor.snapshot().steps) {
      if (s.status !== 'running') continue;
      this.store.observe({ kind: 'step', step: { ...s, status: 'failed', ms: null, detail: 'Interrupted: the lab process stopped while this step ran.', hint: 'Run it again.', fix: null } });
    }
  }

  /** The one writer of lab state: everything the lab does reaches it as an observation. */
  get store(): LabStore {
    return this.monitor.store;
  }

  get labDir(): string {
    return this.options.labDir;
  }

  /** The lab this dir holds (or will): topology and story. */
  get definition(): LabDefinition {
    return this.store.definition();
  }

  /** For commands given --lab: the lab dir must hold that lab (see ops/lab-choice.ts). */
  requireLab(id: string | undefined): void {
    requireLab(this, id);
  }

  /** The current snapshot, pending changes included (emitted now rather than after coalescing). */
  snapshot(): LabSnapshot {
    return this.monitor.flush();
  }

  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void {
    return this.monitor.onSnapshot(listener);
  }

  onChange(listener: (changes: LabChange[], snapshot: LabSnapshot) => void): () => void {
    return this.store.onChange(listener);
  }

  /** Resolves with the first snapshot `until` holds for, within `timeoutMs`; `failIf` ends the wait early with its error. */
  waitFor(until: (s: LabSnapshot) => boolean, timeoutMs: number, what: string, failIf?: (s: LabSnapshot) => LabError | null): Promise<LabSnapshot> {
    return this.monitor.waitFor(until, timeoutMs, what, failIf);
  }

  consoleLogin(): { user: string; password: string } | null {
    const config = this.store.config();
    return config ? { user: config.user, password: config.password } : null;
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.monitor.saved();
    this.monitor.close();
  }

  /**
   * Runs an action that changes the lab while holding the lab's cross-process lock, so a CLI
   * command and the app never act on the same brokers at once; nested actions share the hold.
   */
  exclusive<T>(action: string, work: () => Promise<T>): Promise<T> {
    return this.actions.run(action, work, () => task(this, null));
  }

  /** Runs `work` once this process's lab actions under way are done (not itself an action: no lock). */
  afterActions<T>(work: () => Promise<T>): Promise<T> {
    return this.actions.afterActions(work);
  }

  requireConfig(): LabConfig {
    return requireConfig(this);
  }

  /** Validates one contract request (the one validation, for every face) and does it. Errors are LabErrors. */
  async request<M extends RequestMethod>(method: M, params: RequestParams<M>, options: RequestOptions<M> = {}): Promise<RequestResult<M>> {
    const parsed = parseRequest(method, params);
    if (!parsed.ok) throw new LabError('BAD_REQUEST', parsed.message);
    return this.handle(method, parsed.params, options.onProgress);
  }

  /** An untrusted request (serve, Electron IPC): validated, done, and answered whole (errors as ErrorInfo). */
  answer(method: unknown, params: unknown): Promise<Response<RequestMethod>> {
    return answerRequest((m, p) => this.handle(m, p), method, params);
  }

  private handle<M extends RequestMethod>(method: M, params: RequestParams<M>, onProgress?: (progress: RequestProgress<M>) => void): Promise<RequestResult<M>> {
    const handler: RequestHandlers[M] = this.handlers[method];
    return handler(params, onProgress ?? (() => undefined));
  }

  // What a story (StoryLab), a soak (SoakLab) and the lab's own tests do through the facade; each is its job in ops/.

  startBroker(broker: BrokerName, options?: { ifRunning?: 'adopt' | 'fail'; wait?: boolean }): Promise<StartOutcome> {
    return brokers.startBroker(this, broker, options);
  }

  stopBroker(broker: BrokerName, options?: { crash?: boolean }): Promise<StopOutcome> {
    return brokers.stopBroker(this, broker, options);
  }

  diedWhileStarting(s: LabSnapshot, broker: BrokerName): LabError | null {
    return brokers.diedWhileStarting(this, s, broker);
  }

  brokerRssMb(): Promise<Record<BrokerName, number | null>> {
    return brokers.brokerRssMb(this);
  }

  liveBroker(s: LabSnapshot = this.monitor.snapshot()): BrokerName | null {
    return liveBroker(s);
  }

  up(onLine?: (line: string) => void): Promise<UpReport> {
    return up(this, onLine);
  }

  down(): Promise<LabSnapshot> {
    return brokers.down(this);
  }

  reset(): Promise<{ movedTo: string | null; homeMovedTo?: string | null }> {
    return reset(this);
  }

  setup(opts: Parameters<typeof setup>[1], extras?: Parameters<typeof setup>[2]): Promise<SetupReport> {
    return setup(this, opts, extras);
  }

  ensureQueue(queue: string): Promise<boolean> {
    return ensureQueue(this, queue);
  }

  send(count: number, options?: { newRun?: boolean; broker?: BrokerName }): Promise<SendResult> {
    return messages.send(this, count, options);
  }

  verify(label?: string, onBroker?: BrokerName): Promise<Ledger> {
    return messages.verify(this, label, onBroker);
  }
}

export async function createLab(opts: LabOptions): Promise<Lab> {
  return Lab.create(opts);
}
