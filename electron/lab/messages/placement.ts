// Where each sent message is, when a pair split in two and each side took its own: browsed on
// every broker named, then told by sequence range — in two places (both sides kept it), stranded
// on one (only that broker has it: wiping it loses them), or nowhere (lost).
import type { BrokerName, Placement, PlacementRow } from '../../../shared/lab-state.js';
import type { LedgerBatch } from './ledger.js';

/** Pure: the sent batches against what each broker holds (sequence numbers of this run). */
export function placeMessages(runId: string, batches: readonly LedgerBatch[], held: ReadonlyArray<{ broker: BrokerName; seqs: ReadonlySet<number> }>): Placement {
  const rows: PlacementRow[] = [];
  const sent = batches.flatMap((b) => Array.from({ length: b.count }, (_, i) => ({ seq: b.firstSeq + i, sentTo: b.broker })));
  sent.sort((a, b) => a.seq - b.seq);
  for (const { seq, sentTo } of sent) {
    const on = held.filter((h) => h.seqs.has(seq)).map((h) => h.broker);
    const last = rows[rows.length - 1];
    if (last && last.lastSeq === seq - 1 && last.sentTo === sentTo && last.on.join() === on.join()) last.lastSeq = seq;
    else rows.push({ firstSeq: seq, lastSeq: seq, sentTo, on });
  }
  return { runId, brokers: held.map((h) => h.broker), rows };
}

/** Counts by where: on every browsed broker, on exactly one, on none. */
export function placementCounts(p: Placement): { everywhere: number; stranded: Record<BrokerName, number>; nowhere: number } {
  const out = { everywhere: 0, stranded: {} as Record<BrokerName, number>, nowhere: 0 };
  for (const r of p.rows) {
    const n = r.lastSeq - r.firstSeq + 1;
    if (r.on.length === 0) out.nowhere += n;
    else if (r.on.length === p.brokers.length && p.brokers.length > 1) out.everywhere += n;
    else if (r.on.length === 1) out.stranded[r.on[0]!] = (out.stranded[r.on[0]!] ?? 0) + n;
  }
  return out;
}
