// The clustered-queue lab's checks over hand-made snapshots, shaped like the ones the real
// brokers gave (2.44.0 workshop run): what passes, and what a user would see fail.
import { describe, expect, it } from 'vitest';
import type { ConsumersSnapshot, PinnedConsumer } from '../../../shared/consumers-state.js';
import type { HaEvent, LabSnapshot, BrokerSnapshot, QueueStats } from '../../../shared/lab-state.js';
import { clusteredQueue } from '../../../shared/labs/clustered-queue.js';
import { stepOf } from '../../../shared/labs/story.js';
import { labProblems, topologyLines } from '../../../shared/labs/topology.js';

const AT = Date.parse('2026-11-29T09:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface Member {
  queue?: Partial<QueueStats>;
  members?: number | null;
  loadBalancing?: string;
  remoteBindings?: number;
  process?: BrokerSnapshot['process'];
}

function broker(name: string, m: Member): BrokerSnapshot {
  return {
    name,
    label: name,
    role: 'member',
    instance: name,
    process: m.process ?? 'running',
    pid: 1,
    startedAt: null,
    live: (m.process ?? 'running') === 'running',
    backup: false,
    replicaSync: false,
    haPolicy: 'Primary Only',
    ports: { acceptor: 62816, console: 9361 },
    acceptorUrl: '',
    consoleUrl: '',
    queues: { haQueue: m.queue?.messageCount ?? 0 },
    haQueueStats: { messageCount: 0, messagesAdded: 0, consumerCount: 0, deliveringCount: 0, ...m.queue },
    cluster: { members: m.members === undefined ? 2 : m.members, loadBalancing: m.loadBalancing ?? 'ON_DEMAND', remoteBindings: m.remoteBindings ?? 1 },
    jolokia: 'ok',
    lastError: null,
  };
}

function consumer(brokerName: string, state: PinnedConsumer['state'], ageMs: number, byRun: Record<string, number> = {}): PinnedConsumer {
  return { broker: brokerName, state, since: iso(AT - ageMs), received: Object.values(byRun).reduce((a, b) => a + b, 0), byRun, lastError: null };
}

function snap(b1: Member, b2: Member, over: { consumers?: PinnedConsumer[]; runId?: string; sent?: number; events?: HaEvent[] } = {}): LabSnapshot {
  const consumers: ConsumersSnapshot | null = over.consumers
    ? { pid: 42, running: true, queue: 'haQueue', updatedAt: iso(AT), consumers: Object.fromEntries(over.consumers.map((c) => [c.broker, c])) }
    : null;
  return {
    seq: 1,
    at: iso(AT),
    labDir: '/lab',
    installsDir: '/installs',
    lab: clusteredQueue.id,
    setup: 'created',
    config: null,
    doctor: null,
    task: null,
    brokers: [broker('broker1', b1), broker('broker2', b2)],
    events: over.events ?? [],
    logs: {},
    ledger: { runId: over.runId ?? null, sent: over.sent ?? 0, checks: [] },
    steps: [],
    stopwatch: { failover: null, failback: null },
    groupStopwatches: {},
    splitBrain: [],
    traffic: null,
    consumers,
    wire: null,
    roundTrips: [],
  };
}

const check = (id: string, s: LabSnapshot) => stepOf(clusteredQueue, id)!.check(s);
const withConsumer = { queue: { consumerCount: 1 } };

describe('the clustered-queue lab', () => {
  it('is two live members with a cluster bridge between them', () => {
    expect(labProblems(clusteredQueue)).toEqual([]);
    expect(clusteredQueue.topology.brokers.map((b) => [b.id, b.role, b.ha])).toEqual([
      ['broker1', 'member', 'none'],
      ['broker2', 'member', 'none'],
    ]);
    expect(topologyLines(clusteredQueue.topology)).toEqual([{ from: 'broker1', to: 'broker2', kind: 'bridge' }]);
  });

  it('cluster formed: members=2 and a remote binding on both; a peer down drops members to 1', () => {
    expect(check('cluster-formed', snap({}, {})).ok).toBe(true);
    expect(check('cluster-formed', snap({}, { members: 1 })).ok).toBe(false);
    expect(check('cluster-formed', snap({ remoteBindings: 0 }, {})).ok).toBe(false);
    expect(check('cluster-formed', snap({}, { process: 'stopped' })).ok).toBe(false);
  });

  it('consumers: attached on both, counted by both brokers, for half a second', () => {
    const both = [consumer('broker1', 'attached', 1000), consumer('broker2', 'attached', 1000)];
    expect(check('consumers', snap(withConsumer, withConsumer, { consumers: both })).ok).toBe(true);
    // The broker has not counted it yet.
    expect(check('consumers', snap(withConsumer, {}, { consumers: both })).ok).toBe(false);
    // Just attached: the remote broker may not know yet.
    expect(check('consumers', snap(withConsumer, withConsumer, { consumers: [both[0]!, consumer('broker2', 'attached', 100)] })).ok).toBe(false);
  });

  it('ON_DEMAND with consumers on both: 10 and 10 of the run just sent, nothing left', () => {
    const split = (a: number, b: number) => [consumer('broker1', 'attached', 5000, { old: 7, r1: a }), consumer('broker2', 'attached', 5000, { r1: b })];
    const s = snap(withConsumer, withConsumer, { consumers: split(10, 10), runId: 'r1', sent: 20 });
    expect(check('load-balance', s)).toMatchObject({ ok: true });
    expect(check('load-balance', s).detail).toContain('Broker 2: haQueue 0 (consumers 1), consumer attached, 10 of this run');
    expect(check('load-balance', snap(withConsumer, withConsumer, { consumers: split(20, 0), runId: 'r1', sent: 20 })).ok).toBe(false);
    expect(check('load-balance', snap(withConsumer, withConsumer, { consumers: split(11, 9), runId: 'r1', sent: 20 })).ok).toBe(false);
    expect(check('load-balance', snap(withConsumer, { queue: { messageCount: 1, consumerCount: 1 } }, { consumers: split(10, 9), runId: 'r1', sent: 20 })).ok).toBe(false);
  });

  it('no consumer on broker 2: all 20 of the run on broker 1, none stranded there', () => {
    const consumers = [consumer('broker1', 'attached', 9000, { r1: 10, r2: 20 }), consumer('broker2', 'stopped', 3000, { r1: 10 })];
    expect(check('no-consumer', snap(withConsumer, {}, { consumers, runId: 'r2', sent: 20 })).ok).toBe(true);
    // Still counted by broker 2: the consumer did not go.
    expect(check('no-consumer', snap(withConsumer, withConsumer, { consumers, runId: 'r2', sent: 20 })).ok).toBe(false);
    expect(check('no-consumer', snap(withConsumer, { queue: { messageCount: 3 } }, { consumers, runId: 'r2', sent: 20 })).ok).toBe(false);
  });

  it('stranded: 10 stay on broker 2 while broker 1 has had a consumer for 3 s', () => {
    const consumers = (age: number) => [consumer('broker1', 'attached', age), consumer('broker2', 'stopped', 9000, { r1: 10 })];
    const stranded = { queue: { messageCount: 10 } };
    expect(check('stranded', snap(withConsumer, stranded, { consumers: consumers(3500), runId: 'r3', sent: 10 })).ok).toBe(true);
    // Not long enough to say nothing moves.
    expect(check('stranded', snap(withConsumer, stranded, { consumers: consumers(1000), runId: 'r3', sent: 10 })).ok).toBe(false);
    // They moved (redistribution on): not stranded.
    expect(check('stranded', snap(withConsumer, {}, { consumers: consumers(3500), runId: 'r3', sent: 10 })).ok).toBe(false);
  });

  it('redistribution on: each broker reloaded broker.xml (AMQ221056) after the lab configured it', () => {
    const ev = (broker: string, code: string, ms: number, text: string): HaEvent => ({ time: iso(AT + ms), broker, code, kind: code === 'LAB' ? 'lab' : 'reload', text });
    const configured = [ev('broker1', 'LAB', 0, 'Configured: redistribution-delay=0 ms'), ev('broker2', 'LAB', 10, 'Configured: redistribution-delay=0 ms')];
    const stranded = { queue: { messageCount: 10 } };
    const before = [ev('broker1', 'AMQ221056', -5000, 'Reloading configuration: address settings'), ev('broker2', 'AMQ221056', -5000, 'Reloading configuration: address settings')];
    expect(check('redistribution-on', snap({}, stranded, { events: [...before, ...configured] })).ok).toBe(false);
    const after = [ev('broker1', 'AMQ221056', 2500, 'Reloading configuration: address settings'), ev('broker2', 'AMQ221056', 3900, 'Reloading configuration: address settings')];
    expect(check('redistribution-on', snap({}, stranded, { events: [...configured, ...after] }))).toMatchObject({ ok: true, detail: expect.stringContaining('Reloaded (AMQ221056): broker1, broker2.') });
    expect(check('redistribution-on', snap({}, stranded, { events: [...configured, after[0]!] })).ok).toBe(false);
  });

  it('redistribute: broker 2 empty and the reconnected consumer got the 10', () => {
    const consumers = (got: number) => [consumer('broker1', 'attached', 500, { r3: got }), consumer('broker2', 'stopped', 9000)];
    expect(check('redistribute', snap(withConsumer, {}, { consumers: consumers(10), runId: 'r3', sent: 10 })).ok).toBe(true);
    expect(check('redistribute', snap(withConsumer, { queue: { messageCount: 10 } }, { consumers: consumers(0), runId: 'r3', sent: 10 })).ok).toBe(false);
  });

  it('STRICT: the effective policy on both (a reloaded file alone still says ON_DEMAND), then 10 pile up on broker 2', () => {
    const consumers = [consumer('broker1', 'attached', 2000, { r4: 10 }), consumer('broker2', 'stopped', 60000)];
    const strict = { ...withConsumer, loadBalancing: 'STRICT' };
    expect(check('strict', snap(strict, { loadBalancing: 'STRICT' }, { consumers })).ok).toBe(true);
    expect(check('strict', snap(strict, { loadBalancing: 'ON_DEMAND' }, { consumers })).ok).toBe(false);
    expect(check('strict-piles-up', snap(strict, { loadBalancing: 'STRICT', queue: { messageCount: 10 } }, { consumers, runId: 'r4', sent: 20 })).ok).toBe(true);
    expect(check('strict-piles-up', snap(strict, { loadBalancing: 'STRICT', queue: { messageCount: 0 } }, { consumers, runId: 'r4', sent: 20 })).ok).toBe(false);
    expect(check('drain-broker2', snap(strict, { queue: { consumerCount: 1 } }, { consumers: [consumers[0]!, consumer('broker2', 'attached', 500, { r4: 10 })], runId: 'r4', sent: 20 })).ok).toBe(true);
  });

  it('nothing from the consumers step on holds on a formed cluster with no consumers and no messages', () => {
    for (const step of clusteredQueue.story.slice(5)) expect(step.check(snap({}, {})).ok, step.id).toBe(false);
  });
});
