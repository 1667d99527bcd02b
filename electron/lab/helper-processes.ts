// The lab's detached helper processes (`traffic run`, `consumers run`, `wire run`, spawned by the
// lab itself through the CLI): each holds its clients or relay until a face asks it to stop
// through its stop file, the lab dir goes away (reset), or it gets a signal. A stop file rather
// than a signal: Windows has no SIGTERM a process can catch.
import fs from 'node:fs';
import type { ConsumersSnapshot } from '../../shared/consumers-state.js';
import { HA_QUEUE } from '../../shared/lab-state.js';
import { TRAFFIC_QUEUE, type TrafficSnapshot } from '../../shared/traffic-state.js';
import { clearConsumersStop, consumersStopRequested } from './consumers/consumers-files.js';
import { ConsumersRunner } from './consumers/consumers-runner.js';
import { readLabConfig } from './instances/lab-config.js';
import { labJsonPath } from './instances/lab-layout.js';
import { LabError } from './lab-error.js';
import { runRelayProcess } from './network/relay-runner.js';
import { clearTrafficStop, trafficStopRequested } from './traffic/traffic-files.js';
import { trafficEndpoints } from './traffic/traffic-process.js';
import { TrafficRunner } from './traffic/traffic-runner.js';

function untilStopAsked(labDir: string, stopAsked: (labDir: string) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(() => {
      if (stopAsked(labDir) || !fs.existsSync(labJsonPath(labDir))) stop();
    }, 200);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

async function requireConfig(labDir: string) {
  const config = await readLabConfig(labDir);
  if (!config) throw new LabError('NOT_SET_UP', `No lab in ${labDir}.`, 'Run `amq-ha-lab setup` first.');
  return config;
}

/** `traffic run`: the producer and consumer until the stop file; returns the final account. */
export async function runTrafficProcess(labDir: string, options: { rate: number; runId: string }): Promise<TrafficSnapshot> {
  const config = await requireConfig(labDir);
  const runner = new TrafficRunner({ labDir, endpoints: trafficEndpoints(config), user: config.user, password: config.password, queue: TRAFFIC_QUEUE, runId: options.runId, rate: options.rate });
  runner.start();
  await untilStopAsked(labDir, trafficStopRequested);
  const final = await runner.stop();
  clearTrafficStop(labDir);
  return final;
}

/** `consumers run`: the pinned consumers until the stop file; returns their last state. */
export async function runConsumersProcess(labDir: string): Promise<ConsumersSnapshot> {
  const config = await requireConfig(labDir);
  const runner = new ConsumersRunner(labDir, config, HA_QUEUE);
  runner.start();
  await untilStopAsked(labDir, consumersStopRequested);
  const final = runner.stop();
  clearConsumersStop(labDir);
  return final;
}

/** `wire run`: relays every wire of run/links.json until its stop file or a signal; returns its pid. */
export async function runWireProcess(labDir: string): Promise<{ pid: number }> {
  const stopSignal = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  return runRelayProcess(labDir, { stopSignal });
}
