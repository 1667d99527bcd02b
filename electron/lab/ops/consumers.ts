// Pinned consumers: one on each broker asked for, held by the lab's detached consumers process
// (what a clustered queue's redistribution needs to see).
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import type { LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import { clearConsumersStop, consumersOutputPath, readConsumers, readWanted, requestConsumersStop, writeWanted } from '../consumers/consumers-files.js';
import { spawnConsumersRunner } from '../consumers/consumers-process.js';
import { isAlive, killHard, waitForExit } from '../processes/process-utils.js';
import { brokerConfig, readTail } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError, tailLines } from '../lab-error.js';
import { requireBrokers } from './live.js';
import { labEvent, requireConfig, type OpsLab } from './ops-lab.js';

/**
 * A consumer on each of `brokers`, pinned to that broker, held by the lab's detached consumers
 * process (started when none runs); returns once each has its receiver open on its broker.
 */
export async function startConsumers(lab: OpsLab, brokers: BrokerName[]): Promise<ConsumersSnapshot> {
  return lab.exclusive(`start consumers on ${brokers.join(', ')}`, async () => {
    const config = requireConfig(lab);
    requireBrokers(lab, brokers);
    const current = readConsumers(lab.labDir);
    const running = !!current?.running;
    writeWanted(lab.labDir, [...(running ? readWanted(lab.labDir) : []), ...brokers]);
    let pid = current?.pid ?? 0;
    if (!running) {
      clearConsumersStop(lab.labDir);
      pid = spawnConsumersRunner(lab.labDir);
    }
    const attached = (snap: LabSnapshot) => !!snap.consumers?.running && brokers.every((n) => snap.consumers?.consumers[n]?.state === 'attached');
    const s = await lab.monitor.waitFor(attached, BOUNDS.queue, `a consumer attached on ${brokers.map((n) => brokerConfig(config, n).instance).join(' and ')}`, (snap) =>
      isAlive(pid) || (snap.consumers?.running && snap.consumers.pid === pid)
        ? null
        : new LabError('COMMAND_FAILED', `The consumers process (pid ${pid}) exited at start.`, 'See its output below.', tailLines(readTail(consumersOutputPath(lab.labDir)))),
    );
    return s.consumers!;
  });
}

/** Closes the consumers on `brokers` (their brokers' ConsumerCount drops at once); the others keep running. */
export async function stopConsumers(lab: OpsLab, brokers: BrokerName[]): Promise<ConsumersSnapshot | null> {
  return lab.exclusive(`stop consumers on ${brokers.join(', ')}`, async () => {
    requireBrokers(lab, brokers);
    if (!readConsumers(lab.labDir)?.running) return readConsumers(lab.labDir);
    writeWanted(lab.labDir, readWanted(lab.labDir).filter((n) => !brokers.includes(n)));
    const s = await lab.monitor.waitFor(
      (snap) => !snap.consumers?.running || brokers.every((n) => (snap.consumers?.consumers[n]?.state ?? 'stopped') === 'stopped'),
      BOUNDS.queue,
      `the consumers on ${brokers.join(', ')} to stop`,
    );
    return s.consumers;
  });
}

/** Ends the consumers process (asked through its stop file; killed if it does not go). */
export async function endConsumers(lab: OpsLab): Promise<void> {
  const current = readConsumers(lab.labDir);
  if (!current?.running) return;
  requestConsumersStop(lab.labDir);
  if (!(await waitForExit(current.pid, 10_000))) {
    await killHard(current.pid);
    labEvent(lab, lab.definition.topology.brokers[0]!.id, `Killed the consumers process ${current.pid}: it did not stop within 10 s.`);
  }
  clearConsumersStop(lab.labDir);
  writeWanted(lab.labDir, []);
  lab.store.observe({ kind: 'consumers', consumers: readConsumers(lab.labDir) });
}
