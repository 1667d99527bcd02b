// The store's change feed over a scripted lab: observations in (what the observers and the lab's
// actions would hand the store), the feed out — what a classroom view will publish. No process,
// no file: the store alone, on a clock the script moves.
import { describe, expect, it } from 'vitest';
import type { LabChange } from '../../../shared/change-feed.js';
import type { RunFile } from '../../../shared/derive/broker-facts.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { pendingSteps } from '../../../shared/labs/story.js';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { sharedStore } from '../../../shared/labs/shared-store.js';
import { LabStore } from '../../../electron/lab/store/lab-store.js';
import { fakeLabConfig, logStamp } from './lab-fixtures.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

function scripted() {
  let now = T0;
  const config: LabConfig = fakeLabConfig('/lab', (instance, offset) => ({ instance, dir: `/lab/${instance}`, portOffset: offset, acceptorPort: 61616 + offset, consolePort: 8161 + offset }));
  const store = new LabStore({ lab: replicatedPair, labDir: '/lab', installsDir: '/installs', config, setup: 'created', ledger: { runId: null, sent: 0, checks: [] }, steps: pendingSteps(replicatedPair), clock: () => now });
  const feed: LabChange[] = [];
  store.onChange((changes) => feed.push(...changes));
  const runs = new Map<string, RunFile>();
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  const script = {
    feed,
    store,
    /** Moves the clock to T0 + ms. */
    to(ms: number) {
      now = T0 + ms;
    },
    start(broker: string, ms: number, pid: number) {
      runs.set(broker, { broker: broker, pid, instanceDir: `/lab/${broker}`, startedAt: at(ms), stopRequestedAt: null, crashRequestedAt: null, exitedAt: null });
      store.observe({ kind: 'process', broker, verdict: { kind: 'running', pid }, run: runs.get(broker)!, stoppedByOs: false });
    },
    crash(broker: string, ms: number) {
      const run = { ...runs.get(broker)!, crashRequestedAt: at(ms) };
      runs.set(broker, run);
      store.observe({ kind: 'process', broker, verdict: { kind: 'running', pid: run.pid }, run, stoppedByOs: false });
      store.observe({ kind: 'process', broker, verdict: { kind: 'exited', pid: run.pid, crashRequested: true, stopRequested: false }, run, stoppedByOs: false });
    },
    log(broker: string, code: string, text = 'said') {
      store.observe({ kind: 'log', broker, lines: [`${logStamp(new Date(now))} INFO  [org.apache.activemq.artemis.core.server] ${code}: ${text}`], following: true });
    },
    /** The coalesced emission, now: the feed is between emitted snapshots. */
    emit() {
      store.flush();
    },
  };
  for (const broker of ['master', 'backup']) store.observe({ kind: 'process', broker, verdict: { kind: 'stopped' }, run: null, stoppedByOs: false });
  store.emitNow();
  return script;
}

const base = (ms: number) => ({ at: new Date(T0 + ms).toISOString(), lab: 'replicated-pair' });

describe('the change feed', () => {
  it('a failover and failback, a step, a ledger check: each once, in order, with time and lab', () => {
    const s = scripted();
    s.to(1000);
    s.start('master', 900, 101);
    s.log('master', 'AMQ101000');
    s.log('master', 'AMQ221007');
    s.emit();
    s.to(2000);
    s.start('backup', 1900, 102);
    s.log('backup', 'AMQ101000');
    s.log('backup', 'AMQ221109');
    s.emit();
    s.to(3000);
    s.log('backup', 'AMQ221024');
    s.store.observe({ kind: 'step', step: { id: 'prerequisites', status: 'passed', ms: 1200, detail: 'All checks pass.', hint: null } });
    s.store.observe({ kind: 'ledger', ledger: { runId: 'r1', sent: 10, checks: [{ at: '2026-03-01T10:00:03.000Z', broker: 'master', label: 'on the master', sent: 10, present: 10, lost: 0, duplicated: 0 }] } });
    s.emit();
    s.to(4000);
    s.crash('master', 4000);
    s.emit();
    s.to(5500);
    s.log('backup', 'AMQ221007');
    s.emit();
    s.to(9000);
    s.start('master', 9000, 103);
    s.log('master', 'AMQ101000');
    s.emit();
    s.to(10_000);
    s.log('backup', 'AMQ221002');
    s.log('master', 'AMQ221007');
    s.log('backup', 'AMQ221109');
    s.emit();
    const byHand = (step: string, detail: string) => ({ ...base(3000), type: 'step-passed', v: 1, step, ms: null, detail: `${detail} (seen by the lab)` });
    expect(s.feed).toEqual([
      { ...base(1000), type: 'broker-became', v: 1, broker: 'master', as: 'live', crashed: false },
      { ...base(2000), type: 'broker-became', v: 1, broker: 'backup', as: 'backup', crashed: false },
      { ...base(3000), type: 'step-passed', v: 1, step: 'prerequisites', ms: 1200, detail: 'All checks pass.' },
      // The story's next steps already hold: passed by hand, in order, in the same snapshot.
      byHand('unpack', 'Artemis 2.44.0 in /lab/home.'),
      byHand('create', 'replicatedMaster, replicatedSlave created.'),
      byHand('start-master', 'Master: running, live.'),
      byHand('start-backup', 'Backup: running, passive backup, synchronized: true.'),
      byHand('send', '10 messages sent (run r1).'),
      { ...base(3000), type: 'ledger-check', v: 1, check: { at: '2026-03-01T10:00:03.000Z', broker: 'master', label: 'on the master', sent: 10, present: 10, lost: 0, duplicated: 0 } },
      { ...base(4000), type: 'broker-became', v: 1, broker: 'master', as: 'stopped', crashed: true },
      { ...base(5500), type: 'broker-became', v: 1, broker: 'backup', as: 'live', crashed: false },
      { ...base(5500), type: 'failover-timed', v: 1, group: 'master', ms: 1500, from: 'master', to: 'backup' },
      { ...base(10_000), type: 'broker-became', v: 1, broker: 'master', as: 'live', crashed: false },
      { ...base(10_000), type: 'broker-became', v: 1, broker: 'backup', as: 'backup', crashed: false },
      { ...base(10_000), type: 'failback-timed', v: 1, group: 'master', ms: 1000, broker: 'master' },
    ]);
    // Plain data: what goes over the wire comes back the same.
    expect(JSON.parse(JSON.stringify(s.feed))).toEqual(s.feed);
  });

  it('split brain: raised once it has held 0.5 s, not for a moment of overlap, and cleared when it ends', () => {
    const s = scripted();
    s.to(1000);
    s.start('master', 900, 101);
    s.log('master', 'AMQ101000');
    s.log('master', 'AMQ221007');
    s.start('backup', 900, 102);
    s.log('backup', 'AMQ101000');
    s.log('backup', 'AMQ221109');
    s.emit();
    s.feed.length = 0;
    // A moment of two live brokers (a failback's handover): listed in the snapshot at once, no alarm.
    s.to(2000);
    s.log('backup', 'AMQ221007');
    s.emit();
    expect(s.store.snapshot().splitBrain).toEqual([{ group: 'master', brokers: ['master', 'backup'], since: new Date(T0 + 2000).toISOString(), raised: false }]);
    s.to(2400);
    s.log('backup', 'AMQ221002');
    s.emit();
    expect(s.store.snapshot().splitBrain).toEqual([]);
    // Held: the next look after 0.5 s raises it.
    s.to(3000);
    s.log('backup', 'AMQ221007');
    s.emit();
    s.to(3500);
    s.start('backup', 900, 102);
    s.emit();
    expect(s.store.snapshot().events.filter((e) => e.kind === 'split-brain').map((e) => e.text)).toEqual([
      'Split brain: Master and Backup are both live. Each takes messages the other never sees; clients on either side carry on.',
    ]);
    s.to(6000);
    s.crash('backup', 6000);
    s.emit();
    expect(s.feed).toEqual([
      { ...base(2000), type: 'broker-became', v: 1, broker: 'backup', as: 'live', crashed: false },
      { ...base(3000), type: 'broker-became', v: 1, broker: 'backup', as: 'live', crashed: false },
      { ...base(3500), type: 'split-brain-raised', v: 1, group: 'master', brokers: ['master', 'backup'] },
      { ...base(6000), type: 'broker-became', v: 1, broker: 'backup', as: 'stopped', crashed: true },
      // The clocks' rule (stopwatches.ts): a live broker killed while another of its group runs is a failover, here to one already live.
      { ...base(6000), type: 'failover-timed', v: 1, group: 'master', ms: 0, from: 'backup', to: 'master' },
      { ...base(6000), type: 'split-brain-cleared', v: 1, group: 'master' },
    ]);
  });

  it('a step started, skipped, back to pending, and another lab chosen: each said once', () => {
    const s = scripted();
    s.to(1000);
    s.store.observe({ kind: 'step', step: { id: 'prerequisites', status: 'running', ms: null, detail: null, hint: null } });
    s.emit();
    s.to(2000);
    s.store.observe({ kind: 'step', step: { id: 'prerequisites', status: 'skipped', ms: null, detail: null, hint: null } });
    s.emit();
    s.to(3000);
    s.store.observe({ kind: 'story-restarted' });
    s.emit();
    s.to(4000);
    s.store.observe({ kind: 'lab-chosen', lab: sharedStore });
    s.emit();
    // The steps the story's checks pass by hand (unpack, create: the lab is set up) come and go too; followed here: one step.
    expect(s.feed.filter((c) => c.type === 'lab-chosen' || ('step' in c && c.step === 'prerequisites'))).toEqual([
      { ...base(1000), type: 'step-started', v: 1, step: 'prerequisites' },
      { ...base(2000), type: 'step-skipped', v: 1, step: 'prerequisites' },
      { ...base(3000), type: 'step-reset', v: 1, step: 'prerequisites' },
      // Another lab's steps and brokers are not compared with this one's: one change says it all.
      { at: new Date(T0 + 4000).toISOString(), lab: 'shared-store', type: 'lab-chosen', v: 1, from: 'replicated-pair' },
    ]);
  });
});
