// Hand-made snapshots for tests of pure checks and pictures: one broker, one lab, with the shape
// the monitor emits and only what a test says differing.
import type { LabSnapshot, NodeSnapshot } from '../../shared/lab-state.js';

/** A running broker that said nothing yet: not live, role unknown, no queue. */
export function nodeSnapshot(name: string, over: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return {
    name,
    label: name,
    role: /backup|slave/i.test(name) ? 'backup' : 'primary',
    instance: name,
    process: 'running',
    pid: 1,
    startedAt: null,
    live: false,
    backup: null,
    replicaSync: null,
    haPolicy: null,
    ports: { acceptor: 61616, console: 8161 },
    acceptorUrl: '',
    consoleUrl: '',
    queues: { haQueue: null },
    haQueueStats: null,
    cluster: null,
    jolokia: 'ok',
    lastError: null,
    ...over,
  };
}

/** A created lab with these brokers, ten messages sent in run r1, nothing else yet. */
export function labSnapshot(lab: string, nodes: NodeSnapshot[], over: Partial<LabSnapshot> = {}): LabSnapshot {
  return {
    seq: 1,
    at: '',
    labDir: '/lab',
    installsDir: '/installs',
    lab,
    setup: 'created',
    config: null,
    doctor: null,
    task: null,
    traffic: null,
    consumers: null,
    wire: null,
    roundTrips: [],
    nodes,
    events: [],
    logs: Object.fromEntries(nodes.map((n) => [n.name, []])),
    ledger: { runId: 'r1', sent: 10, checks: [] },
    steps: [],
    stopwatch: { failover: null, failback: null },
    groupStopwatches: {},
    ...over,
  };
}
