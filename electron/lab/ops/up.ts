// `up`: every broker of the lab started in the topology's order and waited for, then the lab's
// queue; brokers that already run are adopted, never started twice.
import { HA_QUEUE, type LabSnapshot, type BrokerName } from '../../../shared/lab-state.js';
import type { BrokerDef } from '../../../shared/labs/lab-definition.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { startOrder } from '../../../shared/labs/topology.js';
import { standingBy } from '../../../shared/derive/standing-by.js';
import { checkPorts, findRunning } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { diedWhileStarting, startBroker } from './brokers.js';
import { brokerCtx, requireConfig, type OpsLab } from './ops-lab.js';
import { ensureHaQueue } from './queues.js';

export interface UpReport {
  snapshot: LabSnapshot;
  /** Lines for the CLI: what was started or adopted, and how long each wait took. */
  lines: string[];
  /** brokers: start issued -> live (primaries, members) or standing by (backups), in start order. */
  timings: { brokers: { broker: BrokerName; ms: number }[]; queueMs: number; totalMs: number };
}

/**
 * Every broker in the topology's start order, each waited for: primaries and members until
 * live, backups until standing by (synchronized, or waiting their turn); then the lab's queue.
 */
export async function up(lab: OpsLab, onLine?: (line: string) => void): Promise<UpReport> {
  return lab.exclusive('up', async () => {
    const lines: string[] = [];
    const say = (line: string) => {
      lines.push(line);
      onLine?.(line);
    };
    const topology = lab.definition.topology;
    // Every port up needs, before anything starts: a held backup port must not leave the primary running.
    for (const broker of Object.keys(requireConfig(lab).brokers)) {
      if (!(await findRunning(brokerCtx(lab), broker))) await checkPorts(requireConfig(lab), broker);
    }
    const t0 = Date.now();
    const brokers: { broker: BrokerName; ms: number }[] = [];
    const startedAt = new Map<BrokerName, number>();
    const start = async (broker: BrokerDef) => {
      startedAt.set(broker.id, Date.now());
      const started = await startBroker(lab, broker.id, { ifRunning: 'adopt', wait: false });
      say(started.adopted ? `${broker.id}: already running (pid ${started.pid}), adopted.` : `${broker.id}: started (pid ${started.pid}).`);
    };
    const ready = new Map<BrokerName, Promise<void>>();
    const waitReady = (broker: BrokerDef): Promise<void> => {
      const known = ready.get(broker.id);
      if (known) return known;
      const backup = broker.role === 'backup';
      const waiting = lab.monitor
        .waitFor(
          (s) => (backup ? standingBy(s, broker, topology) : !!brokerOf(s, broker.id)?.live),
          backup ? BOUNDS.backupSync : BOUNDS.startLive,
          backup ? `${broker.label} to stand by as a backup${broker.ha === 'replication' ? ' (AMQ221024)' : ''}` : `${broker.label} to become live (AMQ221007)`,
          (s) => diedWhileStarting(lab, s, broker.id),
        )
        .then(() => {
          const ms = Date.now() - (startedAt.get(broker.id) ?? t0);
          brokers.push({ broker: broker.id, ms });
          const n = brokerOf(lab.monitor.snapshot(), broker.id);
          say(`${broker.id}: ${backup ? (n?.replicaSync ? 'passive and synchronized' : 'passive, waiting') : 'live'} after ${ms} ms.`);
        });
      ready.set(broker.id, waiting);
      return waiting;
    };
    // Faster than one after another, and as safe: a replicating backup's JVM boots while its
    // primary does (it only connects once the primary is up), but a second backup of the same
    // primary waits until the first stands by, so the first is the replica (as the stories
    // expect); a shared-store backup waits for the primary's lock, or it would take it.
    const order = startOrder(topology);
    for (const broker of order.filter((b) => b.role !== 'backup')) await start(broker);
    const previousBackup = new Map<string, BrokerDef>();
    for (const broker of order.filter((b) => b.role === 'backup')) {
      const group = broker.group ?? broker.id;
      const primary = topology.brokers.find((b) => b.id === group);
      const before = previousBackup.get(group);
      if (before) await waitReady(before);
      else if (broker.ha === 'shared-store' && primary) await waitReady(primary);
      await start(broker);
      previousBackup.set(group, broker);
    }
    for (const broker of order) await waitReady(broker);

    const t2 = Date.now();
    const created = await ensureHaQueue(lab);
    const queueMs = Date.now() - t2;
    say(created ? `${HA_QUEUE}: created (anycast, durable) in ${queueMs} ms.` : `${HA_QUEUE}: already there.`);
    const totalMs = Date.now() - t0;
    say(`up: ${totalMs} ms in all.`);
    return { snapshot: await lab.monitor.refresh(), lines, timings: { brokers, queueMs, totalMs } };
  });
}
