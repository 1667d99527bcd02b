// The pinger's target as the relay process serves it: each broker's path answers 200 until the
// lab cuts that broker off its network, then 503 (what Artemis's network-check-URL-list reads as
// "network down"), and 200 again when it rejoins; the port is freed when the process stops.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinksStatusFile } from '../../../shared/link-state.js';
import { declareLinks, readLinksStatus, requestLinksStop, wishReachable } from '../../../electron/lab/network/links-file.js';
import { runRelayProcess } from '../../../electron/lab/network/relay-runner.js';
import { closeClients, startEchoServer, until, type EchoServer } from './loopback-peers.js';

let labDir: string;
let echo: EchoServer;
let stopped: Promise<LinksStatusFile> | null = null;

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-target-'));
  echo = await startEchoServer();
});

afterEach(async () => {
  if (stopped) {
    requestLinksStop(labDir);
    await stopped.catch(() => undefined);
    stopped = null;
  }
  await closeClients();
  await echo.close();
  fs.rmSync(labDir, { recursive: true, force: true });
});

async function status(url: string): Promise<number | string> {
  try {
    return (await fetch(url)).status;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the check target', () => {
  it('answers 200 per broker, 503 for a broker cut off, 200 after it rejoins, and is gone after the stop', async () => {
    await declareLinks(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    stopped = runRelayProcess(labDir);
    await until(() => readLinksStatus(labDir)?.checkTarget?.state === 'open', 5000, 'the check target listening');
    const port = readLinksStatus(labDir)!.checkTarget!.port;
    const url = (id: string) => `http://127.0.0.1:${port}/${id}`;
    expect(await status(url('primary'))).toBe(200);
    expect(await status(url('backup'))).toBe(200);

    const cut = await wishReachable(labDir, 'cut off', ['backup'], false);
    await until(() => (readLinksStatus(labDir)?.appliedRevision ?? 0) >= cut.revision, 2000, 'the cut-off applied');
    expect(await status(url('backup'))).toBe(503);
    expect(await status(url('primary'))).toBe(200);
    expect(readLinksStatus(labDir)!.checkTarget!.unreachable).toEqual(['backup']);

    const back = await wishReachable(labDir, 'rejoin', ['backup'], true);
    await until(() => (readLinksStatus(labDir)?.appliedRevision ?? 0) >= back.revision, 2000, 'the rejoin applied');
    expect(await status(url('backup'))).toBe(200);

    requestLinksStop(labDir);
    await stopped;
    stopped = null;
    expect(await status(url('primary'))).toMatch(/fetch failed/);
  });

  it('keeps who is cut off when the links are declared again (a broker restarted by `up`)', async () => {
    await declareLinks(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    await wishReachable(labDir, 'cut off', ['backup'], false);
    const again = await declareLinks(labDir, [{ from: 'backup', to: 'primary', listenPort: 0, targetPort: echo.port }], 0);
    expect(again.checkTarget).toEqual({ port: 0, unreachable: ['backup'] });
  });
});
