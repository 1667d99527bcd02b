// One lab's truth, as a stream of whole snapshots. It joins the run files (is the JVM there?),
// each broker's log (what did it just say?) and Jolokia (what does it say it is?), and emits a
// new LabSnapshot whenever any of it changes, bursts folded into one (EMIT_COALESCE_MS).
import type {
  DoctorCheck,
  RoundTripSeries,
  ErrorInfo,
  HaEvent,
  LabConfig,
  LabSnapshot,
  Ledger,
  LogLine,
  NodeName,
  NodeSnapshot,
  StepState,
  Stopwatches,
  TaskProgress,
} from '../../../shared/lab-state.js';
import { labView } from '../../../shared/lab-state.js';
import type { BrokerDef, LabDefinition } from '../../../shared/labs/lab-definition.js';
import { stepsDoneByHand } from '../../../shared/labs/story.js';
import type { TrafficSnapshot } from '../../../shared/traffic-state.js';
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import type { WireSnapshot } from '../../../shared/link-state.js';
import { SplitBrainWatch, splitBrainText } from './split-brain-watch.js';
import { readBrokerState, type JolokiaResult } from './jolokia.js';
import { LabError } from '../lab-error.js';
import { embeddedCodeOf, eventText, kindOfCode, parseLogLine, roleSignalOf } from './log-codes.js';
import { LogFollower, type FollowedLine } from './log-follower.js';
import { applyRoleSignal, assembleNode, EMPTY_ROLE, type LogRole } from './node-state.js';
import type { RunFile, RunVerdict } from '../processes/pid-files.js';
import { eventKey, readProgress, saveProgress, type LabProgress, type ProgressChange } from '../state/progress-file.js';
import { advanceClock, EMPTY_CLOCK, latestOf, newerWatch, sameClock, type BrokerObservation, type GroupClock } from './stopwatches.js';
import { judgeNode, logFileOf } from '../processes/supervisor.js';
import { isStopped } from '../processes/process-utils.js';
import { hungOf, hungText, type HungWatch } from './hung-watch.js';

export const EMIT_COALESCE_MS = 30;
const TICK_MS = 100;
const JOLOKIA_INTERVAL_MS = 250;
const JOLOKIA_TIMEOUT_MS = 1500;
const MAX_LOG_LINES = 300;
const MAX_EVENTS = 400;

interface NodeWatch {
  name: NodeName;
  def: BrokerDef;
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
  /** Live the last time it was seen running: a crashed live broker no longer says so itself. */
  wasLive: boolean;
  /** When Jolokia last answered this JVM, and whether the OS holds it stopped: is it hung? */
  hung: HungWatch;
}

export interface MonitorInit {
  /** The lab this dir holds (or will): its topology names the brokers watched. */
  lab: LabDefinition;
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
  /** Failover/failback clocks per HA group. */
  private clocks = new Map<string, GroupClock>();
  private readonly splitBrain = new SplitBrainWatch();
  private traffic: TrafficSnapshot | null = null;
  private consumers: ConsumersSnapshot | null = null;
  private wire: WireSnapshot | null = null;
  private roundTrips: RoundTripSeries[] = [];
  private lab: LabDefinition;
  private watches = new Map<NodeName, NodeWatch>();
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
    this.lab = init.lab;
    this.resetWatches();
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
    for (const [group, saved] of Object.entries(progress.stopwatch)) {
      const mine = this.clocks.get(group) ?? EMPTY_CLOCK;
      const failover = newerWatch(saved.failover, mine.failover) ? saved.failover : mine.failover;
      const failback = newerWatch(saved.failback, mine.failback) ? saved.failback : mine.failback;
      if (failover !== mine.failover || failback !== mine.failback) {
        this.clocks.set(group, { failover, failback, displaced: [...new Set([...mine.displaced, ...(saved.displaced ?? [])])] });
        changed = true;
      }
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
    const base = this.steps.map((s) => ({ ...s, status: 'pending' as const, ms: null, detail: null, hint: null }));
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

  /** The brokers of the lab in topology order: only a lab with its instances created has any. */
  private names(): NodeName[] {
    return [...this.watches.keys()];
  }

  private watch(name: NodeName): NodeWatch {
    const w = this.watches.get(name);
    if (!w) throw new LabError('BAD_REQUEST', `This lab has no broker "${name}".`);
    return w;
  }

  private resetWatches(): void {
    for (const w of this.watches.values()) w.follower?.close();
    this.watches = new Map(this.lab.topology.brokers.filter((b) => !!this.config?.nodes[b.id]).map((b) => [b.id, this.emptyWatch(b)]));
  }

  private emptyWatch(def: BrokerDef): NodeWatch {
    return {
      name: def.id,
      def,
      wasLive: false,
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
      hung: { answeredAt: null, stoppedAt: null, state: null },
    };
  }

  /** Reads the logs' tails and the brokers' state once, then keeps following. */
  async start(): Promise<void> {
    await this.followLogs();
    await this.tick();
    // One Jolokia reading per running node, so the first snapshot is already true.
    await Promise.all(this.names().filter((n) => this.watch(n).verdict.kind === 'running').map((n) => this.pollOnce(n)));
    this.recompute();
    this.emitNow();
    this.tickTimer = setInterval(() => void this.tick(), TICK_MS);
  }

  private async followLogs(): Promise<void> {
    this.following = false;
    for (const name of this.names()) {
      const watch = this.watch(name);
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
  async setConfig(config: LabConfig | null, setup: LabSnapshot['setup'], lab: LabDefinition = this.lab): Promise<void> {
    this.config = config;
    this.setupState = setup;
    if (lab !== this.lab) {
      this.lab = lab;
      this.steps = lab.story.map((st) => ({ id: st.id, status: 'pending', ms: null, detail: null, hint: null }));
    }
    this.resetWatches();
    this.events = [];
    this.clocks = new Map();
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

  /** The same lab's lab.json with a setting changed: shown as it is, nothing re-watched. */
  updateConfig(config: LabConfig): void {
    this.config = config;
    this.scheduleEmit();
  }

  /** The lab this monitor watches (its topology and story). */
  labDefinition(): LabDefinition {
    return this.lab;
  }

  /** Another lab picked for a dir not set up yet: its steps, no brokers yet. */
  chooseLab(lab: LabDefinition, steps: StepState[]): void {
    this.lab = lab;
    this.steps = steps;
    this.resetWatches();
    this.clocks = new Map();
    this.scheduleEmit();
  }

  private onLines(name: NodeName, lines: FollowedLine[]): void {
    const watch = this.watches.get(name);
    if (!watch) return;
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
    for (const name of this.names()) {
      const watch = this.watch(name);
      const { verdict, run } = await judgeNode(this.init.labDir, this.config, name);
      this.noticeRunChanges(watch, watch.run, run, watch.verdict, verdict);
      watch.verdict = verdict;
      watch.run = run;
      watch.seen = true;
      if (verdict.kind !== 'running') watch.jolokia = null;
      else if (!watch.polling) void this.pollLoop(name);
      const stopped = verdict.kind === 'running' && isStopped(verdict.pid);
      watch.hung.stoppedAt = stopped ? (watch.hung.stoppedAt ?? Date.now()) : null;
      this.noticeHung(watch);
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
      watch.hung = { answeredAt: null, stoppedAt: null, state: null };
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
    const watch = this.watch(name);
    watch.polling = true;
    try {
      while (!this.closed && this.watches.get(name) === watch && watch.verdict.kind === 'running') {
        await this.pollOnce(name);
        await new Promise((r) => setTimeout(r, JOLOKIA_INTERVAL_MS));
      }
    } finally {
      watch.polling = false;
    }
  }

  private async pollOnce(name: NodeName): Promise<void> {
    const watch = this.watches.get(name);
    const node = this.config?.nodes[name];
    if (!watch || !this.config || !node) return;
    const result = await readBrokerState(
      { consolePort: node.consolePort, user: this.config.user, password: this.config.password },
      JOLOKIA_TIMEOUT_MS,
    );
    if (this.closed || this.watches.get(name) !== watch) return;
    watch.jolokia = watch.verdict.kind === 'running' ? result : null;
    if (watch.jolokia?.reachable) watch.hung.answeredAt = Date.now();
    this.noticeHung(watch);
    this.recompute();
  }

  private recompute(): void {
    let changed = false;
    for (const [name, w] of this.watches) {
      const next = assembleNode({
        name,
        label: w.def.label,
        brokerRole: w.def.role,
        config: this.config?.nodes[name] ?? null,
        verdict: w.verdict,
        run: w.run,
        role: w.role,
        jolokia: w.jolokia,
        lastError: w.lastError,
        hung: w.hung.state,
      });
      if (!w.snapshot || JSON.stringify(w.snapshot) !== JSON.stringify(next)) {
        w.snapshot = next;
        changed = true;
      }
      if (w.verdict.kind === 'running') w.wasLive = next.live;
    }
    if (this.noticeSplitBrain()) changed = true;
    const moved = this.advanceClocks();
    if (moved.length > 0) {
      changed = true;
      this.save({ stopwatch: Object.fromEntries(moved.map((g) => [g, this.clocks.get(g)!])) });
    }
    if (changed) this.scheduleEmit();
  }

  /** A broker that stops answering, or answers again: a line in the timeline, and the alarm. */
  private noticeHung(watch: NodeWatch): void {
    const before = watch.hung.state;
    const requested = !!watch.run?.stopRequestedAt || !!watch.run?.crashRequestedAt;
    // A broker whose server stopped inside its JVM (its pinger, AMQ221002) is quiet for a reason the card says.
    const running = watch.verdict.kind === 'running' && !requested && watch.role.role !== 'down';
    const after = hungOf(watch.hung, running, Date.now());
    watch.hung.state = after;
    // A hung JVM that is then stopped or killed has its own line in the timeline.
    const text = running ? hungText(watch.def.label, before, after, Date.now()) : null;
    if (!text) return;
    // Another face watching the same broker says it too: one line in the timeline is enough.
    if (this.events.some((e) => e.node === watch.name && e.text === text && Date.parse(e.time) > Date.now() - 15_000)) return;
    const event: HaEvent = { time: new Date().toISOString(), node: watch.name, code: 'LAB', kind: after ? 'hung' : 'lab', text };
    this.pushEvent(event);
    this.save({ events: [event] });
    this.recompute();
  }

  /** Two live brokers in one replicated group, held for seconds: an alarm in the timeline (and its end). */
  private noticeSplitBrain(): boolean {
    const groups = new Map<string, string[]>();
    for (const [name, w] of this.watches) {
      if (w.def.ha !== 'replication' || !w.def.group) continue;
      const live = !!w.snapshot?.live && w.verdict.kind === 'running';
      groups.set(w.def.group, [...(groups.get(w.def.group) ?? []), ...(live ? [name] : [])]);
    }
    const news = this.splitBrain.observe([...groups].map(([group, live]) => ({ group, live })));
    const labelOf = (id: string) => this.watches.get(id)?.def.label ?? id;
    for (const n of news) {
      const text = splitBrainText(n, labelOf);
      // Another face watching the same brokers says it too: one line in the timeline is enough.
      const recent = Date.now() - 15_000;
      if (this.events.some((e) => e.text === text && Date.parse(e.time) > recent)) continue;
      const event: HaEvent = { time: new Date().toISOString(), node: n.live[0] ?? n.group, code: 'LAB', kind: n.started ? 'split-brain' : 'lab', text };
      this.pushEvent(event);
      this.save({ events: [event] });
    }
    return news.length > 0;
  }

  /** Moves each HA group's failover/failback clock on (stopwatches.ts); returns the groups that changed. */
  private advanceClocks(): string[] {
    const now = new Date().toISOString();
    const groups = new Map<string, BrokerObservation[]>();
    for (const [name, w] of this.watches) {
      if (w.def.ha === 'none' || !w.def.group) continue;
      const observation: BrokerObservation = {
        name,
        group: w.def.group,
        primary: w.def.role === 'primary',
        running: w.verdict.kind === 'running',
        live: !!w.snapshot?.live && w.verdict.kind === 'running',
        wasLive: w.wasLive,
        startedAt: w.run?.startedAt ?? null,
        stopRequestedAt: w.run?.stopRequestedAt ?? null,
        crashRequestedAt: w.run?.crashRequestedAt ?? null,
      };
      groups.set(w.def.group, [...(groups.get(w.def.group) ?? []), observation]);
    }
    const moved: string[] = [];
    for (const [group, members] of groups) {
      const before = this.clocks.get(group) ?? EMPTY_CLOCK;
      const after = advanceClock(before, members, now);
      if (sameClock(before, after) && before.displaced.join() === after.displaced.join()) continue;
      this.clocks.set(group, after);
      if (!sameClock(before, after)) moved.push(group);
    }
    return moved;
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

  /**
   * The snapshot from what is observed. Steps the attendee did by hand (or that already hold)
   * pass here, before anyone sees a snapshot in which their check holds and they are pending.
   */
  private build(): LabSnapshot {
    const draft = this.draft();
    const byHand = stepsDoneByHand(this.lab, draft);
    if (!byHand) return draft;
    const before = new Map(this.steps.map((s) => [s.id, JSON.stringify(s)]));
    this.steps = byHand;
    this.save({ steps: byHand.filter((s) => before.get(s.id) !== JSON.stringify(s)) });
    return { ...draft, steps: byHand.map((s) => ({ ...s })) };
  }

  private draft(): LabSnapshot {
    const watches = [...this.watches.values()];
    return {
      seq: ++this.seq,
      at: new Date().toISOString(),
      labDir: this.init.labDir,
      installsDir: this.init.installsDir,
      lab: this.lab.id,
      setup: this.setupState,
      config: this.config ? labView(this.config, this.lab.id) : null,
      doctor: this.doctor,
      task: this.task,
      nodes: this.config ? watches.map((w) => w.snapshot).filter((n): n is NodeSnapshot => n !== null) : [],
      events: [...this.events],
      logs: Object.fromEntries(watches.map((w) => [w.name, [...w.lines]])),
      ledger: { ...this.ledger, checks: [...this.ledger.checks] },
      steps: this.steps.map((s) => ({ ...s })),
      stopwatch: latestOf(this.clocks.values()),
      groupStopwatches: Object.fromEntries([...this.clocks].map(([g, c]): [string, Stopwatches] => [g, { failover: c.failover, failback: c.failback }])),
      traffic: this.traffic,
      consumers: this.consumers,
      wire: this.wire,
      roundTrips: this.roundTrips,
    };
  }

  snapshot(): LabSnapshot {
    return this.current;
  }

  /** Forces a fresh look (run files, pids, one Jolokia reading each) and emits at once. */
  async refresh(): Promise<LabSnapshot> {
    await this.tick();
    await Promise.all(this.names().filter((n) => this.watch(n).verdict.kind === 'running').map((n) => this.pollOnce(n)));
    await Promise.all(this.names().map((n) => this.watch(n).follower?.poke()));
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
    consumers?: ConsumersSnapshot | null;
    wire?: WireSnapshot | null;
    roundTrips?: RoundTripSeries[];
  }): void {
    if (change.roundTrips !== undefined) this.roundTrips = change.roundTrips;
    if (change.wire !== undefined) {
      // The relay reports four times a second: only a change the attendee could see is news.
      if (JSON.stringify(change.wire) === JSON.stringify(this.wire) && Object.keys(change).length === 1) return;
      this.wire = change.wire;
    }
    if (change.traffic !== undefined) this.traffic = change.traffic;
    if (change.consumers !== undefined) this.consumers = change.consumers;
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
    for (const w of this.watches.values()) w.follower?.close();
    this.listeners.clear();
  }
}
