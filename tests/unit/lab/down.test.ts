// `down` means down: it returns only when no process of the lab's instances is left, the tracked
// JVM and any other one (a second JVM another face started, waiting on the journal lock).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { findInstanceProcesses, isAlive } from '../../../electron/lab/processes/process-utils.js';
import { startBroker } from '../../../electron/lab/processes/supervisor.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { freePorts } from '../free-ports.js';
import { fakeLabConfig, standInInstance, standInBrokers } from './lab-fixtures.js';

let labDir: string;
let config: LabConfig;
let lab: Lab | null = null;
const strays: ChildProcess[] = [];

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-down-'));
  config = fakeLabConfig(labDir, standInBrokers(labDir, await freePorts(4)));
  for (const broker of Object.values(config.brokers)) standInInstance(broker.dir);
  fs.writeFileSync(path.join(labDir, 'lab.json'), JSON.stringify(config));
});

afterEach(async () => {
  await lab?.close();
  lab = null;
  for (const child of strays.splice(0)) child.kill('SIGKILL');
  for (const broker of Object.values(config.brokers)) for (const pid of await findInstanceProcesses(broker.dir)) process.kill(pid, 'SIGKILL');
  fs.rmSync(labDir, { recursive: true, force: true });
});

// The stand-in bin/artemis is a POSIX shell script (and chmod has no execute bit on Windows);
// these run on every Linux and macOS CI, Windows would run artemis.cmd.
describe.skipIf(process.platform === 'win32')('down', () => {
  it('returns only when no process of any instance is left, a second JVM of the master included', async () => {
    const ctx = { labDir, config };
    const master = await startBroker(ctx, 'master', { ifRunning: 'fail' });
    const backup = await startBroker(ctx, 'backup', { ifRunning: 'fail' });
    // A second JVM of the master's instance, as a second face's start leaves it (it ignores `stop`).
    const stray = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `-Dartemis.instance=${config.brokers.master!.dir}`], { stdio: 'ignore' });
    strays.push(stray);
    await expect.poll(async () => (await findInstanceProcesses(config.brokers.master!.dir)).length).toBe(2);

    lab = await createLab({ labDir, installsDir: path.join(labDir, 'installs') });
    const s = await lab.down();

    expect([master.pid, backup.pid, stray.pid!].filter(isAlive)).toEqual([]);
    expect(await findInstanceProcesses(config.brokers.master!.dir)).toEqual([]);
    expect(await findInstanceProcesses(config.brokers.backup!.dir)).toEqual([]);
    expect(s.events.some((e) => e.broker === 'master' && e.text.includes(`Killed process ${stray.pid}`))).toBe(true);
  }, 60_000);
});
