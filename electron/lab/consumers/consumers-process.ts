// Starting the detached `consumers run` process (see consumers-runner.ts for what it does).
import { spawnDetachedCli } from '../processes/cli-launcher.js';
import { consumersOutputPath } from './consumers-files.js';

/** Starts `consumers run` detached; its output goes to run/consumers.out. Returns its pid. */
export function spawnConsumersRunner(labDir: string): number {
  return spawnDetachedCli(labDir, ['consumers', 'run'], consumersOutputPath(labDir), 'consumers');
}
