// The split-brain lab's checks, pure over hand-made snapshots: "two live" needs both brokers live
// and the messages on the backup; the heal needs the ledger's placement; the slow wire needs the
// round trip to grow by at least the delay; the cure needs the backup to have said it is isolated.
import { describe, expect, it } from 'vitest';
import type { LabSnapshot, BrokerSnapshot } from '../../../shared/lab-state.js';
import type { WireSnapshot as Wire } from '../../../shared/wire-state.js';
import { stepOf } from '../../../shared/labs/story.js';
import { findLab } from '../../../shared/labs/index.js';
import { labSnapshot, brokerSnapshot } from '../snapshot-fixtures.js';

const lab = findLab('split-brain')!;
const check = (id: string, s: LabSnapshot) => stepOf(lab, id)!.check(s);
const wire = (state: Wire['wires'][number]['state'], unreachable: string[] = []): Wire => ({
  wires: [{ a: 'backup', b: 'primary', cut: state === 'cut', latencyMs: 0, state, connections: state === 'open' ? 2 : 0, lastError: null }],
  unreachable,
  relayRunning: true,
});
const live = (name: string, over: Partial<BrokerSnapshot> = {}) => brokerSnapshot(name, { live: true, backup: false, ...over });
const synced = (name: string) => brokerSnapshot(name, { backup: true, replicaSync: true });

describe('split-brain checks', () => {
  it('two live: both brokers live and the backup holding the 10', () => {
    const ledger = { runId: 'r1', sent: 10, checks: [{ at: '', broker: 'backup', label: '', sent: 10, present: 10, lost: 0, duplicated: 0 }] };
    expect(check('two-live', labSnapshot('split-brain', [live('primary'), synced('backup')], { wire: wire('cut'), ledger })).ok).toBe(false);
    expect(check('two-live', labSnapshot('split-brain', [live('primary'), live('backup')], { wire: wire('cut'), ledger })).ok).toBe(true);
  });

  it('heal: the placement must show 10 on both and 5 stranded on each side', () => {
    const placement = (onlyBackup: number) => ({
      runId: 'r1',
      brokers: ['primary', 'backup'],
      rows: [
        { firstSeq: 1, lastSeq: 10, sentTo: 'primary', on: ['primary', 'backup'] },
        { firstSeq: 11, lastSeq: 15, sentTo: 'primary', on: ['primary'] },
        { firstSeq: 16, lastSeq: 15 + onlyBackup, sentTo: 'backup', on: ['backup'] },
      ],
    });
    const snap = (onlyBackup: number) =>
      labSnapshot('split-brain', [live('primary'), live('backup')], {
        wire: wire('open'),
        ledger: { runId: 'r1', sent: 20, checks: [{ at: '', broker: null, label: '', sent: 20, present: 20, lost: 0, duplicated: 10, placement: placement(onlyBackup) }] },
      });
    expect(check('heal-wire', snap(5))).toEqual({ ok: true, detail: expect.stringContaining('10 on both brokers, 5 only on the primary, 5 only on the backup') });
    expect(check('heal-wire', snap(4)).ok).toBe(false);
  });

  it('slow wire: the median must grow by at least the delay', () => {
    const series = (latencyMs: number, medianMs: number) => ({ at: '', broker: 'primary', latencyMs, durable: true, samplesMs: [medianMs], medianMs });
    const brokers = [live('primary'), synced('backup')];
    expect(check('slow-wire', labSnapshot('split-brain', brokers, { roundTrips: [series(0, 30), series(50, 120)] })).ok).toBe(true);
    // Without a replica the primary confirms at once: the delay does not show.
    expect(check('slow-wire', labSnapshot('split-brain', brokers, { roundTrips: [series(0, 30), series(50, 31)] })).ok).toBe(false);
    expect(check('slow-wire', labSnapshot('split-brain', brokers, { roundTrips: [series(0, 30)] })).ok).toBe(false);
  });

  it('the cure holds only once the cut-off backup said it is isolated', () => {
    const cutAt = '2026-11-29T12:00:00.000Z';
    const events = [{ time: cutAt, broker: 'primary', code: 'LAB', kind: 'lab' as const, text: 'Wire: backup cut off the network (the pinger\'s target fails); primary–backup cut (connections dropped, new ones refused).' }];
    const brokers = [live('primary'), brokerSnapshot('backup', { serverDown: true })];
    const base = { wire: wire('cut', ['backup']), events };
    expect(check('cut-again', labSnapshot('split-brain', brokers, base)).ok).toBe(false);
    const said = [...events, { time: '2026-11-29T12:00:00.090Z', broker: 'backup', code: 'AMQ222213', kind: 'network' as const, text: 'There was an issue on the network, server is isolated!' }];
    expect(check('cut-again', labSnapshot('split-brain', brokers, { ...base, events: said })).ok).toBe(true);
    // A backup that went live anyway is the failure the step exists to show.
    expect(check('cut-again', labSnapshot('split-brain', [live('primary'), live('backup')], { ...base, events: said })).ok).toBe(false);
  });
});
