// The supervisor against a stand-in instance whose bin/artemis behaves like the real launcher
// (`run` execs a long-lived process naming -Dartemis.instance; `stop` is a no-op here, to prove
// the bounded kill). No Java needed, so the start/stop/adopt rules are checked in milliseconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../../electron/lab/lab-error.js';
import { readRunFile, runFilePath } from '../../../electron/lab/processes/pid-files.js';
import { commandLineOf, isAlive } from '../../../electron/lab/processes/process-utils.js';
import { brokerDied, findRunning, startBroker, stopBroker, type SupervisorContext } from '../../../electron/lab/processes/supervisor.js';
import { freePorts } from '../free-ports.js';
import { fakeLabConfig, standInBrokers } from './lab-fixtures.js';

let labDir: string;
let ctx: SupervisorContext;

function fakeInstance(dir: string, behaviour: 'runs' | 'dies' | 'watches-stop-file'): void {
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
  // Like Artemis's `run`: exits when etc/STOP_ME appears.
  const stopFile = path.join(dir, 'etc', 'STOP_ME');
  const watcher = `const fs = require("fs"); setInterval(() => { if (fs.existsSync(${JSON.stringify(stopFile)})) process.exit(0); }, 100)`;
  if (behaviour === 'watches-stop-file') fs.mkdirSync(path.join(dir, 'etc'), { recursive: true });
  const run =
    behaviour === 'runs'
      ? `exec "${process.execPath}" -e 'setInterval(() => {}, 1000)' -- "-Dartemis.instance=${dir}"`
      : behaviour === 'watches-stop-file'
        ? `exec "${process.execPath}" -e '${watcher}' -- "-Dartemis.instance=${dir}"`
        : `echo "Unrecognized VM option 'BogusOption'"; echo "Error: Could not create the Java Virtual Machine."; exit 1`;
  fs.writeFileSync(path.join(dir, 'bin', 'artemis'), `#!/bin/sh\nif [ "$1" = "run" ]; then\n  ${run}\nfi\nexit 0\n`, { mode: 0o755 });
}

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-supervisor-'));
  // Ports the OS just gave out: the supervisor checks they are free before starting.
  const config = fakeLabConfig(labDir, standInBrokers(labDir, await freePorts(4)), '');
  ctx = { labDir, config };
});

afterEach(async () => {
  for (const broker of ['master', 'backup'] as const) {
    const run = readRunFile(labDir, broker);
    if (run && isAlive(run.pid)) process.kill(run.pid, 'SIGKILL');
  }
  fs.rmSync(labDir, { recursive: true, force: true });
});

// Windows runs artemis.cmd through cmd.exe; this stand-in is a POSIX shell script.
describe.skipIf(process.platform === 'win32')('supervisor', () => {
  it('tracks the process the launcher execs into, refuses a second start, and adopts without a run file', async () => {
    fakeInstance(ctx.config.brokers.master!.dir, 'runs');
    const started = await startBroker(ctx, 'master', { ifRunning: 'fail' });
    expect(started.adopted).toBe(false);
    expect(await commandLineOf(started.pid)).toContain(`-Dartemis.instance=${ctx.config.brokers.master!.dir}`);

    const again = await startBroker(ctx, 'master', { ifRunning: 'fail' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LabError);
    expect((again as LabError).code).toBe('ALREADY_RUNNING');
    expect((again as LabError).message).toContain(`pid ${started.pid}`);

    // The run file is lost (another lab process, a crash of ours): found by its command line.
    fs.rmSync(runFilePath(labDir, 'master'), { force: true });
    expect(await findRunning(ctx, 'master')).toEqual({ pid: started.pid, adopted: true });
    expect(readRunFile(labDir, 'master')?.pid).toBe(started.pid);
    const adopted = await startBroker(ctx, 'master', { ifRunning: 'adopt' });
    expect(adopted).toMatchObject({ pid: started.pid, adopted: true });
  });

  it('a graceful stop that does not finish within its bound ends in a kill', async () => {
    fakeInstance(ctx.config.brokers.backup!.dir, 'runs');
    const { pid } = await startBroker(ctx, 'backup', { ifRunning: 'fail' });
    const stopped = await stopBroker(ctx, 'backup', { boundMs: 300 });
    expect(stopped).toMatchObject({ pid, killed: true });
    expect(isAlive(pid)).toBe(false);
    expect(readRunFile(labDir, 'backup')?.stopRequestedAt).toBeTruthy();
    const twice = await stopBroker(ctx, 'backup').catch((e: unknown) => e);
    expect((twice as LabError).code).toBe('NOT_RUNNING');
  });

  it('a graceful stop asks as `artemis stop` does, through etc/STOP_ME, with no JVM of its own', async () => {
    // The stand-in's `stop` does nothing: only the file can stop it, and it must not be killed.
    fakeInstance(ctx.config.brokers.master!.dir, 'watches-stop-file');
    const { pid } = await startBroker(ctx, 'master', { ifRunning: 'fail' });
    const stopped = await stopBroker(ctx, 'master', { boundMs: 20_000 });
    expect(stopped).toMatchObject({ pid, killed: false });
    expect(isAlive(pid)).toBe(false);
  }, 30_000);

  it('crash kills at once and records that it was asked for', async () => {
    fakeInstance(ctx.config.brokers.master!.dir, 'runs');
    const { pid } = await startBroker(ctx, 'master', { ifRunning: 'fail' });
    const crashed = await stopBroker(ctx, 'master', { crash: true });
    expect(crashed).toMatchObject({ pid, killed: true });
    expect(readRunFile(labDir, 'master')?.crashRequestedAt).toBeTruthy();
  });

  it('a broker that dies at start is BROKER_DIED with its output and the known cause', async () => {
    fakeInstance(ctx.config.brokers.master!.dir, 'dies');
    const error = await startBroker(ctx, 'master', { ifRunning: 'fail' }).catch((e: unknown) => e);
    const died = error instanceof LabError ? error : brokerDied(ctx, 'master');
    expect(died.code).toBe('BROKER_DIED');
    expect(died.message).toContain('Java refused an option');
    expect(died.details).toContain('Could not create the Java Virtual Machine');
  });
});
