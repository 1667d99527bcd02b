// One lab's truth, as a stream of whole snapshots. It joins the run files (is the JVM there?),
// each broker's log (what did it just say?) and Jolokia (what does it say it is?), and emits a
// new LabSnapshot whenever any of it changes, bursts folded into one (EMIT_COALESCE_MS).
import type {
  DoctorCheck,
  ErrorInfo,
  HaEvent,
  LabConfig,
  LabSnapshot,
  Ledger,
  LogLine,
  NodeName,
  NodeSnapshot,
  StepState,
  Stopwatch,
  TaskProgress,
} from '../../shared/lab-state.js';
import { labView, NODE_NAMES } from '../../shared/lab-state.js';
import type { TrafficSnapshot } from '../../shared/traffic-state.js';
import { readBrokerState, type JolokiaResult } from './jolokia.js';
import { LabError } from './lab-error.js';
import { embeddedCodeOf, eventText, kindOfCode, parseLogLine, roleSignalOf } from './log-codes.js';
import { LogFollower, type FollowedLine } from './log-follower.js';
import { applyRoleSignal, assembleNode, EMPTY_ROLE, type LogRole } from './node-state.js';
import type { RunFile, RunVerdict } from './pid-files.js';
import { eventKey, readProgress, saveProgress, type LabProgress, type ProgressChange } from './progress-file.js';
import { judgeNode, logFileOf } from './supervisor.js';

export const EMIT_COALESCE_MS = 30;
const TICK_MS = 100;
const JOLOKIA_INTERVAL_MS = 250;
const JOLOKIA_TIMEOUT_MS = 1500;
const MAX_LOG_LINES = 300;
const MAX_EVENTS = 400;

interface NodeWatch {
  name: NodeName;
  follower: LogFollower | null;
  role: LogRole;
  lines: LogLine[];
  nextSeq: number;
  verdict: RunVerdict;
  run: RunFile | null;
  jolokia: JolokiaResult | null;
  polling: boolean;
  lastError: ErrorInfo | null;
  snapshot: NodeSnapshot | null;
  /** Run-file changes become events only after the first look (not for what was already so). */
  seen: boolean;
  /** Broker time of the latest timed log line, for the untimed exception lines below it. */
  lastLineAt: number | null;
}

export interface MonitorInit {
  labDir: string;
  installsDir: string;
  config: LabConfig | null;
  setup: LabSnapshot['setup'];
  ledger: Ledger;
  /** The story's steps, all pending: what a lab without saved progress starts from. */
  steps: StepState[];
}

export type SnapshotPredicate = (s: LabSnapshot) => boolean;

export class LabMonitor {
  private config: LabConfig | null;
  private setupState: LabSnapshot['setup'];
  private doctor: DoctorCheck[] | null = null;
  private task: TaskProgress | null = null;
  private ledger: Ledger;
  private steps: StepState[];
  private events: HaEvent[] = [];
  private failover: Stopwatch | null = null;
  private failback: Stopwatch | null = null;
  private traffic: TrafficSnapshot | null = null;
  private watches: Record<NodeName, NodeWatch>;
  private seq = 0;
  private current: LabSnapshot;
  private listeners = new Set<(s: LabSnapshot) => void>();
  private emitTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;
  private lags: number[] = [];
  /** Broker times of HA lines read but not yet in an emitted snapshot. */
  private pendingLag: number[] = [];
  /** False while the logs' existing tails are read: those lines are history, not detections. */
  private following = false;
  /** Progress writes, one after another, so a later change never lands under an earlier one. */
  private saving: Promise<unknown> = Promise.resolve();
  private unsaved = 0;
  /** The file changed while our own changes were still on their way: read it once they are in. */
  private rereadAfterSave = false;

  constructor(private readonly init: MonitorInit) {
    this.config = init.config;
    this.setupState = init.setup;
    this.ledger = init.ledger;
    this.steps = init.steps;
    this.watches = Object.fromEntries(NODE_NAMES.map((n) => [n, this.emptyWatch(n)])) as Record<NodeName, NodeWatch>;
    if (this.config) this.applyProgress(readProgress(init.labDir));
    this.current = this.build();
  }

  /**
   * Takes saved progress (at start, or written by another face) as the truth for steps, lab
   * events and stopwatches. Emits only when something differs.
   */
  applyProgress(progress: LabProgress | null): void {
    if (!progress) return;
    let changed = false;
    const saved = new Map(progress.steps.map((s) => [s.id, s]));
    const steps = this.steps.map((s) => saved.get(s.id) ?? s);
    if (JSON.stringify(steps) !== JSON.stringify(this.steps)) {
      this.steps = steps;
      changed = true;
    }
    const have = new Set(this.events.map(eventKey));
    for (const event of progress.events) {
      if (have.has(eventKey(event))) continue;
      this.pushEvent(event);
      changed = true;
    }
    const { failover, failback } = progress.stopwatch;
    if (newerWatch(failover, this.failover)) {
      this.failover = failover;
      changed = true;
    }
    if (newerWatch(failback, this.failback)) {
      this.failback = failback;
      changed = true;
    }
    if (changed) this.scheduleEmit();
  }

  /**
   * Another face wrote the progress file. Read now, unless changes of ours are still on their way
   * (the file would not have them yet, and our steps would flicker back): then right after them.
   */
  reloadProgress(): void {
    if (this.unsaved > 0) {
      this.rereadAfterSave = true;
      return;
    }
    this.applyProgress(readProgress(this.init.labDir));
  }

  /** Queues a merge of `change` into the lab's progress file (only a lab that exists has one). */
  private save(change: ProgressChange): void {
    if (!this.config || this.closed) return;
    const labDir = this.init.labDir;
    const base = this.init.steps;
    this.unsaved += 1;
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => saveProgress(labDir, change, base))
      .catch((error: unknown) => {
        // The lab goes on in memory; the next change tries again with the whole state.
        process.emitWarning(`Could not save the lab's progress: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.unsaved -= 1;
        if (this.unsaved === 0 && this.rereadAfterSave && !this.closed) {
          this.rereadAfterSave = false;
          this.applyProgress(readProgress(labDir));
        }
      });
  }

  /** Resolves when every progress change so far is on disk. */
  async saved(): Promise<void> {
    await this.saving.catch(() => undefined);
  }

  private emptyWatch(name: NodeName): NodeWatch {
    return {
      name,
      follower: null,
      role: EMPTY_ROLE,
      lines: [],
      nextSeq: 1,
      verdict: { kind: 'stopped' },
      run: null,
      jolokia: null,
      polling: false,
      lastError: null,
      snapshot: null,
      seen: false,
      lastLineAt: null,
    };
  }

  /** Reads the logs' tails and the brokers' state once, then keeps following. */
  async start(): Promise<void> {
    await this.followLogs();
    await this.tick();
    // One Jolokia reading per running node, so the first snapshot is already true.
    await Promise.all(NODE_NAMES.filter((n) => this.watches[n].verdict.kind === 'running').map((n) => this.pollOnce(n)));
    this.recompute();
    this.emitNow();
    this.tickTimer = setInterval(() => void this.tick(), TICK_MS);
  }

  private async followLogs(): Promise<void> {
    this.following = false;
    for (const name of NODE_NAMES) {
      const watch = this.watches[name];
      watch.follower?.close();
      watch.follower = null;
      if (!this.config) continue;
      const follower = new LogFollower(logFileOf(this.config, name), (lines) => this.onLines(name, lines));
      watch.follower = follower;
      await follower.start();
    }
    this.following = true;
  }

  /** Setup finished, or the lab was reset: follow the (new) instances. */
  async setConfig(config: LabConfig | null, setup: LabSnapshot['setup']): Promise<void> {
    this.config = config;
    this.setupState = setup;
    for (const name of NODE_NAMES) {
      this.watches[name].follower?.close();
      this.watches[name] = this.emptyWatch(name);
    }
    this.events = [];
    this.failover = null;
    this.failback = null;
    if (config) {
      const saved = readProgress(this.init.labDir);
      // A lab this face just created keeps the steps already done (prerequisites, unpack, create).
      if (saved) this.applyProgress(saved);
      else this.save({ steps: this.steps });
    }
    await this.followLogs();
    await this.tick();
    this.scheduleEmit();
  }

  private onLines(name: NodeName, lines: FollowedLine[]): void {
    const watch = this.watches[name];
    for (const { text } of lines) {
      const parsed = parseLogLine(text);
      watch.lines.push({ seq: watch.nextSeq++, time: parsed.time, level: parsed.level, code: parsed.code, text });
      if (parsed.epochMs !== null) watch.lastLineAt = parsed.epochMs;
      // An exception line has no time of its own: it belongs to the timed line above it.
      const embedded = parsed.epochMs === null ? embeddedCodeOf(text) : null;
      const code = parsed.code ?? embedded;
      const epochMs = parsed.epochMs ?? (embedded ? watch.lastLineAt : null);
      if (epochMs === null || !code) continue;
      const signal = code === 'AMQ221001' ? 'started' : roleSignalOf(code);
      if (signal) watch.role = applyRoleSignal(watch.role, signal, epochMs);
      const kind = kindOfCode(code);
      if (kind) {
        const message = embedded ? text.slice(text.indexOf(embedded)) : parsed.text;
        this.pushEvent({ time: new Date(epochMs).toISOString(), node: name, code, kind, text: eventText(message) });
        // Only lines read as they were written (not the tail read at start) measure detection lag.
        if (this.following) this.pendingLag.push(epochMs);
      }
    }
    if (watch.lines.length > MAX_LOG_LINES) watch.lines.splice(0, watch.lines.length - MAX_LOG_LINES);
    this.recompute();
    this.scheduleEmit();
  }

  private pushEvent(event: HaEvent): void {
    // Keep time order: lab events and the two logs interleave.
    let i = this.events.length;
    while (i > 0 && this.events[i - 1]!.time > event.time) i--;
    this.events.splice(i, 0, event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /** A moment the lab itself caused or noticed (start, stop, crash, adoption), code "LAB". */
  labEvent(node: NodeName, text: string, time = new Date()): void {
    const event: HaEvent = { time: time.toISOString(), node, code: 'LAB', kind: 'lab', text };
    this.pushEvent(event);
    this.save({ events: [event] });
    this.scheduleEmit();
  }

  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.tickOnce().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async tickOnce(): Promise<void> {
    if (this.closed) return;
    if (!this.config) {
      this.recompute();
      return;
    }
    for (const name of NODE_NAMES) {
      const watch = this.watches[name];
      const { verdict, run } = await judgeNode(this.init.labDir, this.config, name);
      this.noticeRunChanges(watch, watch.run, run, watch.verdict, verdict);
      watch.verdict = verdict;
      watch.run = run;
      watch.seen = true;
      if (verdict.kind !== 'running') watch.jolokia = null;
      else if (!watch.polling) void this.pollLoop(name);
    }
    this.recompute();
  }

  /** Turns run-file changes (from this or any other lab process) into timeline events. */
  private noticeRunChanges(watch: NodeWatch, before: RunFile | null, after: RunFile | null, was: RunVerdict, now: RunVerdict): void {
    const name = watch.name;
    if (!watch.seen) return;
    if (after && after.startedAt !== before?.startedAt) {
      this.labEvent(name, `Start issued (pid ${after.pid}).`, new Date(after.startedAt));
      watch.lastError = null;
    }
    if (after?.stopRequestedAt && after.stopRequestedAt !== before?.stopRequestedAt) {
      this.labEvent(name, 'Graceful stop issued (artemis stop).', new Date(after.stopRequestedAt));
    }
    if (after?.crashRequestedAt && after.crashRequestedAt !== before?.crashRequestedAt) {
      this.labEvent(name, `Killed hard (crash, pid ${after.pid}).`, new Date(after.crashRequestedAt));
    }
    if (was.kind === 'running' && now.kind !== 'running') {
      this.labEvent(name, `Process ${was.pid} exited.`);
      if (now.kind === 'exited' && !now.crashRequested && !now.stopRequested) {
        watch.lastError = {
          code: 'BROKER_DIED',
          message: `The ${name} broker exited on its own.`,
          hint: 'See its log for the reason; `amq-ha-lab doctor` checks the usual causes.',
        };
      }
    }
  }

  private async pollLoop(name: NodeName): Promise<void> {
    const watch = this.watches[name];
    watch.polling = true;
    try {
      while (!this.closed && this.watches[name] === watch && watch.verdict.kind === 'running') {
        await this.pollOnce(name);
        await new Promise((r) => setTimeout(r, JOLOKIA_INTERVAL_MS));
      }
    } finally {
      watch.polling = false;
    }
  }

  private async pollOnce(name: NodeName): Promise<void> {
    const watch = this.watches[name];
    if (!this.config) return;
    const node = this.config.nodes[name];
    const result = await readBrokerState(
      { consolePort: node.consolePort, user: this.config.user, password: this.config.password },
      JOLOKIA_TIMEOUT_MS,
    );
    if (this.closed || this.watches[name] !== watch) return;
    watch.jolokia = watch.verdict.kind === 'running' ? result : null;
    this.recompute();
  }

  private recompute(): void {
    let changed = false;
    for (const name of NODE_NAMES) {
      const w = this.watches[name];
      const next = assembleNode({
        name,
        config: this.config?.nodes[name] ?? null,
        verdict: w.verdict,
        run: w.run,
        role: w.role,
        jolokia: w.jolokia,
        lastError: w.lastError,
      });
      if (!w.snapshot || JSON.stringify(w.snapshot) !== JSON.stringify(next)) {
        w.snapshot = next;
        changed = true;
      }
    }
    if (this.updateStopwatches()) {
      changed = true;
      this.save({ stopwatch: { failover: this.failover, failback: this.failback } });
    }
    if (changed) this.scheduleEmit();
  }

  /**
   * Failover: from the master's stop/kill request to the backup seen live. Failback: from the
   * master's restart (after a failover) to the master seen live again. Both read the run files,
   * so a stop issued by another lab process still starts the clock.
   */
  private updateStopwatches(): boolean {
    const master = this.watches.master;
    const backup = this.watches.backup;
    const now = new Date().toISOString();
    let changed = false;
    const trigger = latest(master.run?.stopRequestedAt ?? null, master.run?.crashRequestedAt ?? null);
    // Only a master stop while its backup runs is a failover (not `down`, which stops the backup first).
    const backupStandsBy = backup.verdict.kind === 'running' && !backup.run?.stopRequestedAt && !backup.run?.crashRequestedAt;
    if (trigger && backupStandsBy && (!this.failover || this.failover.startedAt < trigger)) {
      this.failover = { startedAt: trigger, endedAt: null, ms: null };
      changed = true;
    }
    if (this.failover && !this.failover.endedAt && backup.snapshot?.live) {
      this.failover = finish(this.failover, now);
      changed = true;
    }
    const restart = master.run?.startedAt ?? null;
    if (this.failover?.endedAt && restart && restart > this.failover.startedAt && (!this.failback || this.failback.startedAt < restart)) {
      this.failback = { startedAt: restart, endedAt: null, ms: null };
      changed = true;
    }
    if (this.failback && !this.failback.endedAt && master.snapshot?.live && master.verdict.kind === 'running') {
      this.failback = finish(this.failback, now);
      changed = true;
    }
    return changed;
  }

  private scheduleEmit(): void {
    if (this.emitTimer || this.closed) return;
    this.emitTimer = setTimeout(() => this.emitNow(), EMIT_COALESCE_MS);
  }

  private emitNow(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    if (this.closed) return;
    this.current = this.build();
    const emittedAt = Date.now();
    for (const writtenAt of this.pendingLag) this.lags.push(Math.max(0, emittedAt - writtenAt));
    this.pendingLag = [];
    if (this.lags.length > 500) this.lags.splice(0, this.lags.length - 500);
    for (const listener of [...this.listeners]) {
      try {
        listener(this.current);
      } catch {
        // A face's bug must not stop the lab.
      }
    }
  }

  private build(): LabSnapshot {
    return {
      seq: ++this.seq,
      at: new Date().toISOString(),
      labDir: this.init.labDir,
      installsDir: this.init.installsDir,
      setup: this.setupState,
      config: this.config ? labView(this.config) : null,
      doctor: this.doctor,
      task: this.task,
      nodes: this.config
        ? NODE_NAMES.map((n) => this.watches[n].snapshot).filter((n): n is NodeSnapshot => n !== null)
        : [],
      events: [...this.events],
      logs: { master: [...this.watches.master.lines], backup: [...this.watches.backup.lines] },
      ledger: { ...this.ledger, checks: [...this.ledger.checks] },
      steps: this.steps.map((s) => ({ ...s })),
      stopwatch: { failover: this.failover, failback: this.failback },
      traffic: this.traffic,
    };
  }

  snapshot(): LabSnapshot {
    return this.current;
  }

  /** Forces a fresh look (run files, pids, one Jolokia reading each) and emits at once. */
  async refresh(): Promise<LabSnapshot> {
    await this.tick();
    await Promise.all(NODE_NAMES.filter((n) => this.watches[n].verdict.kind === 'running').map((n) => this.pollOnce(n)));
    await Promise.all(NODE_NAMES.map((n) => this.watches[n].follower?.poke()));
    this.recompute();
    this.emitNow();
    return this.current;
  }

  /** Emits pending changes now (instead of after the coalescing delay) and returns the snapshot. */
  flush(): LabSnapshot {
    if (this.emitTimer) this.emitNow();
    return this.current;
  }

  onSnapshot(listener: (s: LabSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(change: {
    doctor?: DoctorCheck[] | null;
    task?: TaskProgress | null;
    ledger?: Ledger;
    steps?: StepState[];
    setup?: LabSnapshot['setup'];
    traffic?: TrafficSnapshot | null;
  }): void {
    if (change.traffic !== undefined) this.traffic = change.traffic;
    if (change.doctor !== undefined) this.doctor = change.doctor;
    if (change.task !== undefined) this.task = change.task;
    if (change.ledger !== undefined) this.ledger = change.ledger;
    if (change.steps !== undefined) {
      const before = new Map(this.steps.map((s) => [s.id, JSON.stringify(s)]));
      const changed = change.steps.filter((s) => before.get(s.id) !== JSON.stringify(s));
      this.steps = change.steps;
      if (changed.length > 0) this.save({ steps: changed });
    }
    if (change.setup !== undefined) this.setupState = change.setup;
    this.scheduleEmit();
  }

  setNodeError(node: NodeName, error: ErrorInfo | null): void {
    this.watches[node].lastError = error;
    this.recompute();
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
  waitFor(
    predicate: SnapshotPredicate,
    timeoutMs: number,
    what: string,
    failIf?: (s: LabSnapshot) => LabError | null,
  ): Promise<LabSnapshot> {
    return new Promise((resolve, reject) => {
      let unsubscribe = () => {};
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new LabError(
            'TIMEOUT',
            `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`,
            'See the brokers\' logs (amq-ha-lab status) for what they did instead.',
          ),
        );
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
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    for (const name of NODE_NAMES) this.watches[name].follower?.close();
    this.listeners.clear();
  }
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** The saved stopwatch is news: a later trigger, or the same one now finished. */
function newerWatch(saved: Stopwatch | null, mine: Stopwatch | null): boolean {
  if (!saved) return false;
  if (!mine || saved.startedAt > mine.startedAt) return true;
  return saved.startedAt === mine.startedAt && !mine.endedAt && !!saved.endedAt;
}

function finish(watch: Stopwatch, endedAt: string): Stopwatch {
  return { ...watch, endedAt, ms: Math.max(0, Date.parse(endedAt) - Date.parse(watch.startedAt)) };
}

export function nodeOf(s: LabSnapshot, name: NodeName): NodeSnapshot | undefined {
  return s.nodes.find((n) => n.name === name);
}
