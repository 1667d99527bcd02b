// The wire outlives the face that started it, as the brokers and the traffic do: one detached
// `amq-ha-lab wire run` per lab holds every wire. A face starts it (or adopts the one that runs),
// changes run/links.json and waits for the process to say it applied the change, and stops it
// through run/links.stop — killing it only when it does not go within its bound.
import fs from 'node:fs';
import type { WiresStatusFile } from '../../../shared/wire-state.js';
import { LabError, tailLines } from '../lab-error.js';
import { spawnDetachedCli } from '../processes/cli-launcher.js';
import { commandLineOf, isAlive, killHard, waitForExit } from '../processes/process-utils.js';
import { clearWiresStop, wiresOutputPath, noWires, readWires, readWiresStatus, requestWiresStop } from './wires-file.js';

export const RELAY_BOUNDS = {
  /** Spawn until every wire listens: a cold tsx start on a busy 2-core machine takes seconds. */
  start: 60_000,
  /** A change written until the process reports it applied (it looks ten times a second). */
  apply: 2_000,
  /** The stop file written until the process is gone; then it is killed. */
  stop: 5_000,
};

/** Is this pid the relay process of this lab (not a pid reused by another program)? */
export async function isRelayProcess(pid: number, labDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const cmd = await commandLineOf(pid);
  // No command line to read (some OSes, other users): the pid lock's liveness is all we have.
  if (cmd === null) return true;
  return /\b(?:wire|link)\s+run\b/.test(cmd) && cmd.includes(labDir);
}

/** Starts `wire run` detached; its output goes to run/links.out. Returns its pid. */
export function spawnRelayProcess(labDir: string): number {
  return spawnDetachedCli(labDir, ['wire', 'run'], wiresOutputPath(labDir), 'relay');
}

async function waitForStatus(labDir: string, done: (s: WiresStatusFile) => boolean, boundMs: number, what: string, stillHope: () => boolean): Promise<WiresStatusFile> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const s = readWiresStatus(labDir);
    if (s && done(s)) return s;
    if (!stillHope()) break;
    if (Date.now() >= deadline) throw new LabError('TIMEOUT', `The relay process did not ${what} within ${boundMs / 1000} s.`, 'See `amq-ha-lab wire status` and run/links.out.', tailLines(readTail(wiresOutputPath(labDir))));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new LabError('COMMAND_FAILED', `The relay process ended before it could ${what}.`, 'See its output below.', tailLines(readTail(wiresOutputPath(labDir))));
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-8000);
  } catch {
    return '';
  }
}

/** The relay process that runs for this lab, or null. */
export async function runningRelay(labDir: string): Promise<WiresStatusFile | null> {
  const s = readWiresStatus(labDir);
  return s && s.state === 'running' && (await isRelayProcess(s.pid, labDir)) ? s : null;
}

/**
 * Makes sure the lab's relay process runs and has applied the wires as declared: adopts the one
 * that runs, else starts one and waits until it reports them.
 */
export async function startRelays(labDir: string): Promise<{ status: WiresStatusFile; adopted: boolean }> {
  const wires = readWires(labDir);
  if (!wires) throw noWires(labDir);
  const running = await runningRelay(labDir);
  if (running) return { status: await waitForApplied(labDir, wires.revision), adopted: true };
  clearWiresStop(labDir);
  const pid = spawnRelayProcess(labDir);
  const status = await waitForStatus(labDir, (s) => s.pid === pid && s.state === 'running' && s.appliedRevision >= wires.revision, RELAY_BOUNDS.start, 'open its wires', () => isAlive(pid));
  return { status, adopted: false };
}

/** Waits until the running relay process has applied this revision of run/links.json. */
export async function waitForApplied(labDir: string, revision: number): Promise<WiresStatusFile> {
  const s = readWiresStatus(labDir);
  const pid = s?.pid ?? 0;
  return waitForStatus(labDir, (x) => x.pid === pid && x.state === 'running' && x.appliedRevision >= revision, RELAY_BOUNDS.apply, 'apply the change', () => isAlive(pid));
}

/**
 * Stops the relay process: every wire's connections dropped, its ports closed. Returns its last
 * report (null when none ran). Down means down: a process that does not go in time is killed.
 */
export async function stopRelays(labDir: string): Promise<WiresStatusFile | null> {
  const running = await runningRelay(labDir);
  if (!running) return readWiresStatus(labDir);
  requestWiresStop(labDir);
  if (!(await waitForExit(running.pid, RELAY_BOUNDS.stop))) {
    await killHard(running.pid);
    await waitForExit(running.pid, RELAY_BOUNDS.stop);
  }
  clearWiresStop(labDir);
  return readWiresStatus(labDir);
}
