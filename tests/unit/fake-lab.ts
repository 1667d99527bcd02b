// A LabService that plays the workshop story in memory: for unit tests of the faces (serve mode,
// IPC adapter, renderer store) and for developing the UI without brokers. It follows the real
// contract (shared/contract.ts); it knows nothing of Artemis beyond what the snapshot shows.
import type { LabService, RequestMethod, RequestParams, RequestResult, RequestResults } from '../../shared/contract.js';
import type { FixAction, HaEvent, LabSnapshot, LogLine, NodeName, NodeSnapshot, StepState, ZipCandidate } from '../../shared/lab-state.js';
import { TRAFFIC_DEFAULT_RATE } from '../../shared/traffic-state.js';
import { replicatedPair } from '../../shared/labs/replicated-pair.js';
import { findLab } from '../../shared/labs/index.js';
import type { BrokerDef } from '../../shared/labs/lab-definition.js';
import { pendingSteps } from '../../shared/labs/story.js';

const WORKSHOP_STEPS = replicatedPair.story;
type StepId = string;
import { advanceTraffic, breakTraffic, drainTraffic, startTraffic } from './fake-traffic.js';

export interface FakeLab extends LabService {
  calls: Array<{ method: RequestMethod; params: unknown }>;
  /** Changes the snapshot and pushes it, as the real lab does on every change. */
  mutate(change: (s: LabSnapshot) => void): void;
  /** Makes the next request of this method fail with this error. */
  failNext(method: RequestMethod, error: FakeError): void;
  /** Ends the broker download under way (with `slowDownload`): its zip is in installs/ then. */
  finishDownload(): void;
  /** Plays `seconds` more seconds of live traffic (what the timer does with `trafficTickMs`). */
  tickTraffic(seconds?: number): void;
  closed: boolean;
}

type FakeError = { code: string; message: string; hint?: string | null; fix?: FixAction | null };

const fail = (error: FakeError) => Object.assign(new Error(error.message), { code: error.code, hint: error.hint ?? null, fix: error.fix ?? null });

function node(def: BrokerDef, labOffset: number): NodeSnapshot {
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

export function initialSnapshot(): LabSnapshot {
  return {
    seq: 1,
    at: new Date(0).toISOString(),
    labDir: '/tmp/fake-lab',
    installsDir: '/tmp/fake-installs',
    lab: replicatedPair.id,
    setup: 'none',
    config: null,
    doctor: null,
    task: null,
    nodes: [],
    events: [],
    logs: { master: [], backup: [] },
    ledger: { runId: null, sent: 0, checks: [] },
    steps: WORKSHOP_STEPS.map((s) => ({ id: s.id, status: 'pending', ms: null, detail: null, hint: null })),
    stopwatch: { failover: null, failback: null },
    groupStopwatches: {},
    traffic: null,
    consumers: null,
    wire: null,
    roundTrips: [],
  };
}

function fakeZip(version: string): ZipCandidate {
  return { path: `/tmp/fake-installs/apache-artemis-${version}-bin.zip`, fileName: `apache-artemis-${version}-bin.zip`, version, product: 'artemis', sizeBytes: 61_000_000, label: `Apache Artemis ${version}`, problem: null };
}

export function createFakeLab(
  options: {
    stepDelayMs?: number;
    portOffset?: number;
    /** installs/ starts empty: setup fails as the real one does ("No broker zip"), until a download. */
    noZips?: boolean;
    /** A broker download runs (the lab's task says so) until finishDownload(). */
    slowDownload?: boolean;
    trafficTickMs?: number;
  } = {},
): FakeLab {
  const zips: ZipCandidate[] = options.noZips ? [] : [fakeZip('2.44.0')];
  /** The download under way: setup waits for it, as the real lab does. */
  let download: Promise<void> | null = null;
  let endDownload: () => void = () => undefined;
  const delay = options.stepDelayMs ?? 0;
  const offset = options.portOffset ?? 0;
  let snap = initialSnapshot();
  const listeners = new Set<(s: LabSnapshot) => void>();
  const failures = new Map<RequestMethod, FakeError>();
  const seqs: Record<NodeName, number> = { master: 0, backup: 0 };
  const nextSeq = (name: NodeName) => (seqs[name] = (seqs[name] ?? 0) + 1);
  const wait = () => new Promise((r) => setTimeout(r, delay));

  const push = () => {
    snap = { ...structuredClone(snap), seq: snap.seq + 1, at: new Date().toISOString() };
    for (const l of listeners) l(snap);
  };
  // A change works on a copy: a snapshot once pushed stays as it was, as one off the wire does
  // (the page compares the last two).
  const mutate = (change: (s: LabSnapshot) => void) => {
    snap = structuredClone(snap);
    change(snap);
    push();
  };
  const nodeOf = (name: NodeName) => {
    const n = snap.nodes.find((x) => x.name === name);
    if (!n) throw Object.assign(new Error('The lab is not set up yet.'), { code: 'NOT_SET_UP', hint: 'Run the setup first.' });
    return n;
  };
  const event = (name: NodeName, code: string, kind: HaEvent['kind'], text: string) => {
    const time = new Date().toISOString();
    snap.events.push({ time, node: name, code, kind, text });
    const line: LogLine = { seq: nextSeq(name), time, level: 'INFO', code, text: `${time} INFO  [org.apache.activemq.artemis.core.server] ${code}: ${text}` };
    (snap.logs[name] ??= []).push(line);
  };
  const liveName = () => snap.nodes.find((n) => n.live)?.name ?? null;
  /** Clients follow the live broker: when it changes, the ones on the old one lose their link. */
  const followLive = () => {
    const t = snap.traffic;
    if (!t || t.state !== 'running') return;
    const live = liveName();
    if ([t.producer, t.consumer].some((c) => c.connected && c.node !== live)) breakTraffic(t);
  };
  let trafficTimer: ReturnType<typeof setInterval> | null = null;
  const tickTraffic = (seconds = 1) =>
    mutate((s) => {
      if (s.traffic) advanceTraffic(s.traffic, liveName(), seconds);
    });
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
    const def = findLab(snap.lab)!;
    mutate((s) => {
      s.task = null;
      s.setup = 'created';
      s.config = {
        schema: 1,
        lab: def.id,
        broker: { version: '2.44.0', home: '/tmp/fake-lab/apache-artemis-2.44.0', zip: '/tmp/fake-installs/apache-artemis-2.44.0-bin.zip', dialect: 'primary-backup' },
        user: 'admin',
        defaultPassword: true,
        heapMb: 512,
        journal: 'nio',
        nodes: Object.fromEntries(
          def.topology.brokers.map((b) => [
            b.id,
            { instance: b.instance, dir: `/tmp/fake-lab/${b.instance}`, portOffset: offset + b.portOffset, acceptorPort: 61616 + offset + b.portOffset, consolePort: 8161 + offset + b.portOffset },
          ]),
        ),
        createdAt: new Date().toISOString(),
      };
      s.nodes = def.topology.brokers.map((b) => node(b, offset));
    });
    return {
      changed: true,
      lines: [
        'Unpacked apache-artemis-2.44.0 into /tmp/fake-lab.',
        'replicatedMaster: replaced UDP discovery with a static connector to the backup (multicast fails on many networks).',
        'replicatedMaster: check-for-active-server = true, so a restarted master asks before going live.',
        'replicatedSlave: allow-failback = true, so the master gets its role back when it returns.',
      ],
      movedAsideTo: null,
    };
  }

  async function start(name: NodeName) {
    // Each push clones the snapshot: look nodes up again inside every change.
    if (nodeOf(name).process === 'running') throw Object.assign(new Error(`The ${name} is already running.`), { code: 'ALREADY_RUNNING', hint: null });
    mutate(() => {
      nodeOf(name).process = 'starting';
      event(name, 'AMQ221000', 'starting', 'Starting ActiveMQ Artemis Server');
    });
    await wait();
    mutate(() => {
      const n = nodeOf(name);
      const other = snap.nodes.find((x) => x.name !== name);
      n.process = 'running';
      n.pid = name === 'master' ? 4242 : 4343;
      n.startedAt = new Date().toISOString();
      n.jolokia = 'ok';
      if (name === 'master' && other?.live && other.name === 'backup') {
        // Failback: the backup hands over.
        event('backup', 'AMQ221008', 'failback', 'live server wants to restart, restarting server in backup');
        other.live = false;
        other.backup = true;
        other.replicaSync = true;
        other.queues.haQueue = null;
        n.live = true;
        n.backup = false;
        n.replicaSync = true;
        n.queues.haQueue = snap.ledger.sent;
        event(name, 'AMQ221007', 'live', 'Server is now active');
        const fb = snap.stopwatch.failback;
        snap.stopwatch.failback = { startedAt: fb?.startedAt ?? new Date().toISOString(), endedAt: new Date().toISOString(), ms: 1200 };
      } else if (name === 'master' || !other?.live) {
        n.live = true;
        n.backup = false;
        n.queues.haQueue = name === 'master' ? Math.max(0, snap.ledger.sent) : null;
        event(name, 'AMQ221007', 'live', 'Server is now active');
      } else {
        n.live = false;
        n.backup = true;
        n.replicaSync = true;
        if (other) other.replicaSync = true;
        event(name, 'AMQ221109', 'backup-started', 'Apache ActiveMQ Artemis Backup Server is started');
        event(name, 'AMQ221024', 'synchronized', 'Backup server is synchronized with live server');
      }
      followLive();
    });
  }

  async function stop(name: NodeName, crash: boolean) {
    if (nodeOf(name).process === 'stopped') throw Object.assign(new Error(`The ${name} is not running.`), { code: 'NOT_RUNNING', hint: null });
    mutate((s) => {
      nodeOf(name).process = 'stopping';
      if (name === 'master') s.stopwatch.failover = { startedAt: new Date().toISOString(), endedAt: null, ms: null };
    });
    await wait();
    mutate((s) => {
      const n = nodeOf(name);
      n.process = crash ? 'crashed' : 'stopped';
      n.live = false;
      n.pid = null;
      n.backup = null;
      n.replicaSync = null;
      n.jolokia = 'unreachable';
      event(name, crash ? 'LAB' : 'AMQ221002', 'stopped', crash ? 'Killed by the lab (crash)' : 'Apache ActiveMQ Artemis stopped');
      const b = s.nodes.find((x) => x.name === 'backup');
      if (name === 'master' && b?.process === 'running') {
        b.live = true;
        b.backup = false;
        b.replicaSync = null;
        b.queues.haQueue = s.ledger.sent;
        event('backup', 'AMQ221010', 'failover', 'Backup Server is now active');
        s.stopwatch.failover = { startedAt: s.stopwatch.failover!.startedAt, endedAt: new Date().toISOString(), ms: 2100 };
      }
      followLive();
    });
  }

  function verify(): RequestResults['messages.verify'] {
    const live = snap.nodes.find((n) => n.live);
    const present = live?.queues.haQueue ?? 0;
    mutate((s) => {
      s.ledger.checks.push({ at: new Date().toISOString(), node: live?.name ?? null, label: 'check', sent: s.ledger.sent, present, lost: Math.max(0, s.ledger.sent - present), duplicated: 0 });
    });
    return snap.ledger;
  }

  async function runStep(id: StepId) {
    switch (id) {
      case 'prerequisites':
        return void (await handlers['doctor.run']({}));
      case 'unpack':
      case 'create':
        return void (snap.setup === 'created' ? undefined : await setup());
      case 'start-master':
        return start('master');
      case 'start-backup':
        return start('backup');
      case 'send':
        return void (await handlers['messages.send']({ count: 10 }));
      case 'stop-master':
        return stop('master', false);
      case 'restart-master':
        mutate((s) => {
          s.stopwatch.failback = { startedAt: new Date().toISOString(), endedAt: null, ms: null };
        });
        await start('master');
        verify();
        return;
      case 'backup-holds':
        return void verify();
      default:
        return;
    }
  }

  const handlers: { [M in RequestMethod]: (p: RequestParams<M>) => Promise<RequestResult<M>> } = {
    'lab.snapshot': async () => snap,
    // As the real lab: a dir not set up takes any lab; a set-up one changes only through setup with force.
    'lab.choose': async (p) => {
      if (snap.config && p.lab !== snap.lab) throw Object.assign(new Error(`This lab dir already holds "${findLab(snap.lab)!.title}".`), { code: 'OTHER_LAB', hint: 'Set it up again with force.' });
      mutate((s) => {
        s.lab = p.lab;
        s.steps = pendingSteps(findLab(p.lab)!);
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
      return [...zips];
    },
    'traffic.start': async (p) => {
      const live = liveName();
      if (!live) throw Object.assign(new Error('No live broker for the traffic to start on.'), { code: 'NOT_RUNNING', hint: 'Start the master first.' });
      if (snap.traffic && snap.traffic.state !== 'stopped') throw Object.assign(new Error('Traffic is already running.'), { code: 'ALREADY_RUNNING', hint: 'Stop it first.' });
      mutate((s) => {
        s.traffic = startTraffic(p.rate ?? TRAFFIC_DEFAULT_RATE, live);
      });
      if (options.trafficTickMs) trafficTimer = setInterval(() => tickTraffic(1), options.trafficTickMs);
      return snap.traffic!;
    },
    'traffic.stop': async () => {
      if (!snap.traffic || snap.traffic.state !== 'running') throw Object.assign(new Error('No traffic is running.'), { code: 'NOT_RUNNING', hint: 'Start traffic first.' });
      if (trafficTimer) clearInterval(trafficTimer);
      trafficTimer = null;
      mutate((s) => {
        s.traffic!.state = 'draining';
      });
      await wait();
      mutate((s) => drainTraffic(s.traffic!));
      return snap.traffic!;
    },
    'wire.change': async (p) => {
      if (!snap.wire) throw Object.assign(new Error('This lab has no links between brokers.'), { code: 'NOT_RUNNING', hint: 'Pick a lab with a wire.' });
      mutate((s) => {
        for (const l of s.wire!.links) {
          if (p.ends && !(p.ends.includes(l.a) && p.ends.includes(l.b))) continue;
          if (p.cut !== undefined) {
            l.cut = p.cut;
            l.state = p.cut ? 'cut' : 'open';
            if (p.cut) l.connections = 0;
          }
          if (p.latencyMs !== undefined) l.latencyMs = p.latencyMs;
        }
        const off = new Set([...s.wire!.unreachable, ...(p.isolate ?? [])]);
        for (const id of p.rejoin ?? []) off.delete(id);
        s.wire!.unreachable = [...off].sort();
      });
      return snap.wire;
    },
    'lab.setup': async (p) => {
      if (p.lab && p.lab !== snap.lab) {
        if (snap.config && !p.force) throw Object.assign(new Error('This lab dir holds another lab.'), { code: 'OTHER_LAB', hint: 'Use force.' });
        if (snap.nodes.some((n) => n.process !== 'stopped' && n.process !== 'crashed')) {
          throw Object.assign(new Error('Cannot set the lab up again while brokers run.'), { code: 'ALREADY_RUNNING', hint: 'Run `amq-ha-lab down` first.' });
        }
        mutate((s) => {
          s.lab = p.lab!;
          s.config = null;
          s.nodes = [];
          s.steps = pendingSteps(findLab(p.lab!)!);
        });
      }
      return setup();
    },
    'lab.up': async () => {
      await start('master');
      await start('backup');
      return snap;
    },
    'lab.down': async () => {
      mutate((s) => {
        for (const n of s.nodes) Object.assign(n, { process: 'stopped', live: false, backup: null, replicaSync: null, pid: null });
      });
      return snap;
    },
    'lab.reset': async () => {
      if (trafficTimer) clearInterval(trafficTimer);
      snap = initialSnapshot();
      push();
      return { movedTo: '/tmp/fake-lab.old-1' };
    },
    'node.start': async (p) => {
      await start(p.node);
      return snap;
    },
    'node.stop': async (p) => {
      await stop(p.node, p.crash ?? false);
      return snap;
    },
    'messages.send': async (p) => {
      const live = snap.nodes.find((n) => n.live);
      if (!live) throw Object.assign(new Error('No live broker to send to.'), { code: 'NOT_RUNNING', hint: 'Start the master first.' });
      mutate((s) => {
        s.ledger.runId ??= 'run-1';
        s.ledger.sent += p.count;
        const n = nodeOf(live.name);
        n.queues.haQueue = (n.queues.haQueue ?? 0) + p.count;
      });
      return { node: live.name, runId: 'run-1', sent: p.count, firstSeq: 1, lastSeq: p.count, equivalentCommand: 'artemis producer --message-count 10' };
    },
    'messages.verify': async () => verify(),
    'step.run': async (p) => {
      const step = WORKSHOP_STEPS.find((s) => s.id === p.id);
      if (!step) throw Object.assign(new Error(`No step ${p.id}`), { code: 'BAD_REQUEST', hint: null });
      const t0 = Date.now();
      mutate(() => setStep(p.id, { status: 'running', detail: null, hint: null, fix: null }));
      try {
        await runStep(step.id);
        await wait();
        const check = step.check(snap);
        mutate(() => setStep(p.id, { status: check.ok ? 'passed' : 'failed', ms: Date.now() - t0, detail: check.detail, hint: check.ok ? null : step.hint, fix: null }));
      } catch (error) {
        const e = error as { message: string; hint?: string | null; fix?: FixAction | null };
        mutate(() => setStep(p.id, { status: 'failed', ms: Date.now() - t0, detail: e.message, hint: e.hint ?? step.hint, fix: e.fix ?? null }));
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
        s.steps = initialSnapshot().steps;
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
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
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
    },
  };
  return lab;
}
