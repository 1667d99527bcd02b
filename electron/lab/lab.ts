// The lab facade: the one object the CLI, the Electron main process and serve mode hold. Every
// request is validated against the shared contract, then done by the lab modules; what they did
// reaches the store as observations (store/observations.ts), which pushes whole snapshots.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  answerRequest,
  parseRequest,
  type DiagnosticsResult,
  type LabService,
  type RequestMethod,
  type RequestOptions,
  type RequestParams,
  type RequestProgress,
  type RequestResult,
  type Response,
  type SendResult,
  type SetupReport,
} from '../../shared/contract.js';
import type { ClassroomMethod, ClassroomRequestResults } from '../../shared/classroom-contract.js';
import { toErrorInfo } from '../../shared/error-info.js';
import type { LabConfig, LabSnapshot, Ledger, NodeName, NodeSnapshot, RoundTripSeries, StepState, TaskProgress } from '../../shared/lab-state.js';
import { clusterPortOf, HA_QUEUE } from '../../shared/lab-state.js';
import type { BrokerDef, BrokerSettings, LabDefinition } from '../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID, findLab, labIds } from '../../shared/labs/index.js';
import { pendingSteps } from '../../shared/labs/story.js';
import { brokerDef, startOrder, stopOrder } from '../../shared/labs/topology.js';
import { checkTargetPort, hasWire, wireSpecs } from '../../shared/labs/wire.js';
import type { LinkSpec, WireSnapshot } from '../../shared/link-state.js';
import { declareLinks, noLinks, readLinks, readLinksStatus } from './network/links-file.js';
import { linksReport } from './network/link-report.js';
import { selectLinks } from './network/link-selection.js';
import { startRelays, stopRelays } from './network/relay-process.js';
import { readRoundTrips, timeSends } from './messages/round-trips.js';
import { runBrokerCommand } from './processes/broker-command.js';
import { appVersion } from './app-version.js';
import { writeDiagnostics } from './diagnostics/diagnostics.js';
import { DEFAULT_ARTEMIS_VERSION, downloadBroker, type DownloadOptions, type DownloadResult } from './distribution/download-broker.js';
import { DownloadsUnderWay } from './distribution/download-under-way.js';
import { runDoctor } from './host/doctor.js';
import { importZip } from './distribution/import-zip.js';
import { createAnycastQueue, readBrokerState } from './watching/jolokia.js';
import { labSetupState, readLabConfig, writeLabConfig } from './instances/lab-config.js';
import { LabError, tailLines } from './lab-error.js';
import { readLedger, startRun, toLedger } from './messages/ledger.js';
import { locateMessages, sendAndRecord, verifyLedger, type NodeEndpoint } from './messages/ledger-actions.js';
import { LabMonitor } from './watching/lab-monitor.js';
import { standingBy } from '../../shared/derive/standing-by.js';
import type { LabStore } from './store/lab-store.js';
import { nodeOf } from '../../shared/labs/checks.js';
import { moveExternalHomeAside, readHomePointer } from './distribution/ascii-home.js';
import { instanceFiles, labPortOffset } from './instances/lab-layout.js';
import { moveAside } from './state/move-aside.js';
import { setupLab, type SetupOptions } from './instances/setup.js';
import { brokerWiring } from './instances/broker-wiring.js';
import { changeWire, currentWire, endWire, ensureWire, type WireChange } from './network/wire-control.js';
import { describeWireChange } from './network/wire-words.js';
import { editBrokerXml } from './instances/broker-xml.js';
import { brokerDied, checkPorts, readTail, ensureNoProcessLeft, findRunning, nodeConfig, startNode, stopNode, type StartOutcome, type StopOutcome } from './processes/supervisor.js';
import { findBrokerZips } from './distribution/zip-candidates.js';
import { runStep, restartSteps, skipStep } from './story/workshop.js';
import { runWorkshop } from './story/workshop-run.js';
import { runSoak } from './soak.js';
import { BOUNDS } from './lab-bounds.js';
import { TRAFFIC_DEFAULT_RATE, TRAFFIC_QUEUE, type TrafficSnapshot } from '../../shared/traffic-state.js';
import { clearTrafficStop, readTraffic, requestTrafficStop, trafficOutputPath } from './traffic/traffic-files.js';
import { spawnTrafficRunner } from './traffic/traffic-process.js';
import { isAlive, killHard, readRss, waitForExit } from './processes/process-utils.js';
import type { ConsumersSnapshot } from '../../shared/consumers-state.js';
import { clearConsumersStop, consumersOutputPath, readConsumers, readWanted, requestConsumersStop, writeWanted } from './consumers/consumers-files.js';
import { spawnConsumersRunner } from './consumers/consumers-process.js';
import { newRunId } from './messages/ledger.js';
import { describeOwner, LabActionLock } from './state/lab-action-lock.js';
import { observeLabFiles } from './watching/files-observer.js';
import { readChosenLab, writeChosenLab } from './state/chosen-lab.js';
import { webConsoleFailureError } from './instances/web-console-failure.js';

export { BOUNDS };

/** What answers the classroom's requests for a face (electron/classroom/classroom-service.ts). */
export interface ClassroomRequests {
  request<M extends ClassroomMethod>(method: M, params: unknown): Promise<ClassroomRequestResults[M]>;
}

/** Each contract method's handler, typed by the method: params in, result out, progress told as it goes. */
type RequestHandlers = {
  [M in RequestMethod]: (params: RequestParams<M>, progress: (progress: RequestProgress<M>) => void) => Promise<RequestResult<M>>;
};

export interface LabOptions {
  labDir: string;
  /** The lab asked for (--lab); the lab dir's lab.json wins once it is set up (see requireLab). */
  lab?: string;
  installsDir: string;
  /** Port offset for `setup` and `doctor` (the created lab's ports are in lab.json). */
  portOffset?: number;
  /** Passed to setupLab: false keeps the broker template's cluster-connection timings. */
  haTuning?: SetupOptions['haTuning'];
  /** Which face this is ("the CLI", "the app"): named to another face that finds the lab busy. */
  face?: string;
  /** The classroom beside this lab dir (service.ts gives electron/classroom's); without it, classroom requests are refused. */
  classroom?: (lab: LabService) => ClassroomRequests;
  /** Told once when an action has to wait for another face's (the CLI prints it). */
  onBusy?: (message: string) => void;
  /** Where `broker.download` fetches from (default: Maven where it runs, else Apache's archive; tests serve one on loopback). */
  download?: Pick<DownloadOptions, 'via' | 'apacheBase'>;
}

export interface UpReport {
  snapshot: LabSnapshot;
  /** Lines for the CLI: what was started or adopted, and how long each wait took. */
  lines: string[];
  /** brokers: start issued -> live (primaries, members) or standing by (backups), in start order. */
  timings: { brokers: { node: NodeName; ms: number }[]; queueMs: number; totalMs: number };
}

/** The lab definition for an id, or UNKNOWN_LAB naming the ones there are. */
export function labDefinition(id: string): LabDefinition {
  const lab = findLab(id);
  if (!lab) throw new LabError('UNKNOWN_LAB', `No lab "${id}".`, `Use one of: ${labIds().join(', ')} (amq-ha-lab labs lists them).`);
  return lab;
}

export class Lab implements LabService {
  private readonly actions: LabActionLock;
  private readonly downloads = new DownloadsUnderWay();
  private stopWatching: () => void = () => {};

  private constructor(
    readonly options: LabOptions,
    readonly monitor: LabMonitor,
  ) {
    this.actions = new LabActionLock(options.labDir, options.face ?? 'another lab process', (owner) => {
      const message = `Waiting for ${describeOwner(owner)} to finish…`;
      this.task({ name: 'waiting', message, progress: null });
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
      for (const node of Object.keys(config.nodes)) await findRunning({ labDir, config }, node);
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
    const { store } = monitor;
    const stopFiles = observeLabFiles(labDir, store, {
      progress: () => monitor.reloadProgress(),
      config: () => lab.afterActions(() => lab.reloadConfigIfChanged()),
      chosen: () => lab.afterActions(async () => lab.followChosenLab()),
    });
    lab.stopWatching = stopFiles;
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

  /** lab.json as the store last read it (held there only). */
  private get config(): LabConfig | null {
    return this.store.config();
  }

  get labDir(): string {
    return this.options.labDir;
  }

  /** The lab this dir holds (or will): topology and story. */
  get definition(): LabDefinition {
    return this.store.definition();
  }

  /**
   * For commands given --lab: the lab dir must hold that lab (setup is how another one replaces
   * it, moved aside with --force).
   */
  requireLab(id: string | undefined): void {
    if (!id) return;
    labDefinition(id);
    const held = this.definition;
    if (held.id === id) return;
    if (!this.config) {
      this.chooseLab(id);
      return;
    }
    throw new LabError(
      'OTHER_LAB',
      `${this.labDir} holds the lab "${held.title}" (${held.id}), not ${id}.`,
      `Run \`amq-ha-lab setup --lab ${id} --force\` to move it aside (nothing is deleted), or drop --lab to use it.`,
    );
  }

  /** Picks the lab for a dir not set up yet (the picker); a created lab changes only through setup --force. */
  chooseLab(id: string): LabSnapshot {
    const lab = labDefinition(id);
    if (this.config && lab.id !== this.definition.id) {
      throw new LabError(
        'OTHER_LAB',
        `This lab dir already holds "${this.definition.title}".`,
        'Set it up again for the other lab (setup with force moves the current one aside, nothing is deleted), or use another lab dir.',
      );
    }
    if (!this.config) writeChosenLab(this.labDir, lab.id);
    if (lab.id !== this.definition.id) this.store.observe({ kind: 'lab-chosen', lab });
    return this.monitor.flush();
  }

  /** Another face picked a lab for this dir, not set up yet: show that lab too. */
  private followChosenLab(): void {
    const chosen = readChosenLab(this.labDir);
    const lab = chosen ? findLab(chosen) : undefined;
    if (this.config || !lab || lab.id === this.definition.id) return;
    this.store.observe({ kind: 'lab-chosen', lab });
  }

  /** The current snapshot, pending changes included (emitted now rather than after coalescing). */
  snapshot(): LabSnapshot {
    return this.monitor.flush();
  }

  /** Resolves with the first snapshot `until` holds for, within `timeoutMs`; `failIf` ends the wait early with its error. */
  waitFor(until: (s: LabSnapshot) => boolean, timeoutMs: number, what: string, failIf?: (s: LabSnapshot) => LabError | null): Promise<LabSnapshot> {
    return this.monitor.waitFor(until, timeoutMs, what, failIf);
  }

  /** Broker log line written -> our event, per line seen so far (ms). */
  detectionLags(): number[] {
    return this.monitor.detectionLags();
  }

  consoleLogin(): { user: string; password: string } | null {
    return this.config ? { user: this.config.user, password: this.config.password } : null;
  }

  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void {
    return this.monitor.onSnapshot(listener);
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
    return this.actions.run(action, work, () => this.task(null));
  }

  requireConfig(): LabConfig {
    if (!this.config) {
      throw new LabError('NOT_SET_UP', `No lab in ${this.labDir} yet.`, 'Run `amq-ha-lab setup` first (it unpacks the broker and creates both instances).').fixedBy('set-up');
    }
    return this.config;
  }

  private classroom(): ClassroomRequests {
    if (!this.options.classroom) throw new LabError('BAD_REQUEST', 'This face has no classroom.');
    return this.options.classroom(this);
  }

  private ctx() {
    return { labDir: this.labDir, config: this.requireConfig() };
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

  /** What each contract method does: the one place a request becomes the lab's work. */
  private readonly handlers: RequestHandlers = {
    'lab.snapshot': () => this.monitor.refresh(),
    'doctor.run': () => this.doctor(),
    'broker.zips': () => findBrokerZips(this.options.installsDir),
    'broker.import': (p) => importZip(this.options.installsDir, p.path),
    'broker.download': async (p, progress) => {
      const done = await this.download(p.version, { via: p.via, onProgress: progress });
      return { ...done, zips: await findBrokerZips(this.options.installsDir) };
    },
    'lab.setup': ({ zip, force, lab, ...extras }) => this.setup({ zip, force, lab }, extras),
    'lab.choose': (p) => this.exclusive('choose a lab', async () => this.chooseLab(p.lab)),
    'lab.up': async (_p, progress) => (await this.up(progress)).snapshot,
    'lab.down': () => this.down(),
    'lab.reset': () => this.reset(),
    'node.start': async (p) => ({ outcome: await this.startNode(p.node, { ifRunning: p.ifRunning, wait: p.wait }), snapshot: this.snapshot() }),
    'node.stop': async (p) => ({ outcome: await this.stopNode(p.node, { crash: p.crash }), snapshot: this.snapshot() }),
    'messages.send': (p) => this.send(p.count, { node: p.broker, newRun: p.newRun }),
    'messages.verify': (p) => this.verify(p.label, p.broker),
    'messages.locate': (p) => this.locate(p.brokers, p.label),
    'messages.roundTrips': (p) => this.measureRoundTrips(p.latencies, p.count, p.broker),
    'queue.ensure': () => this.ensureHaQueue(),
    'lab.configure': (p) => this.configure(p.brokers, p.settings),
    'consumers.start': (p) => this.startConsumers(p.brokers),
    'consumers.stop': (p) => this.stopConsumers(p.brokers),
    'step.run': (p) => runStep(this, p.id),
    'step.skip': (p) => this.exclusive(`skip ${p.id}`, async () => skipStep(this, p.id)),
    'steps.restart': () =>
      this.exclusive('restart the story', async () => {
        restartSteps(this);
        return this.monitor.refresh();
      }),
    'lab.diagnose': (p) => this.diagnose(p.out),
    'traffic.start': (p) => this.startTraffic(p.rate),
    'traffic.stop': () => this.stopTraffic(),
    'traffic.soak': (p, progress) => runSoak(this, { cycles: p.cycles, rate: p.rate, stops: p.stops, onLine: progress }),
    'workshop.run': (p, progress) => runWorkshop(this, { crash: p.crash }, progress),
    'wire.change': ({ ends, ...change }) => this.changeWire(ends ?? [], change),
    'wire.report': async (p) => this.wireReport(p.ends ?? []),
    'wire.start': () => this.startWireByHand(),
    'wire.stop': () => this.stopWireByHand(),
    // The classroom is not part of the lab: it sits beside this lab dir (electron/classroom), given by the face.
    'classroom.view': (p) => this.classroom().request('classroom.view', p),
    'classroom.membership': (p) => this.classroom().request('classroom.membership', p),
    'classroom.join': (p) => this.classroom().request('classroom.join', p),
    'classroom.leave': (p) => this.classroom().request('classroom.leave', p),
    'classroom.hand': (p) => this.classroom().request('classroom.hand', p),
  };

  /** Runs `work` once this process's lab actions under way are done (not itself an action: no lock). */
  afterActions<T>(work: () => Promise<T>): Promise<T> {
    return this.actions.afterActions(work);
  }

  /** A moment the lab itself caused (start, stop, crash, adoption, a wire change), code "LAB" in the timeline. */
  private labEvent(broker: NodeName, text: string, at?: Date): void {
    this.store.observe({ kind: 'lab-event', broker, text, at });
  }

  private task(task: TaskProgress | null): void {
    this.store.observe({ kind: 'task', task });
  }

  private async ownPids(): Promise<Set<number>> {
    const pids = new Set<number>();
    for (const n of this.monitor.snapshot().nodes) if (n.pid) pids.add(n.pid);
    return pids;
  }

  async doctor() {
    this.task({ name: 'doctor', message: 'Checking prerequisites…', progress: null });
    try {
      const checks = await runDoctor({
        labDir: this.labDir,
        installsDir: this.options.installsDir,
        portOffset: this.config ? labPortOffset(this.config, this.definition.topology.brokers) : this.options.portOffset,
        lab: this.definition,
        ownPids: await this.ownPids(),
      });
      this.store.observe({ kind: 'doctor', checks });
      return checks;
    } finally {
      this.task(null);
    }
  }

  /** Apache Artemis into installs/, with the download's progress as the lab's task (and told to `onProgress`). */
  async download(version: string = DEFAULT_ARTEMIS_VERSION, options: Pick<DownloadOptions, 'via' | 'onProgress'> = {}): Promise<DownloadResult> {
    return this.downloads.run(version, async () => {
      try {
        return await downloadBroker({
          ...this.options.download,
          ...(options.via ? { via: options.via } : {}),
          installsDir: this.options.installsDir,
          version,
          onProgress: (p) => {
            this.task({ name: 'download', message: p.message, progress: p.progress });
            options.onProgress?.(p);
          },
        });
      } finally {
        this.task(null);
      }
    });
  }

  /** The instructor's zip: doctor, versions, config, broker files and logs, state; no password. */
  async diagnose(out?: string): Promise<DiagnosticsResult> {
    this.task({ name: 'diagnose', message: 'Collecting diagnostics…', progress: null });
    try {
      const doctor = await this.doctor();
      return await writeDiagnostics({ labDir: this.labDir, config: this.config, snapshot: await this.monitor.refresh(), doctor, appVersion: appVersion(), out });
    } finally {
      this.task(null);
    }
  }

  /** `extras`: the CLI's knobs (login, heap, journal, ports) beyond what the contract's request carries. */
  async setup(
    opts: { zip?: string; force?: boolean; lab?: string },
    extras: Pick<SetupOptions, 'user' | 'password' | 'heapMb' | 'nio' | 'portOffset' | 'haTuning'> = {},
  ): Promise<SetupReport> {
    // Setup takes its zip from installs/: one this lab is still downloading is waited for, not missed.
    const downloadFailure = !opts.zip && (!this.config || opts.force) ? await this.downloads.finished(BOUNDS.download) : null;
    return this.exclusive('setup', async () => {
      const lab = labDefinition(opts.lab ?? this.definition.id);
      if (opts.force && this.config) await this.refuseWhileRunning('set the lab up again');
      try {
        const report = await setupLab(
          {
            lab,
            labDir: this.labDir,
            installsDir: this.options.installsDir,
            zip: opts.zip,
            force: opts.force,
            portOffset: this.options.portOffset,
            haTuning: this.options.haTuning,
            ...extras,
          },
          (progress) => this.task(progress),
        ).catch((error: unknown) => {
          // No zip because the download just failed: that failure says why, and what to do instead.
          throw error instanceof LabError && error.code === 'NO_ZIP' && downloadFailure instanceof LabError ? downloadFailure : error;
        });
        await this.reloadConfig(lab);
        // The wire exists from setup on (not relayed until a broker starts): the picture shows it, and a cut asked for now applies then.
        const wire = this.wirePlan();
        if (wire) {
          await declareLinks(this.labDir, wire.specs, wire.checkTargetPort);
          this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
        }
        return report;
      } finally {
        this.task(null);
      }
    });
  }

  /** lab.json changed under us (another face ran setup or reset): follow it. */
  private async reloadConfigIfChanged(): Promise<void> {
    const onDisk = await readLabConfig(this.labDir);
    if (JSON.stringify(onDisk) === JSON.stringify(this.config)) return;
    // The same lab with a setting changed (configure from another face): keep what is watched.
    if (onDisk && this.config && onDisk.createdAt === this.config.createdAt && onDisk.lab === this.config.lab) {
      await this.reloadConfigKeepingState();
      return;
    }
    // No lab.json any more: the store starts the story over (apply-observation.ts, lab-files).
    await this.reloadConfig();
  }

  private async reloadConfig(chosen?: LabDefinition): Promise<void> {
    const config = await readLabConfig(this.labDir);
    const lab = config ? labDefinition(config.lab ?? DEFAULT_LAB_ID) : (chosen ?? this.definition);
    await this.monitor.setConfig(config, await labSetupState(this.labDir), lab);
    this.store.observe({ kind: 'ledger', ledger: toLedger(await readLedger(this.labDir)) });
  }

  /** lab.json changed within the same lab (settings): the snapshot's config follows, nothing restarts. */
  private async reloadConfigKeepingState(): Promise<void> {
    const config = await readLabConfig(this.labDir);
    if (!config) return;
    this.store.observe({ kind: 'config-edited', config });
  }

  private async refuseWhileRunning(what: string): Promise<void> {
    const running: string[] = [];
    for (const node of Object.keys(this.ctx().config.nodes)) {
      const found = await findRunning(this.ctx(), node);
      if (found) running.push(`${node} (pid ${found.pid})`);
    }
    if (running.length > 0) {
      throw new LabError('ALREADY_RUNNING', `Cannot ${what} while brokers run: ${running.join(', ')}.`, 'Run `amq-ha-lab down` first.').fixedBy('stop-brokers');
    }
  }

  /**
   * Starts a node and waits until its server has started (live, or a passive backup). Rejects with
   * BROKER_DIED (log tail and hint) when the JVM exits first. `ifRunning: 'adopt'` makes a
   * running broker count as started.
   */
  async startNode(node: NodeName, options: { ifRunning?: 'adopt' | 'fail'; wait?: boolean } = {}): Promise<StartOutcome> {
    return this.exclusive(`start ${node}`, () => this.startNodeNow(node, options));
  }

  private async startNodeNow(node: NodeName, options: { ifRunning?: 'adopt' | 'fail'; wait?: boolean }): Promise<StartOutcome> {
    const ctx = this.ctx();
    await this.ensureWire();
    const outcome = await startNode(ctx, node, { ifRunning: options.ifRunning ?? 'fail' });
    if (outcome.adopted) this.labEvent(node, `Adopted the running broker (pid ${outcome.pid}).`);
    await this.monitor.refresh();
    if (options.wait !== false) {
      await this.monitor.waitFor(
        (s) => nodeOf(s, node)?.process === 'running',
        BOUNDS.startLive,
        `the ${node} broker to start`,
        (s) => this.diedWhileStarting(s, node),
      );
    }
    return outcome;
  }

  /**
   * A lab with a wire runs its relay before any broker starts (a broker wired through a relay
   * that is not there finds no peer); an attendee's cuts and delays stay as they were.
   */
  private async ensureWire(): Promise<void> {
    const wire = this.wirePlan();
    if (!wire) return;
    const { adopted, status } = await ensureWire(this.labDir, wire.specs, wire.checkTargetPort);
    if (!adopted) this.labEvent(this.definition.topology.links![0]!.between[0], `The wire's relay started (pid ${status.pid}): brokers reach each other through it.`);
    this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
  }

  /** The set-up lab's links and check target port, from its topology and lab.json's ports; null without a wire. */
  private wirePlan(): { specs: LinkSpec[]; checkTargetPort: number } | null {
    const topology = this.definition.topology;
    if (!hasWire(topology)) return null;
    const config = this.requireConfig();
    return { specs: wireSpecs(topology, (id) => clusterPortOf(nodeConfig(config, id))), checkTargetPort: checkTargetPort(labPortOffset(config, topology.brokers)) };
  }

  /**
   * Cuts, heals or slows the wire between two brokers (none named: every link), or cuts brokers
   * off their network (their pinger's target fails). Said in the timeline, as the attendee did it.
   */
  async changeWire(ends: string[], change: WireChange): Promise<WireSnapshot | null> {
    const words = describeWireChange(ends, change);
    return this.exclusive(`wire: ${words}`, async () => {
      const brokers = this.config ? Object.keys(this.config.nodes) : undefined;
      // Timed from the moment it was asked: the brokers may react before the relay confirms.
      const asked = new Date();
      await changeWire(this.labDir, words, ends, change, brokers);
      const wire = currentWire(this.labDir);
      this.store.observe({ kind: 'wire', wire });
      const at = ends[0] ?? wire?.links[0]?.a ?? this.definition.topology.brokers[0]!.id;
      this.labEvent(at, `Wire: ${words}.`, asked);
      return wire;
    });
  }

  /** `link status`: each link wanted and relayed (those between `ends` when named), and why there is none. */
  private wireReport(ends: string[]): RequestResult<'wire.report'> {
    const file = readLinks(this.labDir);
    const report = linksReport(file, readLinksStatus(this.labDir));
    if (file && ends.length > 0) {
      const key = (l: { from: string; to: string }) => `${l.from}>${l.to}`;
      const chosen = new Set(selectLinks(file.links, ends, this.config ? Object.keys(this.config.nodes) : undefined).map((i) => key(file.links[i]!)));
      report.links = report.links.filter((l) => chosen.has(key(l)));
    }
    return { report, noLinks: report.links.length === 0 ? toErrorInfo(noLinks(this.labDir)) : null };
  }

  /** `link start`: the relay process for the links declared, by hand (adopted when it runs). */
  private startWireByHand(): Promise<RequestResult<'wire.start'>> {
    return this.exclusive('start the wire', async () => {
      const { status, adopted } = await startRelays(this.labDir);
      this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
      if (!adopted) this.labEvent(this.wireEnd(), `Wire: the relay started by hand (pid ${status.pid}).`);
      return { pid: status.pid, adopted };
    });
  }

  /** `link stop`: the relay process ended, every link dropped. */
  private stopWireByHand(): Promise<RequestResult<'wire.stop'>> {
    return this.exclusive('stop the wire', async () => {
      const last = await stopRelays(this.labDir);
      this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
      if (last) this.labEvent(this.wireEnd(), `Wire: the relay (pid ${last.pid}) stopped by hand; every link dropped.`);
      return last ? { pid: last.pid } : null;
    });
  }

  /** The broker the timeline files a wire event under: an end of the first link. */
  private wireEnd(): NodeName {
    return this.definition.topology.links?.[0]?.between[0] ?? currentWire(this.labDir)?.links[0]?.a ?? this.definition.topology.brokers[0]!.id;
  }

  /**
   * Times `count` durable sends to the live broker (or `node`) at each wire delay in turn, then
   * puts the delay back as it was: what synchronous replication costs per message.
   */
  async measureRoundTrips(latencies: number[], count: number, node?: NodeName): Promise<RoundTripSeries[]> {
    return this.exclusive(`time sends at ${latencies.join(', ')} ms`, async () => {
      const target = await this.requireLive(node);
      const before = currentWire(this.labDir)?.links.find((l) => l.a === target || l.b === target);
      const ends = before ? [before.a, before.b] : [];
      let series = readRoundTrips(this.labDir);
      try {
        for (const latencyMs of latencies) {
          if (before) await changeWire(this.labDir, `delay ${latencyMs} ms`, ends, { latencyMs });
          series = await timeSends(this.labDir, this.endpoint(target), { count, latencyMs: before ? latencyMs : 0, durable: true, runId: newRunId() });
          const last = series[series.length - 1]!;
          this.labEvent(target, `${count} durable sends one at a time with ${last.latencyMs} ms on the wire: median round trip ${last.medianMs} ms.`);
          this.store.observe({ kind: 'round-trips', series });
        }
      } finally {
        if (before) await changeWire(this.labDir, `delay ${before.latencyMs} ms`, ends, { latencyMs: before.latencyMs });
        this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
      }
      return series;
    });
  }

  /** A failIf for waits: the node's JVM is gone, so no amount of waiting helps. */
  diedWhileStarting(s: LabSnapshot, node: NodeName): LabError | null {
    const n = nodeOf(s, node);
    if (!n || (n.process !== 'crashed' && n.process !== 'stopped')) return null;
    return brokerDied(this.ctx(), node);
  }

  async stopNode(node: NodeName, options: { crash?: boolean } = {}): Promise<StopOutcome> {
    return this.exclusive(options.crash ? `crash ${node}` : `stop ${node}`, async () => {
      const outcome = await stopNode(this.ctx(), node, { crash: options.crash });
      await this.monitor.refresh();
      return outcome;
    });
  }

  /**
   * Every broker in the topology's start order, each waited for: primaries and members until
   * live, backups until standing by (synchronized, or waiting their turn); then the lab's queue.
   * Brokers that already run are adopted, never started twice.
   */
  async up(onLine?: (line: string) => void): Promise<UpReport> {
    return this.exclusive('up', async () => {
      const lines: string[] = [];
      const say = (line: string) => {
        lines.push(line);
        onLine?.(line);
      };
      const topology = this.definition.topology;
      // Every port up needs, before anything starts: a held backup port must not leave the primary running.
      for (const node of Object.keys(this.requireConfig().nodes)) {
        if (!(await findRunning(this.ctx(), node))) await checkPorts(this.requireConfig(), node);
      }
      const t0 = Date.now();
      const brokers: { node: NodeName; ms: number }[] = [];
      const startedAt = new Map<NodeName, number>();
      const start = async (broker: BrokerDef) => {
        startedAt.set(broker.id, Date.now());
        const started = await this.startNode(broker.id, { ifRunning: 'adopt', wait: false });
        say(started.adopted ? `${broker.id}: already running (pid ${started.pid}), adopted.` : `${broker.id}: started (pid ${started.pid}).`);
      };
      const ready = new Map<NodeName, Promise<void>>();
      const waitReady = (broker: BrokerDef): Promise<void> => {
        const known = ready.get(broker.id);
        if (known) return known;
        const backup = broker.role === 'backup';
        const waiting = this.monitor
          .waitFor(
            (s) => (backup ? standingBy(s, broker, topology) : !!nodeOf(s, broker.id)?.live),
            backup ? BOUNDS.backupSync : BOUNDS.startLive,
            backup ? `${broker.label} to stand by as a backup${broker.ha === 'replication' ? ' (AMQ221024)' : ''}` : `${broker.label} to become live (AMQ221007)`,
            (s) => this.diedWhileStarting(s, broker.id),
          )
          .then(() => {
            const ms = Date.now() - (startedAt.get(broker.id) ?? t0);
            brokers.push({ node: broker.id, ms });
            const n = nodeOf(this.monitor.snapshot(), broker.id);
            say(`${broker.id}: ${backup ? (n?.replicaSync ? 'passive and synchronized' : 'passive, waiting') : 'live'} after ${ms} ms.`);
          });
        ready.set(broker.id, waiting);
        return waiting;
      };
      // Faster than one after another, and as safe: a replicating backup's JVM boots while its
      // primary does (it only connects once the primary is up), but a second backup of the same
      // primary waits until the first stands by, so the first is the replica (as the stories
      // expect); a shared-store backup waits for the primary's lock, or it would take it.
      const order = startOrder(topology);
      for (const broker of order.filter((b) => b.role !== 'backup')) await start(broker);
      const previousBackup = new Map<string, BrokerDef>();
      for (const broker of order.filter((b) => b.role === 'backup')) {
        const group = broker.group ?? broker.id;
        const primary = topology.brokers.find((b) => b.id === group);
        const before = previousBackup.get(group);
        if (before) await waitReady(before);
        else if (broker.ha === 'shared-store' && primary) await waitReady(primary);
        await start(broker);
        previousBackup.set(group, broker);
      }
      for (const broker of order) await waitReady(broker);

      const t2 = Date.now();
      const created = await this.ensureHaQueue();
      const queueMs = Date.now() - t2;
      say(created ? `${HA_QUEUE}: created (anycast, durable) in ${queueMs} ms.` : `${HA_QUEUE}: already there.`);
      const totalMs = Date.now() - t0;
      say(`up: ${totalMs} ms in all.`);
      return { snapshot: await this.monitor.refresh(), lines, timings: { brokers, queueMs, totalMs } };
    });
  }

  async brokerRssMb(): Promise<Record<NodeName, number | null>> {
    const out: Record<NodeName, number | null> = {};
    for (const n of this.monitor.snapshot().nodes) {
      const rss = n.pid ? await readRss(n.pid) : null;
      out[n.name] = rss ? Math.round(rss.current / (1024 * 1024)) : null;
    }
    return out;
  }

  liveNode(s: LabSnapshot = this.monitor.snapshot()): NodeName | null {
    const live = s.nodes.filter((n) => n.live && n.process === 'running');
    return live.length === 1 ? live[0]!.name : (live[0]?.name ?? null);
  }

  /**
   * Creates haQueue (anycast, durable) on every live broker (one in an HA pair, each member of a
   * cluster); returns false when it was there already. Through Jolokia's createQueue (~20 ms)
   * rather than `artemis queue create` (a JVM start, 2-5 s on a busy laptop, a third of `up`);
   * the CLI is the fallback.
   */
  async ensureHaQueue(): Promise<boolean> {
    await this.liveAnsweringJolokia();
    let created = false;
    for (const live of this.monitor.snapshot().nodes.filter((n) => n.live && n.process === 'running' && n.jolokia === 'ok')) {
      if (live.queues.haQueue !== null) continue;
      await this.createQueueOn(live.name, HA_QUEUE);
      await this.monitor.waitFor((snap) => nodeOf(snap, live.name)?.queues.haQueue !== null, BOUNDS.queue, `${HA_QUEUE} to appear on ${live.label}`);
      created = true;
    }
    return created;
  }

  /** An anycast, durable queue on the live broker (for the traffic); true when created now. */
  async ensureQueue(queue: string): Promise<boolean> {
    return this.createQueueOn(await this.liveAnsweringJolokia(), queue);
  }

  /** The live node, once its Jolokia answers (a console that never deployed says why). */
  private async liveAnsweringJolokia(): Promise<NodeName> {
    const config = this.requireConfig();
    const s = await this.monitor
      .waitFor(
        (snap) => {
          const name = this.liveNode(snap);
          return !!name && nodeOf(snap, name)?.jolokia === 'ok';
        },
        BOUNDS.queue,
        'a live broker answering Jolokia',
      )
      .catch(async (error: unknown) => {
        // A console that never deployed is the usual reason, and Jetty's log says why.
        const logs = Object.entries(config.nodes).map(([name, node]) => ({ name, log: instanceFiles(node.dir).log }));
        throw (error instanceof LabError && error.code === 'TIMEOUT' && (await webConsoleFailureError(logs, config.broker.home))) || error;
      });
    return this.liveNode(s)!;
  }

  /** An anycast, durable queue on `live`; true when it was created now. */
  private async createQueueOn(live: NodeName, queue: string): Promise<boolean> {
    const config = this.requireConfig();
    const node = nodeConfig(config, live);
    const target = { consolePort: node.consolePort, user: config.user, password: config.password };
    let created = false;
    const state = await readBrokerState(target);
    if (state.reachable) {
      try {
        const outcome = await createAnycastQueue(target, state.brokerName, queue);
        if (outcome === 'exists') return false;
        created = true;
      } catch {
        // Fall back to the broker's own CLI below.
      }
    }
    if (!created) {
      try {
        await runBrokerCommand({ dir: node.dir, javaHome: config.javaHome }, this.queueCreateArgs(live, queue), { timeoutMs: 60_000 });
      } catch (error) {
        // Created meanwhile (another face, or an attendee in a terminal): fine.
        if (!(error instanceof LabError && /already exists|AMQ229019/i.test(`${error.message}\n${error.details ?? ''}`))) throw error;
        return false;
      }
    }
    return true;
  }

  queueCreateArgs(node: NodeName, queue: string = HA_QUEUE): string[] {
    const config = this.requireConfig();
    return [
      'queue',
      'create',
      '--name',
      queue,
      '--address',
      queue,
      '--anycast',
      '--durable',
      '--preserve-on-no-consumers',
      '--auto-create-address',
      '--url',
      `tcp://127.0.0.1:${nodeConfig(config, node).acceptorPort}`,
      '--user',
      config.user,
      '--password',
      config.password,
      '--silent',
    ];
  }

  /**
   * Changes broker.xml settings of some brokers (a step switching ON_DEMAND to STRICT, or turning
   * failover-on-shutdown on) and records them in lab.json; the story restarts what needs it.
   */
  async configure(nodes: NodeName[], settings: BrokerSettings): Promise<string[]> {
    return this.exclusive(`configure ${nodes.join(', ')}`, async () => {
      const config = this.requireConfig();
      const topology = this.definition.topology;
      const lines: string[] = [];
      const next: LabConfig = { ...config, nodes: { ...config.nodes } };
      for (const id of nodes) {
        const node = nodeConfig(config, id);
        const broker = topology.brokers.find((b) => b.id === id)!;
        const merged = { ...broker.settings, ...node.settings, ...settings };
        const file = instanceFiles(node.dir).brokerXml;
        const edited = editBrokerXml(fs.readFileSync(file, 'utf8'), {
          role: broker.role,
          ha: broker.ha,
          settings: merged,
          dialect: config.broker.dialect,
          host: '127.0.0.1',
          selfPort: node.acceptorPort,
          clusterPort: node.clusterPort ?? null,
          ...brokerWiring(
            topology,
            broker,
            labPortOffset(config, topology.brokers),
            (peer) => clusterPortOf(nodeConfig(config, peer)),
            (peer) => nodeConfig(config, peer).instance,
          ),
          haTuning: null,
        });
        if (edited.changes.length > 0) fs.writeFileSync(file, edited.xml, 'utf8');
        lines.push(...edited.changes.map((c) => `${broker.label}: ${c}`));
        next.nodes[id] = { ...node, settings: merged };
        this.labEvent(id, edited.changes.length ? `Configured: ${edited.changes.join(' ')}` : 'Configuration already as asked.');
      }
      await writeLabConfig(this.labDir, next);
      await this.reloadConfigKeepingState();
      return lines;
    });
  }

  /**
   * A producer and a consumer on the traffic queue that follow the live broker, in their own
   * detached process (they outlive this face, as the brokers do). Returns once they run.
   */
  async startTraffic(rate: number = TRAFFIC_DEFAULT_RATE): Promise<TrafficSnapshot> {
    return this.exclusive('start traffic', async () => {
      const current = readTraffic(this.labDir);
      if (current && current.state !== 'stopped') {
        throw new LabError('ALREADY_RUNNING', `Traffic already runs (pid ${current.pid}, ${current.rate} msg/s).`, 'Stop it first (`amq-ha-lab traffic stop`).').fixedBy('stop-traffic');
      }
      await this.requireLive();
      await this.ensureQueue(TRAFFIC_QUEUE);
      clearTrafficStop(this.labDir);
      const runId = newRunId();
      const pid = spawnTrafficRunner(this.labDir, rate, runId);
      const s = await this.monitor.waitFor(
        (snap) => snap.traffic?.runId === runId && snap.traffic.producer.connected && snap.traffic.consumer.connected,
        BOUNDS.queue,
        'the traffic clients to connect',
        (snap) =>
          isAlive(pid) || snap.traffic?.runId === runId
            ? null
            : new LabError('COMMAND_FAILED', `The traffic process (pid ${pid}) exited at start.`, 'See its output below.', tailLines(readTail(trafficOutputPath(this.labDir)))),
      );
      return s.traffic!;
    });
  }

  /** Stops producing, drains, and returns the final account (lost, duplicated, redelivered…). */
  async stopTraffic(): Promise<TrafficSnapshot> {
    return this.exclusive('stop traffic', async () => {
      const current = readTraffic(this.labDir);
      if (!current) throw new LabError('NOT_RUNNING', 'No traffic was started in this lab.', 'Start it with `amq-ha-lab traffic start`.').fixedBy('start-traffic');
      if (current.state === 'stopped') return current;
      requestTrafficStop(this.labDir);
      const s = await this.monitor.waitFor(
        (snap) => snap.traffic?.runId === current.runId && snap.traffic.state === 'stopped',
        BOUNDS.trafficDrain,
        'the traffic to drain and stop',
      );
      clearTrafficStop(this.labDir);
      return s.traffic!;
    });
  }

  /**
   * A consumer on each of `nodes`, pinned to that broker, held by the lab's detached consumers
   * process (started when none runs); returns once each has its receiver open on its broker.
   */
  async startConsumers(nodes: NodeName[]): Promise<ConsumersSnapshot> {
    return this.exclusive(`start consumers on ${nodes.join(', ')}`, async () => {
      const config = this.requireConfig();
      this.requireBrokers(nodes);
      const current = readConsumers(this.labDir);
      const running = !!current?.running;
      writeWanted(this.labDir, [...(running ? readWanted(this.labDir) : []), ...nodes]);
      let pid = current?.pid ?? 0;
      if (!running) {
        clearConsumersStop(this.labDir);
        pid = spawnConsumersRunner(this.labDir);
      }
      const attached = (snap: LabSnapshot) => !!snap.consumers?.running && nodes.every((n) => snap.consumers?.consumers[n]?.state === 'attached');
      const s = await this.monitor.waitFor(attached, BOUNDS.queue, `a consumer attached on ${nodes.map((n) => nodeConfig(config, n).instance).join(' and ')}`, (snap) =>
        isAlive(pid) || (snap.consumers?.running && snap.consumers.pid === pid)
          ? null
          : new LabError('COMMAND_FAILED', `The consumers process (pid ${pid}) exited at start.`, 'See its output below.', tailLines(readTail(consumersOutputPath(this.labDir)))),
      );
      return s.consumers!;
    });
  }

  /** Closes the consumers on `nodes` (their brokers' ConsumerCount drops at once); the others keep running. */
  async stopConsumers(nodes: NodeName[]): Promise<ConsumersSnapshot | null> {
    return this.exclusive(`stop consumers on ${nodes.join(', ')}`, async () => {
      this.requireBrokers(nodes);
      if (!readConsumers(this.labDir)?.running) return readConsumers(this.labDir);
      writeWanted(this.labDir, readWanted(this.labDir).filter((n) => !nodes.includes(n)));
      const s = await this.monitor.waitFor(
        (snap) => !snap.consumers?.running || nodes.every((n) => (snap.consumers?.consumers[n]?.state ?? 'stopped') === 'stopped'),
        BOUNDS.queue,
        `the consumers on ${nodes.join(', ')} to stop`,
      );
      return s.consumers;
    });
  }

  /** Ends the consumers process (asked through its stop file; killed if it does not go). */
  private async endConsumers(): Promise<void> {
    const current = readConsumers(this.labDir);
    if (!current?.running) return;
    requestConsumersStop(this.labDir);
    if (!(await waitForExit(current.pid, 10_000))) {
      await killHard(current.pid);
      this.labEvent(this.definition.topology.brokers[0]!.id, `Killed the consumers process ${current.pid}: it did not stop within 10 s.`);
    }
    clearConsumersStop(this.labDir);
    writeWanted(this.labDir, []);
    this.store.observe({ kind: 'consumers', consumers: readConsumers(this.labDir) });
  }

  private requireBrokers(nodes: NodeName[]): void {
    const ids = this.definition.topology.brokers.map((b) => b.id);
    const unknown = nodes.filter((n) => !ids.includes(n));
    if (unknown.length > 0 || nodes.length === 0) {
      throw new LabError('BAD_REQUEST', `No broker "${unknown.join(', ') || '(none named)'}" in ${this.definition.id}.`, `Name one or more of: ${ids.join(', ')}.`);
    }
  }

  /** Every broker, backups first (so no client follows a failover to one), each stopped and gone. */
  async down(): Promise<LabSnapshot> {
    return this.exclusive('down', async () => {
      if (!this.config) return this.monitor.refresh();
      // Clients first: traffic while a broker can still take what it drains, then the pinned consumers.
      if (this.monitor.snapshot().traffic && this.monitor.snapshot().traffic?.state !== 'stopped') await this.stopTraffic();
      await this.endConsumers();
      for (const { id: node } of stopOrder(this.definition.topology)) {
        if (!this.config.nodes[node]) continue;
        if (await findRunning(this.ctx(), node)) await this.stopNode(node);
        const killed = await ensureNoProcessLeft(this.ctx(), node);
        if (killed.length > 0) this.labEvent(node, `Killed process ${killed.join(', ')} of this instance that outlived the stop.`);
      }
      // The wire last: brokers stopping gracefully still say goodbye to each other through it.
      const relay = await endWire(this.labDir);
      if (relay) this.store.observe({ kind: 'wire', wire: currentWire(this.labDir) });
      return this.monitor.refresh();
    });
  }

  /** down, then move the lab dir aside (never deleted), and the ASCII home it points at, if any. */
  async reset(): Promise<{ movedTo: string | null; homeMovedTo?: string | null }> {
    return this.exclusive('reset', async () => {
      await this.down();
      if (!fs.existsSync(this.labDir)) return { movedTo: null };
      // Progress written after the move would recreate the lab dir: finish it first.
      await this.monitor.saved();
      const home = this.config?.broker.home ?? (await readHomePointer(this.labDir));
      const movedTo = await moveAside(this.labDir);
      const homeMovedTo = await moveExternalHomeAside(this.labDir, home);
      await this.monitor.setConfig(null, 'none');
      this.store.observe({ kind: 'ledger', ledger: { runId: null, sent: 0, checks: [] } });
      return { movedTo, homeMovedTo };
    });
  }

  private endpoint(node: NodeName): NodeEndpoint {
    const config = this.requireConfig();
    const group = brokerDef(this.definition.topology, node)?.group ?? null;
    return { host: '127.0.0.1', port: nodeConfig(config, node).acceptorPort, user: config.user, password: config.password, node, group };
  }

  /**
   * The live node, once its acceptor takes connections: a backup that just took over logs
   * AMQ221007 a moment before it opens its acceptors, and a client arriving in between would be
   * refused.
   */
  private async requireLive(node?: NodeName): Promise<NodeName> {
    const live = node ?? this.liveNode();
    if (!live) throw new LabError('NOT_RUNNING', 'No broker is live right now.', 'Run `amq-ha-lab up` (or start a primary) first.').fixedBy('start-broker');
    if (!nodeOf(this.monitor.snapshot(), live)?.live) {
      throw new LabError('NOT_RUNNING', `The ${live} broker is not live right now.`, 'Run `amq-ha-lab status` to see which broker is live.');
    }
    const port = nodeConfig(this.requireConfig(), live).acceptorPort;
    const deadline = Date.now() + BOUNDS.acceptor;
    while (!(await acceptsConnections(port))) {
      if (Date.now() > deadline) {
        throw new LabError('TIMEOUT', `The ${live} is live but its acceptor (port ${port}) takes no connections.`, 'See its log (amq-ha-lab status).');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return live;
  }

  /** Sends durable messages to haQueue on `node` (else whichever is live), recording them in the ledger. */
  async send(count: number, options: { newRun?: boolean; node?: NodeName } = {}): Promise<SendResult> {
    return this.exclusive(`send ${count}`, () => this.sendNow(count, options));
  }

  private async sendNow(count: number, options: { newRun?: boolean; node?: NodeName }): Promise<SendResult> {
    const config = this.requireConfig();
    const node = await this.requireLive(options.node);
    await this.ensureHaQueue();
    if (options.newRun) await startRun(this.labDir);
    try {
      return await sendAndRecord(this.labDir, this.endpoint(node), { count, artemis: path.join(nodeConfig(config, node).dir, 'bin', 'artemis') });
    } finally {
      // A send cut short is recorded as far as the broker confirmed it; the snapshot shows that too.
      this.store.observe({ kind: 'ledger', ledger: toLedger(await readLedger(this.labDir)) });
    }
  }

  /** Browses (never consumes) haQueue on `node` (else the live one) and records sent/present/lost/duplicated. */
  async verify(label?: string, onNode?: NodeName): Promise<Ledger> {
    return this.exclusive('verify', () => this.verifyNow(label, onNode));
  }

  /** Browses the lab's queue on each of `nodes` (each live: a split pair) and records where every message of the run is. */
  async locate(nodes: NodeName[], label: string): Promise<Ledger> {
    return this.exclusive('locate messages', async () => {
      this.requireBrokers(nodes);
      if (!(await readLedger(this.labDir)).runId) {
        throw new LabError('NOT_RUNNING', 'Nothing sent yet, so there is nothing to locate.', 'Send some messages first (`amq-ha-lab send`).').fixedBy('send-messages');
      }
      for (const node of nodes) await this.requireLive(node);
      const { ledger } = await locateMessages(this.labDir, nodes.map((n) => this.endpoint(n)), { label });
      this.store.observe({ kind: 'ledger', ledger: toLedger(ledger) });
      return toLedger(ledger);
    });
  }

  private async verifyNow(label?: string, onNode?: NodeName): Promise<Ledger> {
    const node = await this.requireLive(onNode);
    if (!(await readLedger(this.labDir)).runId) {
      throw new LabError('NOT_RUNNING', 'Nothing sent yet, so there is nothing to verify.', 'Send some messages first (`amq-ha-lab send`).').fixedBy('send-messages');
    }
    const { ledger } = await verifyLedger(this.labDir, this.endpoint(node), { label: label ?? `on the ${node}` });
    this.store.observe({ kind: 'ledger', ledger: toLedger(ledger) });
    return toLedger(ledger);
  }
}


function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

export async function createLab(opts: LabOptions): Promise<Lab> {
  return Lab.create(opts);
}
