// Live traffic: a producer and a consumer that follow the live broker, in their own detached
// process; started once it runs, stopped once it drained and gave its final account.
import { TRAFFIC_DEFAULT_RATE, TRAFFIC_QUEUE, type TrafficSnapshot } from '../../../shared/traffic-state.js';
import { newRunId } from '../messages/ledger.js';
import { isAlive } from '../processes/process-utils.js';
import { readTail } from '../processes/supervisor.js';
import { clearTrafficStop, readTraffic, requestTrafficStop, trafficOutputPath } from '../traffic/traffic-files.js';
import { spawnTrafficRunner } from '../traffic/traffic-process.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError, tailLines } from '../lab-error.js';
import { requireLive } from './live.js';
import type { OpsLab } from './ops-lab.js';
import { ensureQueue } from './queues.js';

/**
 * A producer and a consumer on the traffic queue that follow the live broker, in their own
 * detached process (they outlive this face, as the brokers do). Returns once they run.
 */
export async function startTraffic(lab: OpsLab, rate: number = TRAFFIC_DEFAULT_RATE): Promise<TrafficSnapshot> {
  return lab.exclusive('start traffic', async () => {
    const current = readTraffic(lab.labDir);
    if (current && current.state !== 'stopped') {
      throw new LabError('ALREADY_RUNNING', `Traffic already runs (pid ${current.pid}, ${current.rate} msg/s).`, 'Stop it first (`amq-ha-lab traffic stop`).').fixedBy('stop-traffic');
    }
    await requireLive(lab);
    await ensureQueue(lab, TRAFFIC_QUEUE);
    clearTrafficStop(lab.labDir);
    const runId = newRunId();
    const pid = spawnTrafficRunner(lab.labDir, rate, runId);
    const s = await lab.monitor.waitFor(
      (snap) => snap.traffic?.runId === runId && snap.traffic.producer.connected && snap.traffic.consumer.connected,
      BOUNDS.queue,
      'the traffic clients to connect',
      (snap) =>
        isAlive(pid) || snap.traffic?.runId === runId
          ? null
          : new LabError('COMMAND_FAILED', `The traffic process (pid ${pid}) exited at start.`, 'See its output below.', tailLines(readTail(trafficOutputPath(lab.labDir)))),
    );
    return s.traffic!;
  });
}

/** Stops producing, drains, and returns the final account (lost, duplicated, redelivered…). */
export async function stopTraffic(lab: OpsLab): Promise<TrafficSnapshot> {
  return lab.exclusive('stop traffic', async () => {
    const current = readTraffic(lab.labDir);
    if (!current) throw new LabError('NOT_RUNNING', 'No traffic was started in this lab.', 'Start it with `amq-ha-lab traffic start`.').fixedBy('start-traffic');
    if (current.state === 'stopped') return current;
    requestTrafficStop(lab.labDir);
    const s = await lab.monitor.waitFor(
      (snap) => snap.traffic?.runId === current.runId && snap.traffic.state === 'stopped',
      BOUNDS.trafficDrain,
      'the traffic to drain and stop',
    );
    clearTrafficStop(lab.labDir);
    return s.traffic!;
  });
}
