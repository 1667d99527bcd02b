// The shared-store and replication-vs-shared-store steps over hand-made snapshots, shaped as the
// real brokers made them (2.44.0 and 2.31.2 log codes; events get their kind from the lab's table).
import { describe, expect, it } from 'vitest';
import { kindOfCode } from '../../../electron/lab/watching/log-codes.js';
import type { HaEvent, LabSnapshot, LedgerCheck, BrokerSnapshot, Stopwatch } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { replicationVsSharedStore, replicaSyncMs, sharedBackupReadyMs } from '../../../shared/labs/replication-vs-shared-store.js';
import { sharedStore } from '../../../shared/labs/shared-store.js';
import { stepOf } from '../../../shared/labs/story.js';
import { labSnapshot, brokerSnapshot } from '../snapshot-fixtures.js';

const broker = brokerSnapshot;
const snap = (lab: LabDefinition, brokers: BrokerSnapshot[], over: Partial<LabSnapshot> = {}) => labSnapshot(lab.id, brokers, over);

/** A broker log line as the monitor turns it into an event (kind from the lab's code table). */
function logEvent(broker: string, code: string, time: string, text = ''): HaEvent {
  const kind = kindOfCode(code);
  if (!kind) throw new Error(`${code} is not on the timeline`);
  return { time, broker, code, kind, text };
}
const labEvent = (broker: string, text: string, time: string): HaEvent => ({ time, broker, code: 'LAB', kind: 'lab', text } as HaEvent);

const live = { live: true, backup: false, queues: { haQueue: 10 } };
const waiting = { live: false, backup: true, replicaSync: false, queues: { haQueue: null } };
const stopped = { process: 'stopped' as const, pid: null, live: false };
const check = (lab: LabDefinition, id: string, s: LabSnapshot) => stepOf(lab, id)!.check(s);

describe('shared-store lab', () => {
  const T_STOP = '2026-11-29T09:26:00.000Z';
  const afterStop = '2026-11-29T09:26:04.311Z';
  const beforeStop = '2026-11-29T09:25:34.871Z';
  const stopIssued = labEvent('live', 'Graceful stop issued (artemis stop).', T_STOP);

  it('a waiting backup counts as passive with no queue MBean, and ReplicaSync false does not matter', () => {
    expect(check(sharedStore, 'start-backup', snap(sharedStore, [broker('live', live), broker('backup', waiting)])).ok).toBe(true);
    // A queue that answers 0 means the broker serves it: not a waiting backup.
    expect(check(sharedStore, 'start-backup', snap(sharedStore, [broker('live', live), broker('backup', { ...waiting, queues: { haQueue: 0 } })])).ok).toBe(false);
    expect(check(sharedStore, 'start-backup', snap(sharedStore, [broker('live', live), broker('backup', { ...waiting, process: 'starting' })])).ok).toBe(false);
  });

  it.each([
    ['2.44.0', ['AMQ214036', 'AMQ224135']],
    ['2.31.2', ['AMQ212037', 'AMQ222295', 'AMQ212037']],
  ])('graceful stop without failover-on-shutdown: the backup saw the live leave on %s and keeps waiting', (_version, codes) => {
    const events = [stopIssued, ...codes.filter((c) => kindOfCode(c)).map((c) => logEvent('backup', c, afterStop))];
    const s = snap(sharedStore, [broker('live', stopped), broker('backup', waiting)], { events });
    expect(check(sharedStore, 'graceful-no-failover', s).ok).toBe(true);
  });

  it('graceful stop without failover-on-shutdown fails when the backup took over, or only an older leave is known', () => {
    const leave = logEvent('backup', 'AMQ224135', afterStop);
    const tookOver = snap(sharedStore, [broker('live', stopped), broker('backup', live)], { events: [stopIssued, leave] });
    expect(check(sharedStore, 'graceful-no-failover', tookOver).ok).toBe(false);
    // The backup's last leave was the failback before: this stop is not seen yet.
    const stale = snap(sharedStore, [broker('live', stopped), broker('backup', waiting)], { events: [logEvent('backup', 'AMQ222295', beforeStop), stopIssued] });
    expect(check(sharedStore, 'graceful-no-failover', stale).ok).toBe(false);
    // The live still running: not stopped yet.
    const running = snap(sharedStore, [broker('live', live), broker('backup', waiting)], { events: [stopIssued, leave] });
    expect(check(sharedStore, 'graceful-no-failover', running).ok).toBe(false);
  });

  it('AMQ222295 is the peer leaving, never a split brain verdict', () => {
    expect(kindOfCode('AMQ222295')).toBe('connection-lost');
    expect(kindOfCode('AMQ221010')).toBe('failover');
    expect(kindOfCode('AMQ221008')).toBe('failback');
  });

  it('the takeover wants all messages on the backup, whatever HAPolicy still says', () => {
    const ok: LedgerCheck = { at: 't', broker: 'backup', label: 'x', sent: 10, present: 10, lost: 0, duplicated: 0 };
    const tookOver = broker('backup', { ...live, haPolicy: 'Shared Store Slave' });
    expect(check(sharedStore, 'backup-live', snap(sharedStore, [broker('live', { ...stopped, process: 'crashed' }), tookOver], { ledger: { runId: 'r1', sent: 10, checks: [ok] } })).ok).toBe(true);
    expect(check(sharedStore, 'backup-live', snap(sharedStore, [broker('live', stopped), tookOver], { ledger: { runId: 'r1', sent: 10, checks: [{ ...ok, present: 9, lost: 1 }] } })).ok).toBe(false);
  });
});

describe('replication-vs-shared-store lab', () => {
  const lab = replicationVsSharedStore;
  const t = (s: number) => new Date(Date.UTC(2026, 10, 29, 10, 0, s)).toISOString();
  const repSynced = { live: false, backup: true, replicaSync: true, queues: { haQueue: null } };
  const four = (over: Record<string, Partial<BrokerSnapshot>>) =>
    ['repLive', 'repBackup', 'ssLive', 'ssBackup'].map((name) => broker(name, over[name] ?? {}));
  const watch = (startedAt: string, ms: number | null): Stopwatch => ({ startedAt, endedAt: ms == null ? null : t(59), ms });

  it('times the replica\'s synchronization against the shared-store backup\'s none', () => {
    const events = [
      logEvent('repBackup', 'AMQ221000', t(10)),
      logEvent('repLive', 'AMQ221025', t(12)),
      logEvent('repBackup', 'AMQ221024', t(14)),
      logEvent('ssBackup', 'AMQ221000', t(20)),
      logEvent('ssBackup', 'AMQ221032', t(20)),
      logEvent('ssBackup', 'AMQ221109', t(21)),
    ];
    const s = snap(lab, four({ repLive: live, repBackup: repSynced, ssLive: live, ssBackup: waiting }), { events });
    expect(replicaSyncMs(s)).toBe(4000);
    expect(sharedBackupReadyMs(s)).toBe(1000);
    const result = check(lab, 'start-backups', s);
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('Replica synchronized 4000 ms');
    expect(result.detail).toContain('waiting on the lock 1000 ms');
    // Not synchronized yet: the replica is no backup.
    expect(check(lab, 'start-backups', snap(lab, four({ repLive: live, repBackup: { ...repSynced, replicaSync: false }, ssLive: live, ssBackup: waiting }), { events })).ok).toBe(false);
    // A restart of the replica counts from its latest AMQ221000: an older sync is not this one's.
    const restarted = [...events, logEvent('repBackup', 'AMQ221000', t(30))];
    expect(replicaSyncMs(snap(lab, [], { events: restarted }))).toBeNull();
  });

  it('send wants each live broker to hold what was sent to its own pair', () => {
    const ledger = { runId: 'r1', sent: 20, sentByGroup: { repLive: 10, ssLive: 10 }, checks: [] };
    expect(check(lab, 'send', snap(lab, four({ repLive: live, repBackup: repSynced, ssLive: live, ssBackup: waiting }), { ledger })).ok).toBe(true);
    // All twenty to one pair: the other holds none of the ten it should.
    const lopsided = { ...ledger, sentByGroup: { repLive: 20 } };
    expect(check(lab, 'send', snap(lab, four({ repLive: { ...live, queues: { haQueue: 20 } }, ssLive: { ...live, queues: { haQueue: 0 } } }), { ledger: lopsided })).ok).toBe(false);
  });

  it('both-failed-over wants both backups live, each pair clocked, and each holding its pair\'s ten', () => {
    const verified = (brokerName: string, label: string, over: Partial<LedgerCheck> = {}): LedgerCheck => ({ at: 't', broker: brokerName, group: brokerName.startsWith('rep') ? 'repLive' : 'ssLive', label, sent: 10, present: 10, lost: 0, duplicated: 0, ...over });
    const checks = [verified('repBackup', 'after the crash, on the replicated backup'), verified('ssBackup', 'after the crash, on the shared-store backup')];
    const groupStopwatches = { repLive: { failover: watch(t(40), 2100), failback: null }, ssLive: { failover: watch(t(40), 3400), failback: null } };
    const brokers = four({ repLive: { process: 'crashed', pid: null }, repBackup: live, ssLive: { process: 'crashed', pid: null }, ssBackup: live });
    const s = snap(lab, brokers, { ledger: { runId: 'r1', sent: 20, checks }, groupStopwatches });
    const result = check(lab, 'both-failed-over', s);
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('Failover: replicated 2100 ms, shared store 3400 ms.');
    // One pair's clock still open: not done.
    expect(check(lab, 'both-failed-over', { ...s, groupStopwatches: { ...groupStopwatches, ssLive: { failover: watch(t(40), null), failback: null } } }).ok).toBe(false);
    // A message of one pair missing fails the step, even though the other pair is whole.
    const lostOne = [checks[0]!, verified('ssBackup', 'after the crash, on the shared-store backup', { present: 9, lost: 1 })];
    expect(check(lab, 'both-failed-over', { ...s, ledger: { runId: 'r1', sent: 20, checks: lostOne } }).ok).toBe(false);
    // Only one backup verified: not done.
    expect(check(lab, 'both-failed-over', { ...s, ledger: { runId: 'r1', sent: 20, checks: [checks[0]!] } }).ok).toBe(false);
  });

  it('crash-both says how far apart the kills were', () => {
    const groupStopwatches = { repLive: { failover: watch(t(40), null), failback: null }, ssLive: { failover: { startedAt: new Date(Date.parse(t(40)) + 180).toISOString(), endedAt: null, ms: null }, failback: null } };
    const s = snap(lab, four({ repLive: { process: 'crashed', pid: null }, repBackup: repSynced, ssLive: { process: 'crashed', pid: null }, ssBackup: waiting }), { groupStopwatches });
    expect(check(lab, 'crash-both', s)).toMatchObject({ ok: true, detail: expect.stringContaining('Kills 180 ms apart.') });
  });
});
