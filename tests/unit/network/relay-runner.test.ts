// The relay process's loop, run in this process: run/links.json changes applied within the
// poll, reported through run/links-status.json, one process per lab, and nothing left at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WiresStatusFile } from '../../../shared/wire-state.js';
import { declareWires, readWiresStatus, requestWiresStop, wishWires, wishReachable } from '../../../electron/lab/network/wires-file.js';
import { runRelayProcess } from '../../../electron/lab/network/relay-runner.js';
import { bounded, closeClients, connect, handleCounts, startEchoServer, tryConnect, until, type EchoServer } from './loopback-peers.js';

let labDir: string;
let echo: EchoServer;
let stopped: Promise<WiresStatusFile> | null = null;

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-runner-'));
  echo = await startEchoServer();
});

afterEach(async () => {
  if (stopped) {
    requestWiresStop(labDir);
    await stopped.catch(() => undefined);
    stopped = null;
  }
  await closeClients();
  await echo.close();
  fs.rmSync(labDir, { recursive: true, force: true });
  // Closed handles linger for a moment in Node's list: the next test counts from none of ours.
  await until(() => handleCounts().TCPServerWrap + handleCounts().TCPSocketWrap === 0, 2000, 'every handle of the test gone');
});

/** Starts the loop and waits until it reports the wires as declared. */
async function startLoop(): Promise<WiresStatusFile> {
  stopped = runRelayProcess(labDir);
  await until(() => (readWiresStatus(labDir)?.wires.filter((l) => l.state === 'open').length ?? 0) === 2, 5000, 'both wires open');
  return readWiresStatus(labDir)!;
}

const portOf = (s: WiresStatusFile, from: string) => s.wires.find((l) => l.from === from)!.listenPort;

describe('runRelayProcess', () => {
  it('applies a cut, a heal and a delay written to run/links.json, each within a poll', async () => {
    await declareWires(labDir, [
      { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
      { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
    ]);
    const first = await startLoop();
    expect(first).toMatchObject({ pid: process.pid, state: 'running', appliedRevision: 1 });
    const port = portOf(first, 'backup');
    const client = await connect(port);
    client.socket.write('ping');
    await client.waitFor(4);

    const t0 = performance.now();
    const cut = await wishWires(labDir, 'cut', () => [0], { cut: true });
    expect(await client.closed).toBe('ECONNRESET');
    expect(performance.now() - t0).toBeLessThan(1000);
    await until(() => readWiresStatus(labDir)?.appliedRevision === cut.revision, 1000, 'the cut reported');
    expect(readWiresStatus(labDir)?.wires.map((l) => [l.from, l.state])).toEqual([['backup', 'cut'], ['master', 'open']]);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    await wishWires(labDir, 'heal', () => [0], { cut: false });
    await until(() => readWiresStatus(labDir)?.wires[0]?.state === 'open', 1000, 'the heal reported');
    await wishWires(labDir, 'delay', () => [0], { latencyMs: 80 });
    await until(() => readWiresStatus(labDir)?.wires[0]?.latencyMs === 80, 1000, 'the delay reported');
    const again = await connect(port);
    const t1 = performance.now();
    again.socket.write('slow');
    await again.waitFor(4, 3000);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(160);
  });

  it('runs once per lab: a second process is refused with who runs', async () => {
    await declareWires(labDir, [
      { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
      { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
    ]);
    await startLoop();
    await expect(runRelayProcess(labDir)).rejects.toThrow(`already runs (pid ${process.pid})`);
  });

  it('stops on the stop file, closing every wire and reporting it, and leaves no handle', async () => {
    const before = handleCounts();
    await declareWires(labDir, [
      { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
      { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
    ]);
    const s = await startLoop();
    const client = await connect(portOf(s, 'master'));
    requestWiresStop(labDir);
    const final = await stopped!;
    stopped = null;
    expect(final.state).toBe('stopped');
    expect(final.wires.map((l) => l.state)).toEqual(['closed', 'closed']);
    expect(readWiresStatus(labDir)?.state).toBe('stopped');
    expect(await client.closed).toBe('ECONNRESET');
    expect(await tryConnect(portOf(s, 'master'))).toBe('ECONNREFUSED');
    expect(fs.existsSync(path.join(labDir, 'run', 'links.stop'))).toBe(false);
    expect(fs.existsSync(path.join(labDir, 'run', 'links.pid'))).toBe(false);
    await until(() => echo.open() === 0, 1000, 'the target side dropped');
    await until(() => JSON.stringify(handleCounts()) === JSON.stringify(before), 2000, 'no socket or server left');
  });

  it('keeps relaying as it was when run/links.json is spoiled by hand, and says why', async () => {
    await declareWires(labDir, [
      { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
      { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
    ]);
    const s = await startLoop();
    fs.writeFileSync(path.join(labDir, 'run', 'links.json'), '{"wires": [');
    await until(() => /is not JSON/.test(readWiresStatus(labDir)?.lastError ?? ''), 2000, 'the error reported');
    const client = await connect(portOf(s, 'backup'));
    client.socket.write('still');
    await client.waitFor(5);
  });

  it('ends by itself when the lab is moved aside (reset), without writing the lab back', async () => {
    await declareWires(labDir, [
      { from: 'backup', to: 'master', listenPort: 0, targetPort: echo.port },
      { from: 'master', to: 'backup', listenPort: 0, targetPort: echo.port },
    ]);
    const s = await startLoop();
    const aside = `${labDir}.aside`;
    fs.renameSync(labDir, aside);
    try {
      const final = await bounded(stopped!, 2000, 'the loop ending');
      stopped = null;
      expect(final.state).toBe('stopped');
      expect(await tryConnect(portOf(s, 'backup'))).toBe('ECONNREFUSED');
      expect(fs.existsSync(labDir)).toBe(false);
    } finally {
      // A failing run may have written the lab back: the one moved aside is the real one.
      fs.rmSync(labDir, { recursive: true, force: true });
      fs.renameSync(aside, labDir);
    }
  });
});

// The pinger's target, served by the same loop: each broker's path answers 200 until the lab cuts
// that broker off its network, then 503 (what network-check-URL-list reads as "network down").
async function status(url: string): Promise<number | string> {
  try {
    return (await fetch(url)).status;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the check target', () => {
  it('answers 200 per broker, 503 for a broker cut off, 200 after it rejoins, and is gone after the stop', async () => {
    await declareWires(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    stopped = runRelayProcess(labDir);
    await until(() => readWiresStatus(labDir)?.checkTarget?.state === 'open', 5000, 'the check target listening');
    const port = readWiresStatus(labDir)!.checkTarget!.port;
    const url = (id: string) => `http://127.0.0.1:${port}/${id}`;
    expect(await status(url('primary'))).toBe(200);
    expect(await status(url('backup'))).toBe(200);

    const cut = await wishReachable(labDir, 'cut off', ['backup'], false);
    await until(() => (readWiresStatus(labDir)?.appliedRevision ?? 0) >= cut.revision, 2000, 'the cut-off applied');
    expect(await status(url('backup'))).toBe(503);
    expect(await status(url('primary'))).toBe(200);
    expect(readWiresStatus(labDir)!.checkTarget!.unreachable).toEqual(['backup']);

    const back = await wishReachable(labDir, 'rejoin', ['backup'], true);
    await until(() => (readWiresStatus(labDir)?.appliedRevision ?? 0) >= back.revision, 2000, 'the rejoin applied');
    expect(await status(url('backup'))).toBe(200);

    requestWiresStop(labDir);
    await stopped;
    stopped = null;
    expect(await status(url('primary'))).toMatch(/fetch failed/);
  });

  it('keeps who is cut off when the wires are declared again (a broker restarted by `up`)', async () => {
    await declareWires(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    await wishReachable(labDir, 'cut off', ['backup'], false);
    const again = await declareWires(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    expect(again.checkTarget).toEqual({ port: 0, unreachable: ['backup'] });
  });
});
