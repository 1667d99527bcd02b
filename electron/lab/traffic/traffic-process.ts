// The traffic outlives the face that started it, as the brokers do: `traffic start` spawns a
// detached `amq-ha-lab traffic run`, which owns the clients and writes run/traffic.json; any face
// stops it through run/traffic.stop and reads its final account from the same file.
import type { LabConfig } from '../../../shared/lab-state.js';
import { spawnDetachedCli } from '../processes/cli-launcher.js';
import type { TrafficEndpoint } from './reconnecting-connection.js';
import { trafficOutputPath } from './traffic-files.js';

/** Every broker of the lab, in the topology's order: the clients try them in turn. */
export function trafficEndpoints(config: LabConfig): TrafficEndpoint[] {
  return Object.entries(config.brokers).map(([broker, n]) => ({ broker, host: '127.0.0.1', port: n.acceptorPort }));
}

/** Starts `traffic run` detached; its output goes to run/traffic.out. Returns its pid. */
export function spawnTrafficRunner(labDir: string, rate: number, runId: string): number {
  return spawnDetachedCli(labDir, ['traffic', 'run', '--rate', String(rate), '--run-id', runId], trafficOutputPath(labDir), 'traffic');
}
