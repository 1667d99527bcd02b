// run/consumers.json (what the consumers process holds, written by it), run/consumers-want.json
// (which brokers should have a consumer, written by any face) and run/consumers.stop (any face
// asks the process to end). Files, not signals: Windows has no SIGTERM a process can catch.
import fs from 'node:fs';
import path from 'node:path';
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { runDir } from '../processes/pid-files.js';
import { isAlive } from '../processes/process-utils.js';
import { parseLabFile } from '../state/earlier-shapes.js';

export function consumersPath(labDir: string): string {
  return path.join(runDir(labDir), 'consumers.json');
}

export function consumersWantPath(labDir: string): string {
  return path.join(runDir(labDir), 'consumers-want.json');
}

export function consumersStopPath(labDir: string): string {
  return path.join(runDir(labDir), 'consumers.stop');
}

export function consumersOutputPath(labDir: string): string {
  return path.join(runDir(labDir), 'consumers.out');
}

export function writeConsumers(labDir: string, snapshot: ConsumersSnapshot): void {
  writeJsonAtomic(consumersPath(labDir), snapshot);
}

/**
 * The consumers as their process last wrote them; a process that died without a word (kill -9,
 * a reboot) shows as not running with every consumer stopped, so no face waits on it.
 */
export function readConsumers(labDir: string): ConsumersSnapshot | null {
  let parsed: ConsumersSnapshot;
  try {
    parsed = parseLabFile(fs.readFileSync(consumersPath(labDir), 'utf8')) as ConsumersSnapshot;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.pid !== 'number' || typeof parsed.consumers !== 'object') return null;
  if (parsed.running && !isAlive(parsed.pid)) {
    const consumers = Object.fromEntries(
      Object.entries(parsed.consumers).map(([broker, c]) => [
        broker,
        c.state === 'stopped' ? c : { ...c, state: 'stopped' as const, since: parsed.updatedAt, lastError: `The consumers process (pid ${parsed.pid}) ended without stopping.` },
      ]),
    );
    return { ...parsed, running: false, consumers };
  }
  return parsed;
}

/** The brokers that should have a consumer; none when the file is missing or unreadable. */
export function readWanted(labDir: string): string[] {
  try {
    const parsed = parseLabFile(fs.readFileSync(consumersWantPath(labDir), 'utf8')) as { brokers?: unknown };
    return Array.isArray(parsed.brokers) ? parsed.brokers.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

export function writeWanted(labDir: string, brokers: string[]): void {
  writeJsonAtomic(consumersWantPath(labDir), { brokers: [...new Set(brokers)] });
}

export function requestConsumersStop(labDir: string): void {
  fs.mkdirSync(runDir(labDir), { recursive: true });
  fs.writeFileSync(consumersStopPath(labDir), new Date().toISOString());
}

export function consumersStopRequested(labDir: string): boolean {
  return fs.existsSync(consumersStopPath(labDir));
}

export function clearConsumersStop(labDir: string): void {
  fs.rmSync(consumersStopPath(labDir), { force: true });
}
