// The story's send action over a stand-in lab: one ledger run for a step that sends to two pairs.
// (On real brokers the second send started a new run: the first pair's queue depth was not polled
// yet, the lab saw every queue empty, and the first batch was archived away.)
import { describe, expect, it } from 'vitest';
import type { LabSnapshot, BrokerSnapshot } from '../../../shared/lab-state.js';
import { replicationVsSharedStore } from '../../../shared/labs/replication-vs-shared-store.js';
import { runStep } from '../../../electron/lab/story/workshop.js';
import type { StoryLab } from '../../../electron/lab/story/story-lab.js';
import type { Observation } from '../../../electron/lab/store/observations.js';

function liveBroker(name: string, held: number): BrokerSnapshot {
  return {
    name, label: name, role: 'primary', instance: name, process: 'running', pid: 1, startedAt: null, live: true, backup: false,
    replicaSync: null, haPolicy: null, ports: { acceptor: 1, console: 2 }, acceptorUrl: '', consoleUrl: '', queues: { haQueue: held }, haQueueStats: null, cluster: null, jolokia: 'ok', lastError: null,
  };
}

function standIn(held: number) {
  const sends: { broker?: string; newRun?: boolean }[] = [];
  let snapshot = {
    brokers: [liveBroker('repLive', held), liveBroker('ssLive', held)],
    steps: replicationVsSharedStore.story.map((s) => ({ id: s.id, status: 'pending', ms: null, detail: null, hint: null })),
    ledger: { runId: 'r', sent: 0, checks: [] },
    events: [],
    groupStopwatches: {},
    consumers: null,
    wire: null,
    roundTrips: [],
  } as unknown as LabSnapshot;
  const lab = {
    definition: replicationVsSharedStore,
    snapshot: () => snapshot,
    exclusive: <T>(_what: string, work: () => Promise<T>) => work(),
    store: {
      observe: (o: Observation) => {
        if (o.kind === 'step') snapshot = { ...snapshot, steps: snapshot.steps.map((s) => (s.id === o.step.id ? o.step : s)) };
      },
      flush: () => undefined,
      // The depth the send filled is not polled yet: the check never holds here, which is fine.
      waitFor: () => Promise.reject(new Error('not polled')),
      detectionLags: () => [],
    },
    request: async (method: string, params: { broker?: string; newRun?: boolean }) => {
      if (method === 'messages.send') sends.push({ broker: params.broker, newRun: params.newRun });
      return {};
    },
  } as unknown as StoryLab;
  return { lab, sends };
}

describe('the send action', () => {
  it('opens one run for a step that sends to two pairs, even while no queue shows the first batch', async () => {
    const { lab, sends } = standIn(0);
    await runStep(lab, 'send');
    expect(sends).toEqual([
      { broker: 'repLive', newRun: true },
      { broker: 'ssLive', newRun: false },
    ]);
  });

  it('goes on with the run when a broker still holds its messages (a second pass through the story)', async () => {
    const { lab, sends } = standIn(10);
    await runStep(lab, 'send');
    expect(sends.map((s) => s.newRun)).toEqual([false, false]);
  });
});
