// The relay as a detached lab process, as `wire start` runs it: started, adopted, a cut written by
// this (another) process applied within a second, a kill -9 reported and taken over, and stopped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WiresReport } from '../../../shared/wire-state.js';
import { declareWires, readWiresStatus, wishWires } from '../../../electron/lab/network/wires-file.js';
import { startRelays, stopRelays } from '../../../electron/lab/network/relay-process.js';
import { isAlive, killHard, waitForExit } from '../../../electron/lab/processes/process-utils.js';
import { bounded, closeClients, connect, startEchoServer, tryConnect, until, type EchoServer } from './loopback-peers.js';

let labDir: string;
let echo: EchoServer;
const pids = new Set<number>();

beforeAll(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-process-'));
  echo = await startEchoServer();
  await declareWires(labDir, [
    { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
    { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
  ]);
});

afterAll(async () => {
  // Whatever a failed test left: no relay process outlives the test.
  for (const pid of pids) if (isAlive(pid)) await killHard(pid);
  await closeClients();
  await echo.close();
  fs.rmSync(labDir, { recursive: true, force: true });
});

describe('the relay process', { timeout: 180_000 }, () => {
  it('starts detached, is adopted, applies a cut from another process within a second, and stops', async () => {
    const { status, adopted } = await startRelays(labDir);
    pids.add(status.pid);
    expect(adopted).toBe(false);
    expect(status.pid).not.toBe(process.pid);
    expect(status.wires.map((l) => l.state)).toEqual(['open', 'open']);
    const port = status.wires[0]!.listenPort;

    const again = await startRelays(labDir);
    expect(again).toMatchObject({ adopted: true, status: { pid: status.pid } });

    const client = await connect(port);
    client.socket.write('across');
    await client.waitFor(6);
    const t0 = performance.now();
    await wishWires(labDir, 'cut', () => [0, 1], { cut: true });
    expect(await client.closed).toBe('ECONNRESET');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    const last = await stopRelays(labDir);
    expect(last).toMatchObject({ pid: status.pid, state: 'stopped' });
    expect(isAlive(status.pid)).toBe(false);
  });

  it('reports a relay process killed hard as stopped, and the next start takes over with what was wanted', async () => {
    const { status } = await startRelays(labDir);
    pids.add(status.pid);
    // The cut of the first test is still wanted: the new process starts with both wires cut.
    expect(status.wires.map((l) => l.state)).toEqual(['cut', 'cut']);
    await wishWires(labDir, 'heal', () => [0, 1], { cut: false });
    await until(() => readWiresStatus(labDir)?.wires.every((l) => l.state === 'open') === true, 2000, 'healed');
    const port = readWiresStatus(labDir)!.wires[1]!.listenPort;
    const client = await connect(port);

    await killHard(status.pid);
    expect(await waitForExit(status.pid, 5000)).toBe(true);
    // The kernel closes a killed process's sockets: the peer sees the wire drop.
    await bounded(client.closed, 2000, 'the wire dropped with its process');
    expect(readWiresStatus(labDir)).toMatchObject({ state: 'stopped', lastError: expect.stringMatching(/ended without stopping/) });

    const next = await startRelays(labDir);
    pids.add(next.status.pid);
    expect(next.adopted).toBe(false);
    expect(next.status.wires.map((l) => l.state)).toEqual(['open', 'open']);
    expect(await stopRelays(labDir)).toMatchObject({ state: 'stopped' });
    expect(isAlive(next.status.pid)).toBe(false);
    expect(await stopRelays(labDir)).toMatchObject({ state: 'stopped' });
  });

  it('through the CLI: wire start returns while the relay runs on; wire cut and wire status --json say what the relay did', async () => {
    const cli = (...args: string[]) => execa(process.execPath, ['bin/amq-ha-lab.mjs', '--lab-dir', labDir, 'wire', ...args], { reject: false, cwd: path.resolve(import.meta.dirname, '../../..') });
    const started = await cli('start');
    expect(started.exitCode, started.stderr).toBe(0);
    const pid = Number(/pid (\d+)/.exec(started.stdout)?.[1]);
    pids.add(pid);
    expect(isAlive(pid)).toBe(true);

    const typo = await cli('cut', 'master', 'bakup');
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr).toMatch(/"bakup" is not a broker of this lab \(backup, master\)/);

    const cut = await cli('cut', 'master', 'backup');
    expect(cut.exitCode, cut.stderr).toBe(0);
    expect(cut.stdout).toMatch(/backup -> master .* cut/);
    const report = JSON.parse((await cli('status', '--json')).stdout) as WiresReport;
    expect(report.process).toMatchObject({ pid, state: 'running', appliedRevision: report.revision });
    expect(report.wires.map((l) => [l.wanted.cut, l.relay?.state])).toEqual([[true, 'cut'], [true, 'cut']]);

    const stopped = await cli('stop');
    expect(stopped.stdout).toMatch(`Relay process (pid ${pid}) stopped`);
    expect(isAlive(pid)).toBe(false);
  });
});
