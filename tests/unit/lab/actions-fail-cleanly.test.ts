// An action that cannot be done fails on that action, with one clear line, and the process that
// asked (the app, serve mode) keeps running: a broker script gone or not executable, a port
// another program holds. Stand-in instances; the real launcher's failures are the same spawn errors.
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { moveAside } from '../../../electron/lab/state/move-aside.js';
import { findInstanceProcesses } from '../../../electron/lab/processes/process-utils.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { freePorts } from '../free-ports.js';
import { fakeLabConfig, standInInstance, standInBrokers } from './lab-fixtures.js';

let root: string;
let labDir: string;
let config: LabConfig;
let lab: Lab | null = null;
const servers: net.Server[] = [];

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'b-fail-'));
  labDir = path.join(root, 'lab');
  config = fakeLabConfig(labDir, standInBrokers(labDir, await freePorts(4)));
  for (const broker of Object.values(config.brokers)) standInInstance(broker.dir);
  fs.writeFileSync(path.join(labDir, 'lab.json'), JSON.stringify(config));
  lab = await createLab({ labDir, installsDir: path.join(root, 'installs') });
});

afterEach(async () => {
  await lab?.close();
  lab = null;
  for (const server of servers.splice(0)) server.close();
  for (const broker of Object.values(config.brokers)) for (const pid of await findInstanceProcesses(broker.dir)) process.kill(pid, 'SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

async function failure(action: Promise<unknown>): Promise<LabError> {
  const error = await action.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

// The stand-in bin/artemis is a POSIX shell script (and chmod has no execute bit on Windows);
// these run on every Linux and macOS CI, Windows would run artemis.cmd.
describe.skipIf(process.platform === 'win32')('actions that cannot be done', () => {
  it('Start after the lab was reset from elsewhere: a clear error, and no ghost lab dir', async () => {
    const movedTo = await moveAside(labDir);
    const error = await failure(lab!.request('broker.start', { broker: 'master' }));
    expect(error.code).toBe('NOT_SET_UP');
    expect(error.message).toContain('is gone');
    expect(error.hint).toMatch(/amq-ha-lab setup/);
    expect(fs.existsSync(labDir)).toBe(false);
    expect(fs.existsSync(movedTo)).toBe(true);
  });

  it('Start with a broker script that lost its execute bit says so and how to fix it', async () => {
    fs.chmodSync(path.join(config.brokers.master!.dir, 'bin', 'artemis'), 0o644);
    const error = await failure(lab!.request('broker.start', { broker: 'master' }));
    expect(error.code).toBe('BROKEN_DISTRIBUTION');
    expect(error.message).toContain('not executable');
    expect(error.hint).toContain('chmod +x');
    // The lab still answers afterwards.
    expect((await lab!.request('lab.snapshot', {})).brokers.map((n) => n.process)).toEqual(['stopped', 'stopped']);
  });

  it('up with a backup port held starts nothing', async () => {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(config.brokers.backup!.acceptorPort, '127.0.0.1', resolve));
    const error = await failure(lab!.up());
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toContain(`backup's acceptor port ${config.brokers.backup!.acceptorPort}`);
    expect(await findInstanceProcesses(config.brokers.master!.dir)).toEqual([]);
  });
});
