// Starting and stopping brokers, one at a time or the whole lab down: each waited for on the
// snapshot, a JVM that died on the way named with its log's tail.
import type { LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { stopOrder } from '../../../shared/labs/topology.js';
import { endWire } from '../network/wire-control.js';
import { readRss } from '../processes/process-utils.js';
import { brokerDied, ensureNoProcessLeft, findRunning, startBroker as startProcess, stopBroker as stopProcess, type StartOutcome, type StopOutcome } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { endConsumers } from './consumers.js';
import { brokerCtx, labEvent, type OpsLab } from './ops-lab.js';
import { stopTraffic } from './traffic.js';
import { ensureWire, observeWire } from './wire.js';

/**
 * Starts a broker and waits until its server has started (live, or a passive backup). Rejects with
 * BROKER_DIED (log tail and hint) when the JVM exits first. `ifRunning: 'adopt'` makes a
 * running broker count as started.
 */
export async function startBroker(lab: OpsLab, broker: BrokerName, options: { ifRunning?: 'adopt' | 'fail'; wait?: boolean } = {}): Promise<StartOutcome> {
  return lab.exclusive(`start ${broker}`, async () => {
    const ctx = brokerCtx(lab);
    await ensureWire(lab);
    const outcome = await startProcess(ctx, broker, { ifRunning: options.ifRunning ?? 'fail' });
    if (outcome.adopted) labEvent(lab, broker, `Adopted the running broker (pid ${outcome.pid}).`);
    await lab.monitor.refresh();
    if (options.wait !== false) {
      await lab.monitor.waitFor(
        (s) => brokerOf(s, broker)?.process === 'running',
        BOUNDS.startLive,
        `the ${broker} broker to start`,
        (s) => diedWhileStarting(lab, s, broker),
      );
    }
    return outcome;
  });
}

/** A failIf for waits: the broker's JVM is gone, so no amount of waiting helps. */
export function diedWhileStarting(lab: OpsLab, s: LabSnapshot, broker: BrokerName): LabError | null {
  const n = brokerOf(s, broker);
  if (!n || (n.process !== 'crashed' && n.process !== 'stopped')) return null;
  return brokerDied(brokerCtx(lab), broker);
}

export async function stopBroker(lab: OpsLab, broker: BrokerName, options: { crash?: boolean } = {}): Promise<StopOutcome> {
  return lab.exclusive(options.crash ? `crash ${broker}` : `stop ${broker}`, async () => {
    const outcome = await stopProcess(brokerCtx(lab), broker, { crash: options.crash });
    await lab.monitor.refresh();
    return outcome;
  });
}

/** Every broker, backups first (so no client follows a failover to one), each stopped and gone. */
export async function down(lab: OpsLab): Promise<LabSnapshot> {
  return lab.exclusive('down', async () => {
    const config = lab.store.config();
    if (!config) return lab.monitor.refresh();
    // Clients first: traffic while a broker can still take what it drains, then the pinned consumers.
    if (lab.monitor.snapshot().traffic && lab.monitor.snapshot().traffic?.state !== 'stopped') await stopTraffic(lab);
    await endConsumers(lab);
    for (const { id: broker } of stopOrder(lab.definition.topology)) {
      if (!lab.store.config()!.brokers[broker]) continue;
      if (await findRunning(brokerCtx(lab), broker)) await stopBroker(lab, broker);
      const killed = await ensureNoProcessLeft(brokerCtx(lab), broker);
      if (killed.length > 0) labEvent(lab, broker, `Killed process ${killed.join(', ')} of this instance that outlived the stop.`);
    }
    // The wire last: brokers stopping gracefully still say goodbye to each other through it.
    const relay = await endWire(lab.labDir);
    if (relay) observeWire(lab);
    return lab.monitor.refresh();
  });
}

/** ALREADY_RUNNING, naming them, while any broker of the lab runs. */
export async function refuseWhileRunning(lab: OpsLab, what: string): Promise<void> {
  const running: string[] = [];
  for (const broker of Object.keys(brokerCtx(lab).config.brokers)) {
    const found = await findRunning(brokerCtx(lab), broker);
    if (found) running.push(`${broker} (pid ${found.pid})`);
  }
  if (running.length > 0) {
    throw new LabError('ALREADY_RUNNING', `Cannot ${what} while brokers run: ${running.join(', ')}.`, 'Run `amq-ha-lab down` first.').fixedBy('stop-brokers');
  }
}

/** Each broker's resident memory now (MB), null where it does not run. */
export async function brokerRssMb(lab: OpsLab): Promise<Record<BrokerName, number | null>> {
  const out: Record<BrokerName, number | null> = {};
  for (const n of lab.monitor.snapshot().brokers) {
    const rss = n.pid ? await readRss(n.pid) : null;
    out[n.name] = rss ? Math.round(rss.current / (1024 * 1024)) : null;
  }
  return out;
}
