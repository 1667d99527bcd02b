// The agent publishes on the store's change feed: once when it starts, then each time the feed
// says something changed, never for a snapshot that changes nothing the instructor sees; each
// event carries the attendee's latest changes. The real store on a scripted clock, no process.
import { describe, expect, it } from 'vitest';
import { AttendeeFeed, followLab } from '../../../electron/classroom/agent.js';
import { EMPTY_MEMORY, type AttendeeProfile } from '../../../electron/classroom/attendee-state.js';
import { LabStore } from '../../../electron/lab/store/lab-store.js';
import { judgeEvent, type ClassroomEvent } from '../../../shared/classroom-event.js';
import type { RunFile } from '../../../shared/derive/broker-facts.js';
import { pendingSteps } from '../../../shared/labs/story.js';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { fakeLabConfig, logStamp } from '../lab/lab-fixtures.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const profile: AttendeeProfile = { name: 'Ada', hand: false, left: false, versions: { os: 'Linux', java: 'Java 17', app: '0.1.0' }, privatePaths: [], secrets: [] };

function scripted() {
  let now = T0;
  const config = fakeLabConfig('/lab', (instance, offset) => ({ instance, dir: `/lab/${instance}`, portOffset: offset, acceptorPort: 61616 + offset, consolePort: 8161 + offset }));
  const store = new LabStore({ lab: replicatedPair, labDir: '/lab', installsDir: '/installs', config, setup: 'created', ledger: { runId: null, sent: 0, checks: [] }, steps: pendingSteps(replicatedPair), clock: () => now });
  const runs = new Map<string, RunFile>();
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  const process = (broker: string, verdict: 'running' | 'crashed') => {
    const run = runs.get(broker)!;
    if (verdict === 'running') store.observe({ kind: 'process', broker, verdict: { kind: 'running', pid: run.pid }, run, stoppedByOs: false });
    else store.observe({ kind: 'process', broker, verdict: { kind: 'exited', pid: run.pid, crashRequested: true, stopRequested: false }, run, stoppedByOs: false });
  };
  const script = {
    store,
    to: (ms: number) => void (now = T0 + ms),
    start(broker: string, ms: number, pid: number) {
      runs.set(broker, { broker: broker, pid, instanceDir: `/lab/${broker}`, startedAt: at(ms), stopRequestedAt: null, crashRequestedAt: null, exitedAt: null });
      process(broker, 'running');
    },
    crash(broker: string, ms: number) {
      runs.set(broker, { ...runs.get(broker)!, crashRequestedAt: at(ms) });
      process(broker, 'running');
      process(broker, 'crashed');
    },
    log: (broker: string, code: string) => store.observe({ kind: 'log', broker, lines: [`${logStamp(new Date(now))} INFO  [org.apache.activemq.artemis.core.server] ${code}: said`], following: true }),
  };
  for (const broker of ['master', 'backup']) store.observe({ kind: 'process', broker, verdict: { kind: 'stopped' }, run: null, stoppedByOs: false });
  store.emitNow();
  return script;
}

function agentOn(store: LabStore) {
  const events: ClassroomEvent[] = [];
  const feed = new AttendeeFeed(
    (body) => {
      const verdict = judgeEvent(body);
      if (!verdict.ok) throw new Error(`the instructor would drop it: ${verdict.why}`);
      events.push(verdict.event);
    },
    profile,
    EMPTY_MEMORY,
  );
  followLab(store, feed);
  return { events, feed };
}

describe('the classroom agent on the change feed', () => {
  it('publishes the whole state at start, then on a change, and not on a snapshot that changes nothing the instructor sees', () => {
    const s = scripted();
    const { events } = agentOn(s.store);
    expect(events).toHaveLength(1);
    let snapshots = 0;
    s.store.onSnapshot(() => snapshots++);
    s.to(500);
    s.store.observe({ kind: 'task', task: { name: 'waiting', message: 'Waiting for the app…', progress: null } });
    s.store.flush();
    expect(snapshots).toBe(1);
    expect(events).toHaveLength(1);
    s.to(1000);
    s.store.observe({ kind: 'step', step: { id: 'prerequisites', status: 'running', ms: null, detail: null, hint: null } });
    s.store.flush();
    expect(events).toHaveLength(2);
    expect(events[1]!.steps[0]).toMatchObject({ id: 'prerequisites', status: 'running' });
    expect(events[1]!.recent).toEqual([{ type: 'step-started', at: new Date(T0 + 1000).toISOString(), step: 'prerequisites', ms: null }]);
  });

  it("carries the attendee's latest changes: a failover with its time and brokers, oldest first, at most ten", () => {
    const s = scripted();
    const { events } = agentOn(s.store);
    s.to(1000);
    s.start('master', 900, 101);
    s.log('master', 'AMQ101000');
    s.log('master', 'AMQ221007');
    s.store.flush();
    s.to(2000);
    s.start('backup', 1900, 102);
    s.log('backup', 'AMQ101000');
    s.log('backup', 'AMQ221109');
    s.store.flush();
    s.to(4000);
    s.crash('master', 4000);
    s.store.flush();
    s.to(5400);
    s.log('backup', 'AMQ221007');
    s.store.flush();
    const last = events[events.length - 1]!;
    expect(last.recent.slice(-3)).toEqual([
      { type: 'broker-became', at: new Date(T0 + 4000).toISOString(), broker: 'master', as: 'stopped', crashed: true },
      { type: 'broker-became', at: new Date(T0 + 5400).toISOString(), broker: 'backup', as: 'live', crashed: false },
      { type: 'failover-timed', at: new Date(T0 + 5400).toISOString(), group: 'master', ms: 1400, from: 'master', to: 'backup' },
    ]);
    expect(last.brokers.find((b) => b.name === 'backup')?.live).toBe(true);
    for (const [i, id] of ['prerequisites', 'unpack', 'create', 'start-master', 'start-backup', 'send'].entries()) {
      s.to(6000 + i * 100);
      s.store.observe({ kind: 'step', step: { id, status: 'skipped', ms: null, detail: null, hint: null } });
      s.store.flush();
    }
    expect(events[events.length - 1]!.recent).toHaveLength(10);
  });
});
