// The workshop's pure step checks over snapshots the lab really produces (shapes from a run).
import { describe, expect, it } from 'vitest';
import type { LabSnapshot, BrokerSnapshot, StepState, StepStatus } from '../../../shared/lab-state.js';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { labSnapshot, brokerSnapshot } from '../snapshot-fixtures.js';
import { stepOf, stepsDoneByHand as doneByHand } from '../../../shared/labs/story.js';

const WORKSHOP_STEPS = replicatedPair.story;
const stepById = (id: string) => stepOf(replicatedPair, id);
const stepsDoneByHand = (s: LabSnapshot) => doneByHand(replicatedPair, s);

const broker = (over: Partial<BrokerSnapshot> & Pick<BrokerSnapshot, 'name'>): BrokerSnapshot =>
  brokerSnapshot(over.name, { instance: over.name === 'master' ? 'replicatedMaster' : 'replicatedSlave', ...over });

const snap = (master: Partial<BrokerSnapshot>, backup: Partial<BrokerSnapshot>, over: Partial<LabSnapshot> = {}): LabSnapshot =>
  labSnapshot(replicatedPair.id, [broker({ name: 'master', ...master }), broker({ name: 'backup', ...backup })], over);

const check = (id: string, s: LabSnapshot) => stepById(id)!.check(s);
const paired = { live: true, backup: false, replicaSync: true, queues: { haQueue: 10 } };
const passive = { live: false, backup: true, replicaSync: true };

describe('workshop step checks', () => {
  it('start-backup needs a passive, synchronized backup', () => {
    expect(check('start-backup', snap(paired, passive)).ok).toBe(true);
    expect(check('start-backup', snap(paired, { ...passive, replicaSync: false })).ok).toBe(false);
    expect(check('start-backup', snap(paired, { ...passive, process: 'starting' })).ok).toBe(false);
  });

  it('master-holds wants exactly what was sent; backup-no-queue wants no queue MBean, not 0', () => {
    expect(check('master-holds', snap(paired, passive)).ok).toBe(true);
    expect(check('master-holds', snap({ ...paired, queues: { haQueue: 9 } }, passive)).ok).toBe(false);
    expect(check('backup-no-queue', snap(paired, passive)).ok).toBe(true);
    expect(check('backup-no-queue', snap(paired, { ...passive, queues: { haQueue: 0 } })).ok).toBe(false);
  });

  it('stop-master accepts a graceful stop or a crash; backup-live wants the backup live', () => {
    expect(check('stop-master', snap({ process: 'stopped', pid: null }, passive)).ok).toBe(true);
    expect(check('stop-master', snap({ process: 'crashed', pid: null }, passive)).ok).toBe(true);
    expect(check('stop-master', snap({ process: 'stopping' }, passive)).ok).toBe(false);
    const s = snap({ process: 'stopped' }, { live: true, backup: false, queues: { haQueue: 10 } }, {
      stopwatch: { failover: { startedAt: '', endedAt: '', ms: 1234 }, failback: null },
    });
    expect(check('backup-live', s)).toMatchObject({ ok: true, detail: expect.stringContaining('1234 ms') });
  });

  it('backup-holds and failback read the latest ledger check on the right broker', () => {
    const onBackup = { at: '', broker: 'backup' as const, label: '', sent: 10, present: 10, lost: 0, duplicated: 0 };
    const afterFailover = snap({ process: 'stopped' }, { live: true }, { ledger: { runId: 'r', sent: 10, checks: [onBackup] } });
    expect(check('backup-holds', afterFailover).ok).toBe(true);
    const lost = { ...onBackup, present: 9, lost: 1 };
    expect(check('backup-holds', snap({}, {}, { ledger: { runId: 'r', sent: 10, checks: [lost] } })).ok).toBe(false);
    const onMaster = { ...onBackup, broker: 'master' as const };
    expect(check('failback', snap(paired, passive, { ledger: { runId: 'r', sent: 10, checks: [onBackup, onMaster] } })).ok).toBe(true);
    // Both live is split brain, never a failback.
    expect(check('failback', snap(paired, { live: true, replicaSync: true }, { ledger: { runId: 'r', sent: 10, checks: [onMaster] } })).ok).toBe(false);
  });
});

describe('steps done outside the app', () => {
  const steps = (statuses: Record<string, StepStatus> = {}): StepState[] =>
    WORKSHOP_STEPS.map((st) => ({ id: st.id, status: statuses[st.id] ?? 'pending', ms: null, detail: null, hint: null }));
  const statusOf = (list: StepState[] | null, id: string) => list?.find((st) => st.id === id)?.status;
  const doctorOk = [{ id: 'java', title: 'Java', status: 'ok' as const, message: '', fix: null }];
  const config = { broker: { version: '2.44.0', home: '/lab/apache-artemis-2.44.0' } } as LabSnapshot['config'];

  it('pass in story order once they hold: a pair started in a terminal lights up to "send"', () => {
    const s = snap(paired, passive, { config, doctor: doctorOk, ledger: { runId: null, sent: 0, checks: [] }, steps: steps() });
    const next = stepsDoneByHand(s);
    for (const id of ['prerequisites', 'unpack', 'create', 'start-master', 'start-backup']) expect(statusOf(next, id)).toBe('passed');
    expect(statusOf(next, 'send')).toBe('pending');
    expect(next?.find((st) => st.id === 'start-master')?.detail).toMatch(/seen by the lab/);
  });

  it('never pass a step out of turn: a stopped master does not pass "Stop the master" before the story gets there', () => {
    const s = snap({ process: 'stopped', live: false }, { process: 'stopped' }, { config, doctor: doctorOk, steps: steps() });
    const next = stepsDoneByHand(s);
    expect(statusOf(next, 'create')).toBe('passed');
    expect(statusOf(next, 'start-master')).toBe('pending');
    expect(statusOf(next, 'stop-master')).toBe('pending');
  });

  it('leave a running step to "Do it for me", and change nothing when nothing new holds', () => {
    const running = snap(paired, passive, { config, doctor: doctorOk, steps: steps({ prerequisites: 'passed', unpack: 'running' }) });
    expect(stepsDoneByHand(running)).toBeNull();
    const notChecked = snap(paired, passive, { doctor: null, steps: steps() });
    expect(stepsDoneByHand(notChecked)).toBeNull();
  });

  it('turn a failed step green once the attendee fixed it by hand', () => {
    const s = snap(paired, passive, { doctor: doctorOk, steps: steps({ prerequisites: 'passed', unpack: 'passed', create: 'passed', 'start-master': 'failed' }) });
    expect(statusOf(stepsDoneByHand(s), 'start-master')).toBe('passed');
  });
});
