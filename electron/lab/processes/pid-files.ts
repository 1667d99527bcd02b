// Per-lab run files (`<labDir>/run/<broker>.json`): which JVM runs each broker and what the lab
// last asked of it. They let any later CLI command or the desktop app adopt running brokers, and
// tell a crash the lab asked for (or a stop) from a broker that died on its own.
import fs from 'node:fs';
import { writeJsonAtomic } from '../state/atomic-json.js';
import path from 'node:path';
import type { BrokerName } from '../../../shared/lab-state.js';
import type { RunFile, RunVerdict } from '../../../shared/derive/broker-facts.js';
import { parseLabFile } from '../state/earlier-shapes.js';

export type { RunFile, RunVerdict };


export function runDir(labDir: string): string {
  return path.join(labDir, 'run');
}

export function runFilePath(labDir: string, broker: BrokerName): string {
  return path.join(runDir(labDir), `${broker}.json`);
}

/** The broker's stdout/stderr (the same lines as artemis.log plus JVM errors before logging starts). */
export function consoleOutputPath(labDir: string, broker: BrokerName): string {
  return path.join(runDir(labDir), `${broker}.out`);
}

export function readRunFile(labDir: string, broker: BrokerName): RunFile | null {
  try {
    const parsed = parseLabFile(fs.readFileSync(runFilePath(labDir, broker), 'utf8')) as Partial<RunFile>;
    if (typeof parsed.pid !== 'number' || typeof parsed.instanceDir !== 'string') return null;
    return {
      broker,
      pid: parsed.pid,
      instanceDir: parsed.instanceDir,
      startedAt: parsed.startedAt ?? new Date(0).toISOString(),
      stopRequestedAt: parsed.stopRequestedAt ?? null,
      crashRequestedAt: parsed.crashRequestedAt ?? null,
      exitedAt: parsed.exitedAt ?? null,
    };
  } catch {
    return null;
  }
}

/** Written atomically (temp + rename) so a reader never sees half a file. */
export function writeRunFile(labDir: string, run: RunFile): void {
  writeJsonAtomic(runFilePath(labDir, run.broker), run, 2);
}

export function updateRunFile(labDir: string, broker: BrokerName, change: Partial<RunFile>): RunFile | null {
  const current = readRunFile(labDir, broker);
  if (!current) return null;
  const next = { ...current, ...change, broker };
  writeRunFile(labDir, next);
  return next;
}


/**
 * Pure judgement of a run file against what the OS says. `commandLine` is the pid's current
 * command line (null when the pid is not alive).
 */
export function judgeRunFile(
  run: RunFile | null,
  alive: boolean,
  commandLine: string | null,
  isOurs: (commandLine: string) => boolean,
): RunVerdict {
  if (!run) return { kind: 'stopped' };
  if (alive && commandLine !== null) {
    return isOurs(commandLine) ? { kind: 'running', pid: run.pid } : { kind: 'stale', pid: run.pid };
  }
  if (alive) return { kind: 'running', pid: run.pid };
  if (run.stopRequestedAt && !run.crashRequestedAt) return { kind: 'stopped' };
  return { kind: 'exited', pid: run.pid, crashRequested: !!run.crashRequestedAt, stopRequested: !!run.stopRequestedAt };
}
