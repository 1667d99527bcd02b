// Hand-made snapshots for tests of pure checks and pictures: one broker, one lab, with the shape
// the monitor emits and only what a test says differing.
import type { LabSnapshot, BrokerSnapshot } from '../../shared/lab-state.js';
import { findLab } from '../../shared/labs/index.js';
import { liveByGroup } from '../../shared/derive/split-brain.js';

function splitBrainOf(lab: string, brokers: BrokerSnapshot[]): LabSnapshot['splitBrain'] {
  const topology = findLab(lab)?.topology;
  if (!topology) return [];
  return liveByGroup(topology, brokers)
    .filter((g) => g.live.length >= 2)
    .map((g) => ({ group: g.group, brokers: g.live, since: '', raised: true }));
}

/** A running broker that said nothing yet: not live, role unknown, no queue. */
export function brokerSnapshot(name: string, over: Partial<BrokerSnapshot> = {}): BrokerSnapshot {
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
export function labSnapshot(lab: string, brokers: BrokerSnapshot[], over: Partial<LabSnapshot> = {}): LabSnapshot {
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
    brokers,
    events: [],
    logs: Object.fromEntries(brokers.map((n) => [n.name, []])),
    ledger: { runId: 'r1', sent: 10, checks: [] },
    steps: [],
    stopwatch: { failover: null, failback: null },
    groupStopwatches: {},
    // As the engine derives it (shared/derive/split-brain.ts), unless a test says otherwise.
    splitBrain: splitBrainOf(lab, brokers),
    ...over,
  };
}

/**
 * A broker of a lab as the monitor reports it, named, labelled and placed as the lab's topology
 * says (acceptor `firstAcceptor` + its offset, console 8161 + the same shift): running, a
 * replication backup not yet synchronized, until the patch says otherwise.
 */
export function labBroker(lab: string, id: string, patch: Partial<BrokerSnapshot> = {}, firstAcceptor = 61616): BrokerSnapshot {
  const def = findLab(lab)!.topology.brokers.find((b) => b.id === id)!;
  const acceptor = firstAcceptor + def.portOffset;
  return brokerSnapshot(id, {
    label: def.label,
    role: def.role,
    instance: def.instance,
    pid: 100,
    backup: true,
    replicaSync: false,
    haPolicy: 'replication',
    ports: { acceptor, console: acceptor - 53455 },
    acceptorUrl: `tcp://127.0.0.1:${acceptor}`,
    ...patch,
  });
}
