// Credentials stay on the Node side: the page, `status --json` and anything that saves a snapshot
// get the lab as it is shown, never its passwords. The real Lab facade, serve mode and the CLI.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { startServe, type ServeHandle } from '../../../electron/serve/server.js';
import type { ServerMessage } from '../../../shared/contract.js';
import { shownPassword } from '../../../shared/lab-state.js';
import { fakeLabConfig, logOnlyBrokers } from './lab-fixtures.js';

const BROKER_PASSWORD = 'Br0ker-s3cret-7731';
const CLUSTER_PASSWORD = 'Clust3r-s3cret-9924';
const REPO = path.resolve(import.meta.dirname, '../../..');

let labDir: string;
let lab: Lab;

function expectNoSecret(text: string): void {
  expect(text).not.toContain(BROKER_PASSWORD);
  expect(text).not.toContain(CLUSTER_PASSWORD);
  expect(text).not.toMatch(/"(?:cluster)?[pP]assword"\s*:/);
}

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-secrets-'));
  const config = { ...fakeLabConfig(labDir, logOnlyBrokers(labDir)), password: BROKER_PASSWORD, clusterPassword: CLUSTER_PASSWORD };
  fs.writeFileSync(path.join(labDir, 'lab.json'), JSON.stringify(config, null, 2));
  lab = await createLab({ labDir, installsDir: path.join(labDir, 'installs') });
});
afterEach(async () => {
  await lab.close();
  fs.rmSync(labDir, { recursive: true, force: true });
});

describe('credentials never leave the Node side', () => {
  it('the snapshot shows the lab (version, ports, user) but neither password', async () => {
    const s = await lab.request('lab.snapshot', {});
    expect(s.config).toMatchObject({ user: 'admin', defaultPassword: false, broker: { version: '2.44.0' } });
    expect(s.config?.brokers.master!.acceptorPort).toBe(61616);
    expectNoSecret(JSON.stringify(s));
    // The console proxy still logs in, server-side.
    expect(lab.consoleLogin()).toEqual({ user: 'admin', password: BROKER_PASSWORD });
    // Commands shown to attendees mask a password that is not the lab's default.
    expect(shownPassword(s.config)).toBe('***');
  });

  it('serve mode pushes snapshots without them over the WebSocket', async () => {
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-secrets-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const served: ServeHandle = await startServe({ lab, port: 0, rendererDir });
    try {
      const login = await fetch(served.url, { redirect: 'manual' });
      const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
      const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws`, { headers: { cookie, origin: served.origin } });
      const raw: string[] = [];
      ws.on('message', (d) => raw.push(d.toString()));
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'request', id: 1, method: 'lab.snapshot', params: {} }));
      await expect.poll(() => raw.map((m) => JSON.parse(m) as ServerMessage).some((m) => m.type === 'response')).toBe(true);
      ws.close();
      expect(raw.some((m) => m.includes('"defaultPassword":false'))).toBe(true);
      for (const message of raw) expectNoSecret(message);
    } finally {
      await served.close();
    }
  });

  it('`status --json` prints no password', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'bin/amq-ha-lab.mjs'), '--lab-dir', labDir, 'status', '--json'], {
      cwd: REPO,
    });
    expect(JSON.parse(stdout)).toHaveProperty('brokers');
    expectNoSecret(stdout);
  }, 60_000);
});
