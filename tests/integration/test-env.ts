// Shared by every integration test: the port offset this run may use, the real broker zips in
// installs/, temp lab dirs, and a bounded wait. Keep it small and stable; others import it.
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBrokerLog } from '../../electron/lab/instances/broker-log.js';
import { largestPortOffset, MAX_PORT } from '../../electron/lab/instances/port-ceiling.js';
import { LABS } from '../../shared/labs/index.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const INSTALLS_DIR = path.join(REPO_ROOT, 'installs');

/** The lab whose ports leave the least room, and the largest offset that keeps them all at most 65535. */
export function tightestLab(): { id: string; largestOffset: number } {
  const [tightest] = LABS.map((lab) => ({ id: lab.id, largestOffset: largestPortOffset(lab) })).sort((a, b) => a.largestOffset - b.largestOffset);
  return tightest!;
}

/**
 * Each helper / CI job runs its brokers at its own offset (env LAB_TEST_PORT_OFFSET, default 0);
 * one that pushes a lab's ports past 65535 is refused here, before any broker starts.
 */
export function testPortOffset(): number {
  const raw = process.env.LAB_TEST_PORT_OFFSET ?? '0';
  const n = Number(raw);
  const { id, largestOffset } = tightestLab();
  if (!Number.isInteger(n) || n < 0) throw new Error(`LAB_TEST_PORT_OFFSET must be a whole number 0..${largestOffset}, got ${raw}`);
  if (n > largestOffset) {
    throw new Error(`LAB_TEST_PORT_OFFSET=${n} is too large: the ${id} lab's ports reach ${MAX_PORT} at ${largestOffset}; use 0..${largestOffset}`);
  }
  return n;
}

/**
 * The current Artemis (primary/backup), the last master/slave one, and an old one (AMQ 7.5-7.7
 * generation, needs JVM options on Java 16+), as `.ci/run` fetches them.
 */
/**
 * Labs whose older-version run is not required in CI (the 45-minute budget on two cores) run it
 * only with LAB_TEST_ALL_VERSIONS=1; the lab's page in docs/labs/ says what that version did.
 */
export const ALL_VERSIONS = process.env.LAB_TEST_ALL_VERSIONS === '1';

export const BROKER_VERSIONS = { current: '2.44.0', masterSlave: '2.31.2', old: '2.11.0' } as const;

/** Path of installs/apache-artemis-<version>-bin.zip; throws with the fix when it is missing. */
export function brokerZip(version: string = BROKER_VERSIONS.current): string {
  const zip = path.join(INSTALLS_DIR, `apache-artemis-${version}-bin.zip`);
  if (!existsSync(zip)) throw new Error(`${zip} is missing: run \`npm run fetch-broker -- ${version}\` first.`);
  return zip;
}

/** A fresh, empty lab dir under the OS temp dir. */
export async function makeTempLabDir(label = 'lab'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `amq-ha-lab-${label}-`));
}

/** Polls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until the broker log file contains `code` (e.g. AMQ221007); returns the matching line. */
/** A broker's whole log, yesterday's rolled file included (a run that crosses midnight). */
export function brokerLogText(instance: string): string {
  return readBrokerLog(instance) ?? '';
}

export async function waitForLogCode(instance: string, code: string, timeoutMs = 90_000): Promise<string> {
  return waitFor(`${code} in ${instance}'s log`, async () => {
    const text = brokerLogText(instance);
    return text.split('\n').find((line) => line.includes(code));
  }, timeoutMs);
}

/** Whether a process is alive (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
