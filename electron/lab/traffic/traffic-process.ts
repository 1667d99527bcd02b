// The traffic outlives the face that started it, as the brokers do: `traffic start` spawns a
// detached `amq-ha-lab traffic run`, which owns the clients and writes run/traffic.json; any face
// stops it through run/traffic.stop and reads its final account from the same file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LabConfig } from '../../../shared/lab-state.js';
import type { TrafficEndpoint } from './reconnecting-connection.js';
import { cliChildEnv, cliLauncher } from '../processes/cli-launcher.js';
import { trafficOutputPath } from './traffic-files.js';

/** Every broker of the lab, in the topology's order: the clients try them in turn. */
export function trafficEndpoints(config: LabConfig): TrafficEndpoint[] {
  return Object.entries(config.nodes).map(([node, n]) => ({ node, host: '127.0.0.1', port: n.acceptorPort }));
}

/** Starts `traffic run` detached; its output goes to run/traffic.out. Returns its pid. */
export function spawnTrafficRunner(labDir: string, rate: number, runId: string): number {
  const out = trafficOutputPath(labDir);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const fd = fs.openSync(out, 'w');
  try {
    const child = spawn(process.execPath, [cliLauncher(), '--lab-dir', labDir, 'traffic', 'run', '--rate', String(rate), '--run-id', runId], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: cliChildEnv(),
      windowsHide: true,
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error('could not start the traffic process');
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}
