// The CLI as an attendee runs it, for the integration tests that walk a lab's story: one way to
// call it, one clean-up after a file's labs, and one way to find broker JVMs a lab left behind.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import { findBrokerJvms } from '../../electron/lab/processes/process-utils.js';
import { brokerZip, INSTALLS_DIR, makeTempLabDir, REPO_ROOT, testPortOffset } from './test-env.js';

export const CLI = path.join(REPO_ROOT, 'bin', 'amq-ha-lab.mjs');

function runCli(labDir: string, args: string[], lab?: string) {
  return execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, ...(lab ? ['--lab', lab] : []), ...args], { reject: false, all: true, timeout: 900_000 });
}

export type LabCli = (labDir: string, args: string[]) => ReturnType<typeof runCli>;

/** `amq-ha-lab --lab-dir DIR --installs … [--lab ID] <args>`, never rejecting: tests read the exit code. */
export function labCli(lab?: string): LabCli {
  return (labDir, args) => runCli(labDir, args, lab);
}

/** After the file's tests: every lab down (the next file needs the ports) and its dir removed. */
export function downAndRemoveAfterAll(labs: string[], cli: LabCli): void {
  afterAll(async () => {
    for (const labDir of labs) {
      await cli(labDir, ['down']);
      await fs.rm(labDir, { recursive: true, force: true });
    }
  });
}

/** Broker JVMs still running from any instance the lab's lab.json names. */
export async function labBrokerJvms(labDir: string): Promise<number[]> {
  const config = await readLabConfig(labDir);
  if (!config) return [];
  return (await Promise.all(Object.values(config.brokers).map((n) => findBrokerJvms(n.dir)))).flat();
}

/** What `workshop --json` prints, as far as the lab tests read it. */
export interface WorkshopJson {
  ok: boolean;
  steps: { id: string; status: string; detail: string | null }[];
}

/**
 * A lab dir for one test of a lab's story: set up with `--lab` on a broker version at the test
 * port offset (the setup must succeed), brought down when the test ends and removed with the file's labs.
 */
export async function setUpLabForTest(labs: string[], cli: LabCli, opts: { lab: string; version: string }): Promise<{ labDir: string; setupOutput: string }> {
  const labDir = await makeTempLabDir(`${opts.lab}-${opts.version}`);
  labs.push(labDir);
  onTestFinished(async () => {
    await cli(labDir, ['down']);
  });
  const setup = await cli(labDir, ['--lab', opts.lab, 'setup', '--zip', brokerZip(opts.version), '--port-offset', String(testPortOffset())]);
  expect(setup.exitCode, setup.all).toBe(0);
  return { labDir, setupOutput: setup.stdout };
}

/** `workshop --json`, asserting every step passed and the exit code is 0; returns the report. */
export async function workshopPasses(cli: LabCli, labDir: string): Promise<WorkshopJson> {
  const run = await cli(labDir, ['workshop', '--json']);
  const report = JSON.parse(run.stdout) as WorkshopJson;
  const failed = report.steps.filter((s) => s.status !== 'passed');
  expect(failed, `${JSON.stringify(failed, null, 2)}\n${run.stderr}`).toEqual([]);
  expect(run.exitCode).toBe(0);
  return report;
}
