import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  compareLedger,
  describeCheck,
  ledgerPath,
  readLedger,
  recordCheck,
  recordSent,
  reserveSend,
  sentByGroup,
  sentSeqs,
  startRun,
} from '../../../electron/lab/messages/ledger.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const msgs = (runId: string | null, seqs: number[]) => seqs.map((seq) => ({ runId, seq }));

describe('compareLedger', () => {
  it('counts every sent message present when the queue holds them all', () => {
    const result = compareLedger({ runId: 'r1', seqs: range(1, 10) }, msgs('r1', range(1, 10)));
    expect(result).toMatchObject({ present: 10, lost: 0, duplicated: 0, unconfirmed: 0 });
  });

  it('names the lost messages', () => {
    const result = compareLedger({ runId: 'r1', seqs: range(1, 10) }, msgs('r1', [1, 2, 3, 5, 6, 7, 8, 9]));
    expect(result).toMatchObject({ present: 8, lost: 2, duplicated: 0, lostSeqs: [4, 10] });
  });

  it('counts each extra copy as a duplicate, and the message once as present', () => {
    const result = compareLedger({ runId: 'r1', seqs: range(1, 3) }, msgs('r1', [1, 2, 2, 3, 3, 3]));
    expect(result).toMatchObject({ present: 3, lost: 0, duplicated: 3, duplicatedSeqs: [2, 3] });
  });

  it('ignores messages of other runs and messages without lab properties', () => {
    const browsed = [...msgs('r0', range(1, 5)), ...msgs(null, [1, 2]), { runId: 'r1', seq: null }, ...msgs('r1', [1, 2])];
    const result = compareLedger({ runId: 'r1', seqs: range(1, 3) }, browsed);
    expect(result).toMatchObject({ present: 2, lost: 1, duplicated: 0, unconfirmed: 0, lostSeqs: [3] });
  });

  it('reports this run\'s messages that were never confirmed, without calling them lost or present', () => {
    const result = compareLedger({ runId: 'r1', seqs: [1, 2] }, msgs('r1', [1, 2, 3]));
    expect(result).toMatchObject({ present: 2, lost: 0, duplicated: 0, unconfirmed: 1 });
  });

  it('handles an empty queue and an empty ledger', () => {
    expect(compareLedger({ runId: 'r1', seqs: range(1, 4) }, [])).toMatchObject({ present: 0, lost: 4, duplicated: 0 });
    expect(compareLedger({ runId: 'r1', seqs: [] }, [])).toMatchObject({ present: 0, lost: 0, duplicated: 0 });
    expect(compareLedger({ runId: 'r1', seqs: [] }, msgs('r2', [1]))).toMatchObject({ present: 0, lost: 0, duplicated: 0 });
  });

  it('keeps the detail lists short on a big loss', () => {
    const result = compareLedger({ runId: 'r1', seqs: range(1, 5000) }, []);
    expect(result.lost).toBe(5000);
    expect(result.lostSeqs).toHaveLength(20);
    expect(result.lostSeqs[0]).toBe(1);
  });

  it('reads as one line', () => {
    expect(describeCheck({ sent: 10, present: 9, lost: 1, duplicated: 0 })).toBe('10 sent, 9 present, 1 lost, 0 duplicated');
  });
});

describe('ledger persistence', () => {
  let labDir: string;
  beforeEach(async () => {
    labDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ledger-test-'));
  });
  afterEach(async () => {
    await fs.rm(labDir, { recursive: true, force: true });
  });

  it('starts empty when nothing was sent', async () => {
    expect(await readLedger(labDir)).toMatchObject({ runId: null, sent: 0, checks: [], nextSeq: 1 });
  });

  it('continues sequence numbers across sends in one run and survives a re-read', async () => {
    const first = await reserveSend(labDir, 10);
    expect(first.firstSeq).toBe(1);
    await recordSent(labDir, { runId: first.runId, firstSeq: first.firstSeq, count: 10, broker: 'master' });
    const second = await reserveSend(labDir, 5);
    expect(second).toEqual({ runId: first.runId, firstSeq: 11 });
    await recordSent(labDir, { runId: second.runId, firstSeq: 11, count: 5, broker: 'backup' });

    const ledger = await readLedger(labDir);
    expect(ledger).toMatchObject({ runId: first.runId, sent: 15, nextSeq: 16 });
    expect(sentSeqs(ledger)).toEqual(range(1, 15));
    const onDisk = JSON.parse(await fs.readFile(ledgerPath(labDir), 'utf8'));
    expect(onDisk.sent).toBe(15);
  });

  it('gives concurrent sends distinct numbers', async () => {
    const claims = await Promise.all([reserveSend(labDir, 10), reserveSend(labDir, 10), reserveSend(labDir, 10)]);
    expect(claims.map((c) => c.firstSeq).sort((a, b) => a - b)).toEqual([1, 11, 21]);
    expect(new Set(claims.map((c) => c.runId)).size).toBe(1);
  });

  it('books only what the broker accepted from a send cut short, and never reuses its numbers', async () => {
    const claim = await reserveSend(labDir, 100);
    await recordSent(labDir, { runId: claim.runId, firstSeq: 1, count: 40, attempted: 60 });
    const ledger = await readLedger(labDir);
    expect(ledger.sent).toBe(40);
    expect(sentSeqs(ledger)).toEqual(range(1, 40));
    expect((await reserveSend(labDir, 1)).firstSeq).toBe(101);
  });

  it('a new run starts from 1 and keeps the old run beside it', async () => {
    const claim = await reserveSend(labDir, 3);
    await recordSent(labDir, { runId: claim.runId, firstSeq: 1, count: 3 });
    const fresh = await startRun(labDir, 'run-two');
    expect(fresh).toMatchObject({ runId: 'run-two', sent: 0, nextSeq: 1 });
    const kept = JSON.parse(await fs.readFile(path.join(labDir, 'run', `ledger-${claim.runId}.json`), 'utf8'));
    expect(kept.sent).toBe(3);
  });

  it('books each send to its HA group, so a pair is judged only by what was sent to it', async () => {
    // Two pairs in one lab: ten to the replicated pair, ten to the shared-store pair, one run.
    const rep = await reserveSend(labDir, 10);
    await recordSent(labDir, { runId: rep.runId, firstSeq: rep.firstSeq, count: 10, broker: 'repLive', group: 'repLive' });
    const ss = await reserveSend(labDir, 10);
    await recordSent(labDir, { runId: ss.runId, firstSeq: ss.firstSeq, count: 10, broker: 'ssLive', group: 'ssLive' });
    const ledger = await readLedger(labDir);
    expect(ledger.sent).toBe(20);
    expect(sentByGroup(ledger)).toEqual({ repLive: 10, ssLive: 10 });
    expect(sentSeqs(ledger, 'repLive')).toEqual(range(1, 10));
    expect(sentSeqs(ledger, 'ssLive')).toEqual(range(11, 20));
    expect(sentSeqs(ledger)).toEqual(range(1, 20));

    // The shared-store backup after the crash holds its pair's ten: nothing lost there...
    const onSsBackup = msgs(ss.runId, range(11, 20));
    expect(compareLedger({ runId: ss.runId, seqs: sentSeqs(ledger, 'ssLive') }, onSsBackup)).toMatchObject({ present: 10, lost: 0, duplicated: 0, unconfirmed: 0 });
    // ...where comparing with every send would call the other pair's ten lost.
    expect(compareLedger({ runId: ss.runId, seqs: sentSeqs(ledger) }, onSsBackup)).toMatchObject({ present: 10, lost: 10 });
    // A message of the pair lost, or one copied across, still shows.
    expect(compareLedger({ runId: ss.runId, seqs: sentSeqs(ledger, 'ssLive') }, msgs(ss.runId, [...range(11, 19), 19]))).toMatchObject({ present: 9, lost: 1, duplicated: 1 });
  });

  it('counts batches of ledgers written before groups for every group', async () => {
    const claim = await reserveSend(labDir, 5);
    await recordSent(labDir, { runId: claim.runId, firstSeq: 1, count: 5, broker: 'master' });
    const ledger = await readLedger(labDir);
    expect(ledger.batches[0]).not.toHaveProperty('group');
    expect(sentSeqs(ledger, 'master')).toEqual(range(1, 5));
    expect(sentByGroup(ledger)).toEqual({});
  });

  it('records checks in order', async () => {
    await recordCheck(labDir, { at: 't1', broker: 'backup', label: 'after failover', sent: 10, present: 10, lost: 0, duplicated: 0 });
    await recordCheck(labDir, { at: 't2', broker: 'master', label: 'after failback', sent: 10, present: 9, lost: 1, duplicated: 0 });
    const ledger = await readLedger(labDir);
    expect(ledger.checks.map((c) => c.label)).toEqual(['after failover', 'after failback']);
  });

  it('moves a damaged ledger aside instead of failing or deleting it', async () => {
    await fs.mkdir(path.join(labDir, 'run'));
    await fs.writeFile(ledgerPath(labDir), '{ not json');
    expect(await readLedger(labDir)).toMatchObject({ runId: null, sent: 0 });
    const files = await fs.readdir(path.join(labDir, 'run'));
    expect(files.some((f) => f.startsWith('ledger.json.damaged-'))).toBe(true);
  });
});
