// A LabService that plays any lab's story in memory: for unit tests of the faces (serve mode, IPC
// adapter, renderer store, components) and for developing the UI without brokers. It follows the
// real contract (shared/contract.ts) and is built from the lab's definition alone: its brokers from
// the topology, its steps from the story, "Do it for me" from each step's `act`, passed only when
// the lab's own check holds. It knows nothing of Artemis beyond what the snapshot shows.
import { answerRequest, type LabService, type RequestMethod, type RequestParams, type RequestResult, type RequestResults } from '../../shared/contract.js';
import type { FixAction, HaEvent, LabSnapshot, LogLine, BrokerName, BrokerSnapshot, StepState, ZipCandidate } from '../../shared/lab-state.js';
import { TRAFFIC_DEFAULT_RATE } from '../../shared/traffic-state.js';
import { DEFAULT_LAB_ID, findLab } from '../../shared/labs/index.js';
import type { BrokerDef, LabDefinition } from '../../shared/labs/lab-definition.js';
import { pendingSteps, stepOf } from '../../shared/labs/story.js';
import { startOrder } from '../../shared/labs/topology.js';
import type { LabChange } from '../../shared/change-feed.js';
import { changesBetween } from '../../shared/derive/changes.js';
import { liveByGroup } from '../../shared/derive/split-brain.js';
import { advanceTraffic, breakTraffic, drainTraffic, startTraffic } from './fake-traffic.js';
import { changeWire, markStarting, markStopping, settle, startBroker, stopAll, stopBroker } from './fake-brokers.js';
import { firstLive, send, startHint, verify } from './fake-messages.js';
import { playStep, type StoryHands } from './fake-story.js';
import { emptyBook, labError, brokerIn, type FakeWorld } from './fake-world.js';

export interface FakeLab extends LabService {
  calls: Array<{ method: RequestMethod; params: unknown }>;
  /**
   * Changes the snapshot and pushes it, as the real lab does on every change. The fake's own
   * bookkeeping (what each journal holds, the ledger's runs) does not see such a change: the next
   * broker action recomputes queue depths and the ledger from it.
   */
  mutate(change: (s: LabSnapshot) => void): void;
  /** Makes the next request of this method fail with this error. */
  failNext(method: RequestMethod, error: FakeError): void;
  /** Ends the broker download under way (with `slowDownload`): its zip is in installs/ then. */
  finishDownload(): void;
  /** Plays `seconds` more seconds of live traffic (what the timer does with `trafficTickMs`). */
  tickTraffic(seconds?: number): void;
  closed: boolean;
}

export interface FakeLabOptions {
  /** The lab (shared/labs) the dir holds or will: its topology and story; the seed's by default. */
  lab?: string;
  stepDelayMs?: number;
  portOffset?: number;
  /** installs/ starts empty: setup fails as the real one does ("No broker zip"), until a download. */
  noZips?: boolean;
  /** A broker download runs (the lab's task says so) until finishDownload(). */
  slowDownload?: boolean;
  trafficTickMs?: number;
}

function labDef(id: string): LabDefinition {
  const lab = findLab(id);
  if (!lab) throw new Error(`No lab "${id}" in shared/labs.`);
  return lab;
}

type FakeError = { code: string; message: string; hint?: string | null; fix?: FixAction | null };

const fail = (error: FakeError) => Object.assign(new Error(error.message), { code: error.code, hint: error.hint ?? null, fix: error.fix ?? null });

function broker(def: BrokerDef, labOffset: number): BrokerSnapshot {
  const acceptor = 61616 + labOffset + def.portOffset;
  const console = 8161 + labOffset + def.portOffset;
  return {
    name: def.id,
    label: def.label,
    role: def.role,
    instance: def.instance,
    process: 'stopped',
    pid: null,
    startedAt: null,
    live: false,
    backup: null,
    replicaSync: null,
    haPolicy: null,
    ports: { acceptor, console },
    acceptorUrl: `tcp://127.0.0.1:${acceptor}`,
    consoleUrl: `http://127.0.0.1:${console}/console`,
    queues: { haQueue: null },
    haQueueStats: null,
    cluster: null,
    jolokia: 'unknown',
    lastError: null,
  };
}

/** A lab dir not set up yet, holding (or about to hold) `labId`. */
export function initialSnapshot(labId: string = DEFAULT_LAB_ID): LabSnapshot {
  const lab = labDef(labId);
  return {
    seq: 1,
    at: new Date(0).toISOString(),
    labDir: '/tmp/fake-lab',
    installsDir: '/tmp/fake-installs',
    lab: lab.id,
    setup: 'none',
    config: null,
    doctor: null,
    task: null,
    brokers: [],
    events: [],
    logs: Object.fromEntries(lab.topology.brokers.map((b) => [b.id, []])),
    ledger: { runId: null, sent: 0, checks: [] },
    steps: pendingSteps(lab),
    stopwatch: { failover: null, failback: null },
    groupStopwatches: {},
    splitBrain: [],
    traffic: null,
    consumers: null,
    wire: null,
    roundTrips: [],
  };
}

function fakeZip(version: string): ZipCandidate {
  return { path: `/tmp/fake-installs/apache-artemis-${version}-bin.zip`, fileName: `apache-artemis-${version}-bin.zip`, version, product: 'artemis', sizeBytes: 61_000_000, label: `Apache Artemis ${version}`, problem: null };
}

/** What setup says it changed in each broker.xml: the seed's own words, else one line per broker. */
function setupLines(lab: LabDefinition): string[] {
  const unpacked = 'Unpacked apache-artemis-2.44.0 into /tmp/fake-lab.';
  if (lab.id === DEFAULT_LAB_ID) {
    return [
      unpacked,
      'replicatedMaster: replaced UDP discovery with a static connector to the backup (multicast fails on many networks).',
      'replicatedMaster: check-for-active-server = true, so a restarted master asks before going live.',
      'replicatedSlave: allow-failback = true, so the master gets its role back when it returns.',
    ];
  }
  return [unpacked, ...lab.topology.brokers.map((b) => `${b.instance}: ${b.role}, HA ${b.ha}, static connectors to ${b.connectsTo.join(', ') || 'nobody'}.`)];
}

export function createFakeLab(options: FakeLabOptions = {}): FakeLab {
  const zips: ZipCandidate[] = options.noZips ? [] : [fakeZip('2.44.0')];
  /** The download under way: setup waits for it, as the real lab does. */
  let download: Promise<void> | null = null;
  let endDownload: () => void = () => undefined;
  const delay = options.stepDelayMs ?? 0;
  const offset = options.portOffset ?? 0;
  let snap = initialSnapshot(options.lab);
  let book = emptyBook();
  /** How far the fake's clock is ahead of the wall clock: the time steps let pass while waiting. */
  let skewMs = 0;
  const clockMs = () => Date.now() + skewMs;
  const now = () => new Date(clockMs()).toISOString();
  const listeners = new Set<(s: LabSnapshot) => void>();
  const changeListeners = new Set<(changes: LabChange[], s: LabSnapshot) => void>();
  let pushed: LabSnapshot | null = null;
  const failures = new Map<RequestMethod, FakeError>();
  const seqs: Record<BrokerName, number> = {};
  const nextSeq = (name: BrokerName) => (seqs[name] = (seqs[name] ?? 0) + 1);
  const wait = () => new Promise((r) => setTimeout(r, delay));
  const def = () => labDef(snap.lab);
  let pids = 4242;

  const push = () => {
    snap = { ...structuredClone(snap), seq: snap.seq + 1, at: now() };
    // The engine judges split brain while deriving its snapshot; the fake plays it with the same rule.
    snap.splitBrain = liveByGroup(def().topology, snap.brokers)
      .filter((g) => g.live.length >= 2)
      .map((g) => ({ group: g.group, brokers: g.live, since: snap.at, raised: false }));
    for (const l of listeners) l(snap);
    // The feed as the store makes it: between this pushed snapshot and the one before.
    const changes = changesBetween(pushed, snap);
    pushed = snap;
    if (changes.length > 0) for (const l of changeListeners) l(changes, snap);
  };
  // A change works on a copy: a snapshot once pushed stays as it was, as one off the wire does
  // (the page compares the last two).
  const mutate = (change: (s: LabSnapshot) => void) => {
    snap = structuredClone(snap);
    change(snap);
    push();
  };
  const event = (name: BrokerName, code: string, kind: HaEvent['kind'], text: string) => {
    const time = now();
    snap.events.push({ time, broker: name, code, kind, text });
    const line: LogLine = { seq: nextSeq(name), time, level: 'INFO', code, text: `${time} INFO  [org.apache.activemq.artemis.core.server] ${code}: ${text}` };
    (snap.logs[name] ??= []).push(line);
  };
  const world: FakeWorld = {
    get lab() {
      return def();
    },
    get s() {
      return snap;
    },
    now,
    event,
    get book() {
      return book;
    },
  };
  const liveName = () => firstLive(world);
  /** Clients follow the live broker: when it changes, the ones on the old one lose their wire. */
  const followLive = () => {
    const t = snap.traffic;
    if (!t || t.state !== 'running') return;
    const live = liveName();
    if ([t.producer, t.consumer].some((c) => c.connected && c.broker !== live)) breakTraffic(t, clockMs());
  };
  /** A change to the brokers, what follows from it by itself, and what the clients do about it, pushed as one snapshot. */
  const change = (f: (w: FakeWorld) => void) =>
    mutate(() => {
      f(world);
      settle(world);
      followLive();
    });
  let trafficTimer: ReturnType<typeof setInterval> | null = null;
  const tickTraffic = (seconds = 1) =>
    mutate((s) => {
      if (s.traffic) advanceTraffic(s.traffic, liveName(), seconds);
    });
  const passTime = (ms: number) => {
    skewMs += ms;
    mutate((s) => {
      if (s.traffic?.state === 'running') advanceTraffic(s.traffic, liveName(), Math.ceil(ms / 1000));
    });
  };
  const setStep = (id: string, patch: Partial<StepState>) => {
    const s = snap.steps.find((x) => x.id === id);
    if (s) Object.assign(s, patch);
  };

  async function setup(): Promise<RequestResults['lab.setup']> {
    if (download) await download;
    if (zips.length === 0) {
      throw fail({
        code: 'NO_ZIP',
        message: 'No broker zip in /tmp/fake-installs.',
        hint: 'Run `amq-ha-lab setup --download` to fetch Apache Artemis 2.44.0, put a zip there, or name one with --zip.',
        fix: 'download-broker',
      });
    }
    for (const p of [0, 0.25, 0.5, 0.75, 1]) {
      mutate((s) => {
        s.task = { name: 'unpack', message: `Unpacking apache-artemis-2.44.0-bin.zip (${Math.round(p * 100)}%)`, progress: p };
      });
      await wait();
    }
    const lab = def();
    book = emptyBook();
    mutate((s) => {
      s.task = null;
      s.setup = 'created';
      s.config = {
        schema: 1,
        lab: lab.id,
        broker: { version: '2.44.0', home: '/tmp/fake-lab/apache-artemis-2.44.0', zip: '/tmp/fake-installs/apache-artemis-2.44.0-bin.zip', dialect: 'primary-backup' },
        user: 'admin',
        defaultPassword: true,
        heapMb: 512,
        journal: 'nio',
        brokers: Object.fromEntries(
          lab.topology.brokers.map((b) => [
            b.id,
            {
              instance: b.instance,
              ...(b.settings ? { settings: structuredClone(b.settings) } : {}),
              dir: `/tmp/fake-lab/${b.instance}`,
              portOffset: offset + b.portOffset,
              acceptorPort: 61616 + offset + b.portOffset,
              consolePort: 8161 + offset + b.portOffset,
            },
          ]),
        ),
        createdAt: new Date().toISOString(),
      };
      s.brokers = lab.topology.brokers.map((b) => broker(b, offset));
      s.logs = Object.fromEntries(lab.topology.brokers.map((b) => [b.id, []]));
      // The wire exists from setup on, not relayed until a broker starts (the relay starts with the first).
      s.wire = lab.topology.wires?.length
        ? { wires: lab.topology.wires.map(({ between: [a, b] }) => ({ a, b, cut: false, latencyMs: 0, state: 'not-relayed', connections: 0, lastError: null })), unreachable: [], relayRunning: false }
        : null;
    });
    return { changed: true, lines: setupLines(lab), movedAsideTo: null };
  }

  async function start(name: BrokerName) {
    // Each push clones the snapshot: look brokers up again inside every change.
    const n = brokerIn(world, name);
    if (n.process === 'running' || n.process === 'starting') throw labError('ALREADY_RUNNING', `The ${name} is already running.`);
    change((w) => markStarting(w, name));
    await wait();
    const pid = pids++;
    change((w) => startBroker(w, name, pid));
  }

  async function stop(name: BrokerName, crash: boolean) {
    const n = brokerIn(world, name);
    if (n.process === 'stopped' || n.process === 'crashed') throw labError('NOT_RUNNING', `The ${name} is not running.`);
    const askedAt = now();
    change((w) => markStopping(w, name));
    await wait();
    change((w) => stopBroker(w, name, crash, askedAt));
  }

  async function trafficStart(rate = TRAFFIC_DEFAULT_RATE) {
    const live = liveName();
    if (!live) throw labError('NOT_RUNNING', 'No live broker for the traffic to start on.', `Start the ${startHint(world)} first.`);
    if (snap.traffic && snap.traffic.state !== 'stopped') throw labError('ALREADY_RUNNING', 'Traffic is already running.', 'Stop it first.');
    mutate((s) => {
      s.traffic = startTraffic(rate, live, clockMs());
    });
    if (options.trafficTickMs) trafficTimer = setInterval(() => tickTraffic(1), options.trafficTickMs);
    return snap.traffic!;
  }

  async function trafficStop() {
    if (!snap.traffic || snap.traffic.state !== 'running') throw labError('NOT_RUNNING', 'No traffic is running.', 'Start traffic first.');
    if (trafficTimer) clearInterval(trafficTimer);
    trafficTimer = null;
    mutate((s) => {
      s.traffic!.state = 'draining';
    });
    await wait();
    mutate((s) => drainTraffic(s.traffic!));
    return snap.traffic!;
  }

  const hands: StoryHands = {
    snapshot: () => snap,
    change,
    passTime,
    doctor: async () => void (await handlers['doctor.run']({})),
    setup: async () => void (await setup()),
    start,
    stop,
    trafficStart: async () => void (await trafficStart()),
    trafficStop: async () => void (await trafficStop()),
    crashOption: false,
  };

  const notPlayed = (method: RequestMethod) => async (): Promise<never> => {
    throw labError('BAD_REQUEST', `The fake lab does not play ${method}.`);
  };

  const handlers: { [M in RequestMethod]: (p: RequestParams<M>) => Promise<RequestResult<M>> } = {
    'lab.snapshot': async () => snap,
    // As the real lab: a dir not set up takes any lab; a set-up one changes only through setup with force.
    'lab.choose': async (p) => {
      if (snap.config && p.lab !== snap.lab) throw labError('OTHER_LAB', `This lab dir already holds "${def().title}".`, 'Set it up again with force.');
      mutate((s) => {
        s.lab = p.lab;
        s.steps = pendingSteps(labDef(p.lab));
        s.logs = initialSnapshot(p.lab).logs;
      });
      return snap;
    },
    'doctor.run': async () => {
      await wait();
      mutate((s) => {
        s.doctor = [
          { id: 'os', title: 'Operating system', status: 'ok', message: 'Linux x64', fix: null },
          { id: 'java', title: 'Java', status: 'ok', message: 'Java 17.0.15 (Artemis 2.44.0 needs 17+)', fix: null },
          { id: 'memory', title: 'Memory', status: 'ok', message: '24 GB', fix: null },
          { id: 'libaio', title: 'libaio', status: 'warn', message: 'libaio not found: the journal uses NIO.', fix: 'sudo apt install libaio1t64' },
          { id: 'ports', title: 'Broker ports', status: 'ok', message: 'All free', fix: null },
        ];
      });
      return snap.doctor!;
    },
    'broker.zips': async () => [...zips],
    'broker.import': async (p) => ({ path: p.path, fileName: p.path.split('/').pop() ?? p.path, version: null, product: 'artemis', sizeBytes: 1, label: null, problem: 'no Artemis broker inside: fake' }),
    'broker.download': async (p) => {
      const version = p.version ?? '2.44.0';
      if (options.slowDownload) {
        download ??= new Promise<void>((resolve) => {
          mutate((s) => {
            s.task = { name: 'download', message: `Downloading apache-artemis-${version}-bin.zip`, progress: 0.4 };
          });
          endDownload = () => {
            zips.push(fakeZip(version));
            download = null;
            mutate((s) => {
              s.task = null;
            });
            resolve();
          };
        });
        await download;
      } else {
        zips.push(fakeZip(version));
      }
      return { path: `/tmp/fake-installs/apache-artemis-${version}-bin.zip`, via: 'apache', version, zips: [...zips] };
    },
    'traffic.start': async (p) => trafficStart(p.rate ?? TRAFFIC_DEFAULT_RATE),
    'traffic.stop': async () => trafficStop(),
    'wire.change': async (p) => {
      change((w) => changeWire(w, p));
      return snap.wire;
    },
    // The classroom is beside the lab, not in it: this fake hosts none and has joined none.
    'classroom.view': async () => null,
    'classroom.membership': async () => null,
    'classroom.join': async () => {
      throw labError('BAD_REQUEST', 'the hub refused the join code', null);
    },
    'classroom.leave': async () => null,
    'classroom.hand': async () => null,
    'classroom.askDiagnostics': async () => {
      throw labError('BAD_REQUEST', 'This machine hosts no running classroom hub.', null);
    },
    'classroom.answerAsk': async () => null,
    'lab.setup': async (p) => {
      if (p.lab && p.lab !== snap.lab) {
        if (snap.config && !p.force) throw labError('OTHER_LAB', 'This lab dir holds another lab.', 'Use force.');
        if (snap.brokers.some((n) => n.process !== 'stopped' && n.process !== 'crashed')) {
          throw labError('ALREADY_RUNNING', 'Cannot set the lab up again while brokers run.', 'Run `amq-ha-lab down` first.');
        }
        const lab = p.lab;
        mutate((s) => {
          Object.assign(s, { ...initialSnapshot(lab), seq: s.seq, labDir: s.labDir, installsDir: s.installsDir, doctor: s.doctor });
        });
      }
      return setup();
    },
    'lab.up': async () => {
      for (const b of startOrder(def().topology)) {
        const n = brokerIn(world, b.id);
        if (n.process !== 'running' && n.process !== 'starting') await start(b.id);
      }
      return snap;
    },
    'lab.down': async () => {
      change((w) => stopAll(w));
      return snap;
    },
    'lab.reset': async () => {
      if (trafficTimer) clearInterval(trafficTimer);
      snap = initialSnapshot(snap.lab);
      book = emptyBook();
      push();
      return { movedTo: '/tmp/fake-lab.old-1' };
    },
    'broker.start': async (p) => {
      const startedAt = now();
      await start(p.broker);
      return { snapshot: snap, outcome: { pid: brokerIn(world, p.broker).pid ?? 0, adopted: false, startedAt } };
    },
    'broker.stop': async (p) => {
      const pid = brokerIn(world, p.broker).pid ?? 0;
      const requestedAt = now();
      await stop(p.broker, p.crash ?? false);
      return { snapshot: snap, outcome: { pid, killed: false, requestedAt, exitedAt: now() } };
    },
    // What only the CLI, the story runner or the benchmark asks: the page never does.
    'messages.locate': notPlayed('messages.locate'),
    'messages.roundTrips': notPlayed('messages.roundTrips'),
    'queue.ensure': notPlayed('queue.ensure'),
    'lab.configure': notPlayed('lab.configure'),
    'consumers.start': notPlayed('consumers.start'),
    'consumers.stop': notPlayed('consumers.stop'),
    'traffic.soak': notPlayed('traffic.soak'),
    'workshop.run': notPlayed('workshop.run'),
    'wire.report': notPlayed('wire.report'),
    'wire.start': notPlayed('wire.start'),
    'wire.stop': notPlayed('wire.stop'),
    'messages.send': async (p) => {
      let result: RequestResults['messages.send'] | undefined;
      change((w) => {
        result = send(w, p.count);
      });
      return result!;
    },
    'messages.verify': async () => {
      change((w) => void verify(w, undefined));
      return snap.ledger;
    },
    'step.run': async (p) => {
      const step = stepOf(def(), p.id);
      if (!step) throw labError('BAD_REQUEST', `No step "${p.id}" in ${snap.lab}.`);
      const t0 = clockMs();
      mutate(() => setStep(p.id, { status: 'running', ms: null, detail: null, hint: null, fix: null }));
      try {
        const detail = await playStep(hands, step);
        await wait();
        mutate(() => setStep(p.id, { status: 'passed', ms: clockMs() - t0, detail, hint: null, fix: null }));
      } catch (error) {
        const e = error as Error & { hint?: string | null; fix?: FixAction | null };
        mutate(() => setStep(p.id, { status: 'failed', ms: clockMs() - t0, detail: e.message, hint: e.hint ?? step.hint, fix: e.fix ?? null }));
      }
      return snap.steps.find((s) => s.id === p.id)!;
    },
    'step.skip': async (p) => {
      mutate(() => setStep(p.id, { status: 'skipped' }));
      return snap.steps.find((s) => s.id === p.id)!;
    },
    'lab.diagnose': async () => ({ path: '/tmp/fake-lab/diagnostics/amq-ha-lab-diagnostics.zip', files: ['README.txt', 'doctor.json'] }),
    'steps.restart': async () => {
      mutate((s) => {
        s.steps = pendingSteps(def());
      });
      return snap;
    },
  };

  const lab: FakeLab = {
    calls: [],
    closed: false,
    mutate,
    failNext(method, error) {
      failures.set(method, error);
    },
    finishDownload: () => endDownload(),
    tickTraffic,
    snapshot: () => snap,
    consoleLogin: () => (snap.config ? { user: 'admin', password: 'admin' } : null),
    answer: (method, params) => answerRequest((m, p) => lab.request(m, p), method, params),
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onChange(listener) {
      pushed ??= snap;
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    async request(method, params) {
      lab.calls.push({ method, params });
      const failure = failures.get(method);
      if (failure) {
        failures.delete(method);
        throw fail(failure);
      }
      return (handlers[method] as (p: unknown) => Promise<RequestResult<typeof method>>)(params);
    },
    async close() {
      if (trafficTimer) clearInterval(trafficTimer);
      lab.closed = true;
      listeners.clear();
      changeListeners.clear();
    },
  };
  return lab;
}
