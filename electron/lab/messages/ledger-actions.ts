// `send` and `verify` as the lab performs them: messages over AMQP, bookkept in the ledger. The
// lab's jobs (ops/messages.ts) call these rather than pairing the two by hand, so a
// send cut short is still recorded exactly as far as the broker confirmed it.
import type { SendResult } from '../../../shared/contract.js';
import { DEFAULT_LOGIN, HA_QUEUE, shownPassword, type LedgerCheck, type BrokerName } from '../../../shared/lab-state.js';
import { compareLedger, readLedger, recordCheck, recordSent, reserveSend, sentSeqs, type LabLedger, type LedgerComparison } from './ledger.js';
import { placeMessages, placementCounts } from './placement.js';
import { browseMessages, equivalentProducerCommand, sendMessages, SendInterruptedError, type MessagingEndpoint } from './messages.js';

export interface BrokerEndpoint extends MessagingEndpoint {
  broker: BrokerName;
  /** Its HA group: sends are booked to it, and a check compares with that group's sends only. */
  group?: string | null;
}

export async function sendAndRecord(
  labDir: string,
  endpoint: BrokerEndpoint,
  /** `artemis`: the instance's bin/artemis, for the equivalent command shown to attendees. */
  opts: { count: number; queue?: string; timeoutMs?: number; artemis?: string },
): Promise<SendResult> {
  const queue = opts.queue ?? HA_QUEUE;
  const { runId, firstSeq } = await reserveSend(labDir, opts.count);
  try {
    const outcome = await sendMessages(endpoint, { queue, runId, firstSeq, count: opts.count, timeoutMs: opts.timeoutMs });
    await recordSent(labDir, { runId, firstSeq, count: outcome.sent, broker: endpoint.broker, group: endpoint.group });
    return {
      broker: endpoint.broker,
      runId,
      sent: outcome.sent,
      firstSeq: outcome.firstSeq,
      lastSeq: outcome.lastSeq,
      // Shown to attendees (and sent to the page): a password other than the lab's default is masked.
      equivalentCommand: equivalentProducerCommand({
        ...endpoint,
        password: shownPassword({ defaultPassword: endpoint.password === DEFAULT_LOGIN.password }),
        queue,
        count: opts.count,
        artemis: opts.artemis,
      }),
    };
  } catch (error) {
    if (error instanceof SendInterruptedError) {
      await recordSent(labDir, { runId, firstSeq, count: error.accepted, attempted: error.attempted, broker: endpoint.broker, group: endpoint.group });
    }
    throw error;
  }
}

export interface VerifyResult {
  ledger: LabLedger;
  check: LedgerCheck;
  comparison: LedgerComparison;
}

/**
 * Browses the queue on `endpoint` (never consuming) and records how many of this run's messages it
 * holds, against what was sent to its HA group: in a lab of two pairs, each pair holds only its
 * own messages, and the other pair's are neither lost here nor expected. `label` says when.
 */
export async function verifyLedger(
  labDir: string,
  endpoint: BrokerEndpoint,
  opts: { label: string; queue?: string; timeoutMs?: number },
): Promise<VerifyResult> {
  const queue = opts.queue ?? HA_QUEUE;
  const before = await readLedger(labDir);
  const seqs = sentSeqs(before, endpoint.group);
  const browsed = before.runId ? await browseMessages(endpoint, { queue, timeoutMs: opts.timeoutMs }) : [];
  const comparison = compareLedger({ runId: before.runId ?? '', seqs }, browsed);
  const check: LedgerCheck = {
    at: new Date().toISOString(),
    broker: endpoint.broker,
    ...(endpoint.group != null ? { group: endpoint.group } : {}),
    label: opts.label,
    sent: seqs.length,
    present: comparison.present,
    lost: comparison.lost,
    duplicated: comparison.duplicated,
  };
  const ledger = await recordCheck(labDir, check);
  return { ledger, check, comparison };
}

/**
 * Browses the lab's queue on each of `endpoints` (all live: a split pair) and records where every
 * message of the run is: on both, stranded on one, or lost.
 */
export async function locateMessages(labDir: string, endpoints: BrokerEndpoint[], opts: { label: string; queue?: string; timeoutMs?: number }): Promise<{ ledger: LabLedger; check: LedgerCheck }> {
  const queue = opts.queue ?? HA_QUEUE;
  const before = await readLedger(labDir);
  const runId = before.runId ?? '';
  const held = await Promise.all(
    endpoints.map(async (e) => {
      const browsed = await browseMessages(e, { queue, timeoutMs: opts.timeoutMs });
      return { broker: e.broker, seqs: new Set(browsed.filter((m) => m.runId === runId && m.seq !== null).map((m) => m.seq as number)) };
    }),
  );
  const placement = placeMessages(runId, before.batches, held);
  const counts = placementCounts(placement);
  const seqs = sentSeqs(before);
  const check: LedgerCheck = {
    at: new Date().toISOString(),
    broker: null,
    label: opts.label,
    sent: seqs.length,
    present: seqs.length - counts.nowhere,
    lost: counts.nowhere,
    duplicated: counts.everywhere,
    placement,
  };
  return { ledger: await recordCheck(labDir, check), check };
}
