// Starting and stopping brokers, one at a time or the whole lab down: each waited for on the
// snapshot, a JVM that died on the way named with its log's tail.
import type { LabSnapshot, NodeName } from '../../../shared/lab-state.js';
import { nodeOf } from '../../../shared/labs/checks.js';
import { stopOrder } from '../../../shared/labs/topology.js';
import { endWire } from '../network/wire-control.js';
import { readRss } from '../processes/process-utils.js';
import { brokerDied, ensureNoProcessLeft, findRunning, startNode as startProcess, stopNode as stopProcess, type StartOutcome, type StopOutcome } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { endConsumers } from './consumers.js';
import { brokerCtx, labEvent, type OpsLab } from './ops-lab.js';
import { stopTraffic } from './traffic.js';
import { ensureWire, observeWire } from './wire.js';

/**
 * Starts a node and waits until its server has started (live, or a passive backup). Rejects with
 * BROKER_DIED (log tail and hint) when the JVM exits first. `ifRunning: 'adopt'` makes a
 * running broker count as started.
 */
export async function startNode(lab: OpsLab, node: NodeName, options: { ifRunning?: 'adopt' | 'fail'; wait?: boolean } = {}): Promise<StartOutcome> {
  return lab.exclusive(`start ${node}`, async () => {
    const ctx = brokerCtx(lab);
    await ensureWire(lab);
    const outcome = await startProcess(ctx, node, { ifRunning: options.ifRunning ?? 'fail' });
    if (outcome.adopted) labEvent(lab, node, `Adopted the running broker (pid ${outcome.pid}).`);
    await lab.monitor.refresh();
    if (options.wait !== false) {
      await lab.monitor.waitFor(
        (s) => nodeOf(s, node)?.process === 'running',
        BOUNDS.startLive,
        `the ${node} broker to start`,
        (s) => diedWhileStarting(lab, s, node),
      );
    }
    return outcome;
  });
}

/** A failIf for waits: the node's JVM is gone, so no amount of waiting helps. */
export function diedWhileStarting(lab: OpsLab, s: LabSnapshot, node: NodeName): LabError | null {
  const n = nodeOf(s, node);
  if (!n || (n.process !== 'crashed' && n.process !== 'stopped')) return null;
  return brokerDied(brokerCtx(lab), node);
}

export async function stopNode(lab: OpsLab, node: NodeName, options: { crash?: boolean } = {}): Promise<StopOutcome> {
  return lab.exclusive(options.crash ? `crash ${node}` : `stop ${node}`, async () => {
    const outcome = await stopProcess(brokerCtx(lab), node, { crash: options.crash });
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
    for (const { id: node } of stopOrder(lab.definition.topology)) {
      if (!lab.store.config()!.nodes[node]) continue;
      if (await findRunning(brokerCtx(lab), node)) await stopNode(lab, node);
      const killed = await ensureNoProcessLeft(brokerCtx(lab), node);
      if (killed.length > 0) labEvent(lab, node, `Killed process ${killed.join(', ')} of this instance that outlived the stop.`);
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
  for (const node of Object.keys(brokerCtx(lab).config.nodes)) {
    const found = await findRunning(brokerCtx(lab), node);
    if (found) running.push(`${node} (pid ${found.pid})`);
  }
  if (running.length > 0) {
    throw new LabError('ALREADY_RUNNING', `Cannot ${what} while brokers run: ${running.join(', ')}.`, 'Run `amq-ha-lab down` first.').fixedBy('stop-brokers');
  }
}

/** Each broker's resident memory now (MB), null where it does not run. */
export async function brokerRssMb(lab: OpsLab): Promise<Record<NodeName, number | null>> {
  const out: Record<NodeName, number | null> = {};
  for (const n of lab.monitor.snapshot().nodes) {
    const rss = n.pid ? await readRss(n.pid) : null;
    out[n.name] = rss ? Math.round(rss.current / (1024 * 1024)) : null;
  }
  return out;
}
