// The ledger's messages: durable sends recorded as the broker confirmed them, and browses that
// say which of them are present, lost or duplicated, on one broker or located across several.
import path from 'node:path';
import type { SendResult } from '../../../shared/contract.js';
import type { Ledger, BrokerName } from '../../../shared/lab-state.js';
import { locateMessages, sendAndRecord, verifyLedger } from '../messages/ledger-actions.js';
import { readLedger, startRun, toLedger } from '../messages/ledger.js';
import { brokerConfig } from '../processes/supervisor.js';
import { LabError } from '../lab-error.js';
import { endpoint, requireBrokers, requireLive } from './live.js';
import { requireConfig, type OpsLab } from './ops-lab.js';
import { ensureHaQueue } from './queues.js';

/** Sends durable messages to haQueue on `broker` (else whichever is live), recording them in the ledger. */
export async function send(lab: OpsLab, count: number, options: { newRun?: boolean; broker?: BrokerName } = {}): Promise<SendResult> {
  return lab.exclusive(`send ${count}`, async () => {
    const config = requireConfig(lab);
    const broker = await requireLive(lab, options.broker);
    await ensureHaQueue(lab);
    if (options.newRun) await startRun(lab.labDir);
    try {
      return await sendAndRecord(lab.labDir, endpoint(lab, broker), { count, artemis: path.join(brokerConfig(config, broker).dir, 'bin', 'artemis') });
    } finally {
      // A send cut short is recorded as far as the broker confirmed it; the snapshot shows that too.
      lab.store.observe({ kind: 'ledger', ledger: toLedger(await readLedger(lab.labDir)) });
    }
  });
}

/** Browses (never consumes) haQueue on `broker` (else the live one) and records sent/present/lost/duplicated. */
export async function verify(lab: OpsLab, label?: string, onBroker?: BrokerName): Promise<Ledger> {
  return lab.exclusive('verify', async () => {
    const broker = await requireLive(lab, onBroker);
    await requireSent(lab, 'verify');
    const { ledger } = await verifyLedger(lab.labDir, endpoint(lab, broker), { label: label ?? `on the ${broker}` });
    lab.store.observe({ kind: 'ledger', ledger: toLedger(ledger) });
    return toLedger(ledger);
  });
}

/** Browses the lab's queue on each of `brokers` (each live: a split pair) and records where every message of the run is. */
export async function locate(lab: OpsLab, brokers: BrokerName[], label: string): Promise<Ledger> {
  return lab.exclusive('locate messages', async () => {
    requireBrokers(lab, brokers);
    await requireSent(lab, 'locate');
    for (const broker of brokers) await requireLive(lab, broker);
    const { ledger } = await locateMessages(lab.labDir, brokers.map((n) => endpoint(lab, n)), { label });
    lab.store.observe({ kind: 'ledger', ledger: toLedger(ledger) });
    return toLedger(ledger);
  });
}

async function requireSent(lab: OpsLab, what: string): Promise<void> {
  if (!(await readLedger(lab.labDir)).runId) {
    throw new LabError('NOT_RUNNING', `Nothing sent yet, so there is nothing to ${what}.`, 'Send some messages first (`amq-ha-lab send`).').fixedBy('send-messages');
  }
}
