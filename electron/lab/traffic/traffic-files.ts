// run/traffic.json (the traffic's snapshot, written by the process that runs it) and
// run/traffic.stop (any face asks it to stop by creating it).
import fs from 'node:fs';
import path from 'node:path';
import type { TrafficSnapshot } from '../../../shared/traffic-state.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { runDir } from '../processes/pid-files.js';
import { isAlive } from '../processes/process-utils.js';
import { parseLabFile } from '../state/earlier-shapes.js';

export function trafficPath(labDir: string): string {
  return path.join(runDir(labDir), 'traffic.json');
}

export function trafficStopPath(labDir: string): string {
  return path.join(runDir(labDir), 'traffic.stop');
}

export function trafficOutputPath(labDir: string): string {
  return path.join(runDir(labDir), 'traffic.out');
}

export function writeTraffic(labDir: string, snapshot: TrafficSnapshot): void {
  writeJsonAtomic(trafficPath(labDir), snapshot);
}

/**
 * The traffic as its process last wrote it; a process that died without stopping (kill -9, a
 * reboot) is reported stopped, with why, so no face waits on it.
 */
export function readTraffic(labDir: string): TrafficSnapshot | null {
  let parsed: TrafficSnapshot;
  try {
    parsed = parseLabFile(fs.readFileSync(trafficPath(labDir), 'utf8')) as TrafficSnapshot;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.runId !== 'string') return null;
  // Written by a version before the account told a redelivery after ack apart.
  parsed.totals = { ...parsed.totals, redeliveredAfterAck: parsed.totals?.redeliveredAfterAck ?? 0 };
  parsed.evidence ??= { duplicated: [], redeliveredAfterAck: [] };
  if (parsed.state !== 'stopped' && !isAlive(parsed.pid)) {
    return {
      ...parsed,
      state: 'stopped',
      stoppedAt: parsed.updatedAt,
      producer: { broker: null, connected: false },
      consumer: { broker: null, connected: false },
      lastError: `The traffic process (pid ${parsed.pid}) ended without stopping; its account stops at ${parsed.updatedAt}.`,
    };
  }
  return parsed;
}

export function requestTrafficStop(labDir: string): void {
  fs.mkdirSync(runDir(labDir), { recursive: true });
  fs.writeFileSync(trafficStopPath(labDir), new Date().toISOString());
}

export function trafficStopRequested(labDir: string): boolean {
  return fs.existsSync(trafficStopPath(labDir));
}

export function clearTrafficStop(labDir: string): void {
  fs.rmSync(trafficStopPath(labDir), { force: true });
}
