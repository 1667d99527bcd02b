// The message-survival ledger: which messages this lab sent (run id + sequence numbers the broker
// accepted) and, after each failover or failback, how many of them the live broker still holds.
// Persisted in <labDir>/run/ledger.json so the CLI, the app and a later command see the same story.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Ledger, LedgerCheck, BrokerName } from '../../../shared/lab-state.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { withLock } from '../state/file-lock.js';
import { describeCheck } from '../../../shared/ledger-words.js';
import { parseLabFile } from '../state/earlier-shapes.js';

export { describeCheck };

/** One accepted send: sequence numbers firstSeq .. firstSeq + count - 1. */
export interface LedgerBatch {
  at: string;
  broker: BrokerName | null;
  /**
   * The HA group of the broker it went to: a pair holds only what was sent to it, so a check on
   * one broker compares with its group's sends. Absent in ledgers written before groups.
   */
  group?: string | null;
  firstSeq: number;
  count: number;
}

/** What ledger.json holds: the snapshot's Ledger plus what the next send and a check need. */
export interface LabLedger extends Ledger {
  schema: 1;
  /** The sequence number the next send in this run starts at. */
  nextSeq: number;
  batches: LedgerBatch[];
}

export interface LedgerComparison {
  /** Sent messages seen at least once. */
  present: number;
  /** Sent messages not seen. */
  lost: number;
  /** Extra copies: every sighting of a (runId, seq) beyond the first. */
  duplicated: number;
  /** Messages of this run the broker holds that were never confirmed as sent (a send cut short). */
  unconfirmed: number;
  /** The first lost / duplicated sequence numbers, for a detail line. */
  lostSeqs: number[];
  duplicatedSeqs: number[];
}

const SAMPLE = 20;

export function ledgerPath(labDir: string): string {
  return path.join(labDir, 'run', 'ledger.json');
}

export function emptyLedger(runId: string | null = null): LabLedger {
  return { schema: 1, runId, sent: 0, checks: [], nextSeq: 1, batches: [] };
}

/** Short, readable, unique enough to tell this lab's runs apart in a queue. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `${stamp}-${randomUUID().slice(0, 6)}`;
}

/** A batch counts for `group` when it went to that group, or names none (one-pair ledgers of old). */
function inGroup(batch: LedgerBatch, group: string | null | undefined): boolean {
  return group == null || batch.group == null || batch.group === group;
}

/** Every sequence number the ledger counts as sent (to `group`'s brokers, when given). */
export function sentSeqs(ledger: Pick<LabLedger, 'batches'>, group?: string | null): number[] {
  const seqs: number[] = [];
  for (const batch of ledger.batches) {
    if (!inGroup(batch, group)) continue;
    for (let i = 0; i < batch.count; i++) seqs.push(batch.firstSeq + i);
  }
  return seqs;
}

/** Accepted messages per HA group; batches that name no group are left out. */
export function sentByGroup(ledger: Pick<LabLedger, 'batches'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const batch of ledger.batches) {
    if (batch.group != null) out[batch.group] = (out[batch.group] ?? 0) + batch.count;
  }
  return out;
}

/**
 * Sent against browsed. Pure. Messages of other runs (or not from the lab at all) are ignored; a
 * sent message seen twice counts once as present and once as duplicated.
 */
export function compareLedger(
  sent: { runId: string; seqs: Iterable<number> },
  browsed: ReadonlyArray<{ runId: string | null; seq: number | null }>,
): LedgerComparison {
  const sightings = new Map<number, number>();
  for (const message of browsed) {
    if (message.runId !== sent.runId || message.seq === null) continue;
    sightings.set(message.seq, (sightings.get(message.seq) ?? 0) + 1);
  }
  const expected = new Set(sent.seqs);
  let present = 0;
  let duplicated = 0;
  let unconfirmed = 0;
  const lostSeqs: number[] = [];
  const duplicatedSeqs: number[] = [];
  for (const seq of [...expected].sort((a, b) => a - b)) {
    const seen = sightings.get(seq) ?? 0;
    if (seen === 0) {
      lostSeqs.push(seq);
      continue;
    }
    present += 1;
  }
  for (const [seq, seen] of [...sightings].sort((a, b) => a[0] - b[0])) {
    if (seen > 1) {
      duplicated += seen - 1;
      if (duplicatedSeqs.length < SAMPLE) duplicatedSeqs.push(seq);
    }
    if (!expected.has(seq)) unconfirmed += 1;
  }
  return {
    present,
    lost: lostSeqs.length,
    duplicated,
    unconfirmed,
    lostSeqs: lostSeqs.slice(0, SAMPLE),
    duplicatedSeqs,
  };
}


function isLedgerFile(value: unknown): value is LabLedger {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<LabLedger>;
  return (
    v.schema === 1 &&
    (v.runId === null || typeof v.runId === 'string') &&
    typeof v.sent === 'number' &&
    typeof v.nextSeq === 'number' &&
    Array.isArray(v.checks) &&
    Array.isArray(v.batches)
  );
}

/** The ledger as the snapshot shows it (shared/lab-state.ts). */
export function toLedger(l: LabLedger): Ledger {
  return { runId: l.runId, sent: l.sent, sentByGroup: sentByGroup(l), checks: l.checks };
}

/** The lab's ledger; an empty one when nothing was sent yet. A damaged file is moved aside, never lost. */
export async function readLedger(labDir: string): Promise<LabLedger> {
  const file = ledgerPath(labDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw error;
  }
  try {
    const parsed = parseLabFile(text);
    if (isLedgerFile(parsed)) return parsed;
  } catch {
    /* fall through: damaged */
  }
  await fs.rename(file, `${file}.damaged-${Date.now()}`);
  return emptyLedger();
}

/** One read-change-write of the ledger; longer means its writer is stuck or dead. */
const LEDGER_LOCK_WAIT_MS = 10_000;

// Writes from one process are queued per file, so two quick sends cannot lose each other's batch.
const queues = new Map<string, Promise<unknown>>();

function update(labDir: string, change: (ledger: LabLedger) => LabLedger | Promise<LabLedger>): Promise<LabLedger> {
  const file = ledgerPath(labDir);
  const previous = queues.get(file) ?? Promise.resolve();
  // ...and across processes by a lock file, so a CLI send and the app's never number alike.
  const next = previous.catch(() => undefined).then(() =>
    withLock(`${file}.lock`, { face: 'a lab process', action: 'ledger' }, { waitMs: LEDGER_LOCK_WAIT_MS }, async () => {
      const changed = await change(await readLedger(labDir));
      // A crash mid-write leaves the old ledger, not half a file.
      writeJsonAtomic(file, changed, 2);
      return changed;
    }),
  );
  queues.set(file, next);
  void next.finally(() => {
    if (queues.get(file) === next) queues.delete(file);
  }).catch(() => undefined);
  return next;
}

/**
 * Begins a new run (new run id, nothing sent). The previous run's ledger stays beside it as
 * run/ledger-<runId>.json.
 */
export function startRun(labDir: string, runId: string = newRunId()): Promise<LabLedger> {
  return update(labDir, async (ledger) => {
    await archive(labDir, ledger);
    return emptyLedger(runId);
  });
}

async function archive(labDir: string, ledger: LabLedger): Promise<void> {
  if (!ledger.runId || ledger.sent === 0) return;
  await fs.mkdir(path.join(labDir, 'run'), { recursive: true });
  await fs.writeFile(path.join(labDir, 'run', `ledger-${ledger.runId}.json`), `${JSON.stringify(ledger, null, 2)}\n`);
}

/**
 * Claims `count` sequence numbers for a send (opening a run when none is open), so two sends in
 * flight never number their messages alike; recordSent then books what the broker accepted.
 */
export async function reserveSend(labDir: string, count: number): Promise<{ runId: string; firstSeq: number }> {
  let claim: { runId: string; firstSeq: number } | null = null;
  await update(labDir, (current) => {
    const ledger = current.runId ? current : emptyLedger(newRunId());
    const runId = ledger.runId as string;
    claim = { runId, firstSeq: ledger.nextSeq };
    return { ...ledger, nextSeq: ledger.nextSeq + count };
  });
  if (!claim) throw new Error('ledger update did not run');
  return claim;
}

export interface SentRecord {
  runId: string;
  firstSeq: number;
  /** Messages the broker accepted, from firstSeq on. */
  count: number;
  broker?: BrokerName | null;
  /** The HA group of `broker` (see LedgerBatch.group). */
  group?: string | null;
  /**
   * Messages put on the wire (>= count) when a send was cut short: their numbers are never reused,
   * since the broker may hold some of them.
   */
  attempted?: number;
}

/** Adds accepted messages to the ledger; a different run id starts a new run. */
export function recordSent(labDir: string, record: SentRecord): Promise<LabLedger> {
  return update(labDir, async (current) => {
    let ledger = current;
    if (current.runId !== record.runId) {
      await archive(labDir, current);
      ledger = emptyLedger(record.runId);
    }
    const used = Math.max(record.count, record.attempted ?? 0);
    const batches =
      record.count > 0
        ? [...ledger.batches, { at: new Date().toISOString(), broker: record.broker ?? null, ...(record.group != null ? { group: record.group } : {}), firstSeq: record.firstSeq, count: record.count }]
        : ledger.batches;
    return {
      ...ledger,
      sent: ledger.sent + record.count,
      nextSeq: Math.max(ledger.nextSeq, record.firstSeq + used),
      batches,
    };
  });
}

export function recordCheck(labDir: string, check: LedgerCheck): Promise<LabLedger> {
  return update(labDir, (ledger) => ({ ...ledger, checks: [...ledger.checks, check] }));
}
