// The lab's queues on the live brokers: haQueue for the ledger, the traffic queue for the clients.
import { HA_QUEUE, type BrokerName } from '../../../shared/lab-state.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { instanceFiles } from '../instances/lab-layout.js';
import { webConsoleFailureError } from '../instances/web-console-failure.js';
import { runBrokerCommand } from '../processes/broker-command.js';
import { brokerConfig } from '../processes/supervisor.js';
import { createAnycastQueue, readBrokerState } from '../watching/jolokia.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { liveBroker } from './live.js';
import { requireConfig, type OpsLab } from './ops-lab.js';

/**
 * Creates haQueue (anycast, durable) on every live broker (one in an HA pair, each member of a
 * cluster); returns false when it was there already. Through Jolokia's createQueue (~20 ms)
 * rather than `artemis queue create` (a JVM start, 2-5 s on a busy laptop, a third of `up`);
 * the CLI is the fallback.
 */
export async function ensureHaQueue(lab: OpsLab): Promise<boolean> {
  await liveAnsweringJolokia(lab);
  let created = false;
  for (const live of lab.monitor.snapshot().brokers.filter((n) => n.live && n.process === 'running' && n.jolokia === 'ok')) {
    if (live.queues.haQueue !== null) continue;
    await createQueueOn(lab, live.name, HA_QUEUE);
    await lab.monitor.waitFor((snap) => brokerOf(snap, live.name)?.queues.haQueue !== null, BOUNDS.queue, `${HA_QUEUE} to appear on ${live.label}`);
    created = true;
  }
  return created;
}

/** An anycast, durable queue on the live broker (for the traffic); true when created now. */
export async function ensureQueue(lab: OpsLab, queue: string): Promise<boolean> {
  return createQueueOn(lab, await liveAnsweringJolokia(lab), queue);
}

/** The live broker, once its Jolokia answers (a console that never deployed says why). */
async function liveAnsweringJolokia(lab: OpsLab): Promise<BrokerName> {
  const config = requireConfig(lab);
  const s = await lab.monitor
    .waitFor(
      (snap) => {
        const name = liveBroker(snap);
        return !!name && brokerOf(snap, name)?.jolokia === 'ok';
      },
      BOUNDS.queue,
      'a live broker answering Jolokia',
    )
    .catch(async (error: unknown) => {
      // A console that never deployed is the usual reason, and Jetty's log says why.
      const logs = Object.entries(config.brokers).map(([name, broker]) => ({ name, log: instanceFiles(broker.dir).log }));
      throw (error instanceof LabError && error.code === 'TIMEOUT' && (await webConsoleFailureError(logs, config.broker.home))) || error;
    });
  return liveBroker(s)!;
}

/** An anycast, durable queue on `live`; true when it was created now. */
async function createQueueOn(lab: OpsLab, live: BrokerName, queue: string): Promise<boolean> {
  const config = requireConfig(lab);
  const broker = brokerConfig(config, live);
  const target = { consolePort: broker.consolePort, user: config.user, password: config.password };
  let created = false;
  const state = await readBrokerState(target);
  if (state.reachable) {
    try {
      const outcome = await createAnycastQueue(target, state.brokerName, queue);
      if (outcome === 'exists') return false;
      created = true;
    } catch {
      // Fall back to the broker's own CLI below.
    }
  }
  if (!created) {
    try {
      await runBrokerCommand({ dir: broker.dir, javaHome: config.javaHome }, queueCreateArgs(lab, live, queue), { timeoutMs: 60_000 });
    } catch (error) {
      // Created meanwhile (another face, or an attendee in a terminal): fine.
      if (!(error instanceof LabError && /already exists|AMQ229019/i.test(`${error.message}\n${error.details ?? ''}`))) throw error;
      return false;
    }
  }
  return true;
}

/** `artemis queue create` arguments for `queue` on `broker`'s acceptor. */
function queueCreateArgs(lab: OpsLab, broker: BrokerName, queue: string = HA_QUEUE): string[] {
  const config = requireConfig(lab);
  return [
    'queue',
    'create',
    '--name',
    queue,
    '--address',
    queue,
    '--anycast',
    '--durable',
    '--preserve-on-no-consumers',
    '--auto-create-address',
    '--url',
    `tcp://127.0.0.1:${brokerConfig(config, broker).acceptorPort}`,
    '--user',
    config.user,
    '--password',
    config.password,
    '--silent',
  ];
}
