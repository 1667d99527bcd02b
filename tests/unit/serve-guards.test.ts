// Serve mode's guards and wire, on real loopback sockets with an in-memory lab (no brokers).
import http from 'node:http';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { checkRequest, parseCookies, tokenCookieName } from '../../electron/shell/guards.js';
import { startServe, type ServeHandle } from '../../electron/serve/server.js';
import type { ServerMessage } from '../../shared/contract.js';
import { createFakeLab, type FakeLab } from './fake-lab.js';

const opts = { token: 'secret-token', port: 4000, allowedOrigins: ['http://127.0.0.1:4000'], cookieName: 'amqlab_4000' };
const url = (p: string) => new URL(p, 'http://127.0.0.1:4000');

describe('checkRequest', () => {
  it('refuses a request without the token', () => {
    expect(checkRequest({ host: '127.0.0.1:4000' }, url('/'), opts)).toMatchObject({ ok: false, status: 401 });
  });
  it('accepts the token from the URL, the cookie or the header', () => {
    expect(checkRequest({ host: '127.0.0.1:4000' }, url('/?token=secret-token'), opts)).toEqual({ ok: true, via: 'query' });
    expect(checkRequest({ host: 'localhost:4000', cookie: 'a=b; amqlab_4000=secret-token' }, url('/x.js'), opts)).toEqual({ ok: true, via: 'cookie' });
    expect(checkRequest({ host: '127.0.0.1:4000', 'x-lab-token': 'secret-token' }, url('/'), opts)).toEqual({ ok: true, via: 'header' });
  });
  it('refuses a wrong token, even with a right cookie beside it', () => {
    expect(checkRequest({ host: '127.0.0.1:4000', cookie: 'amqlab_4000=secret-token' }, url('/?token=nope'), opts)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest({ host: '127.0.0.1:4000', cookie: 'amqlab_4000=secret-tokex' }, url('/'), opts)).toMatchObject({ ok: false, status: 401 });
  });
  it('refuses foreign Hosts (DNS rebinding) and Origins before looking at the token', () => {
    const good = { cookie: 'amqlab_4000=secret-token' };
    expect(checkRequest({ ...good, host: 'evil.example:4000' }, url('/'), opts)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, host: '127.0.0.1:4001' }, url('/'), opts)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good }, url('/'), opts)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, host: '127.0.0.1:4000', origin: 'http://evil.example' }, url('/'), opts)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, host: '127.0.0.1:4000', origin: 'http://127.0.0.1:40000' }, url('/'), opts)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }, url('/'), opts)).toEqual({ ok: true, via: 'cookie' });
  });
  it('parses cookies and names them per port', () => {
    expect(parseCookies('a=1; b = 2;c=x=y').get('c')).toBe('x=y');
    expect(tokenCookieName(8787)).not.toBe(tokenCookieName(8788));
  });
});

function request(u: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(u, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('startServe', () => {
  let lab: FakeLab;
  let served: ServeHandle;
  let rendererDir: string;
  let cookie: string;

  beforeEach(async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'c-unit-renderer-'));
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    lab = createFakeLab();
    served = await startServe({ lab, port: 0, rendererDir });
    const first = await request(served.url);
    cookie = String(first.headers['set-cookie']).split(';')[0]!;
  });
  afterEach(async () => {
    await served.close();
  });

  it('trades the URL token for an HttpOnly cookie and takes it out of the address bar', async () => {
    const first = await request(served.url);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request(`${served.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="root"');
    expect(page.headers['content-security-policy']).toContain(`frame-src ${served.consoles.origins()[0]}`);
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('serves nothing without the token, assets included, and nothing outside the renderer', async () => {
    expect((await request(`${served.origin}/`)).status).toBe(401);
    expect((await request(`${served.origin}/assets/app.js`)).status).toBe(401);
    expect((await request(`${served.origin}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await request(`${served.origin}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status).toBe(404);
  });

  it('answers contract requests over the WebSocket and pushes whole snapshots', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws`, { headers: { cookie, origin: served.origin } });
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as ServerMessage));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'request', id: 7, method: 'doctor.run', params: {} }));
    ws.send(JSON.stringify({ type: 'request', id: 8, method: 'broker.stop', params: { broker: '../nobody' } }));
    ws.send(JSON.stringify({ type: 'request', id: 9, method: 'fs.delete', params: {} }));
    await expect.poll(() => messages.filter((m) => m.type === 'response').length).toBe(3);
    const byId = (id: number) => messages.find((m) => m.type === 'response' && m.id === id) as Extract<ServerMessage, { type: 'response' }>;
    expect(byId(7).response.ok).toBe(true);
    expect(byId(8).response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(byId(9).response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(lab.calls.map((c) => c.method)).toEqual(['doctor.run']);
    const snapshots = messages.filter((m) => m.type === 'snapshot');
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect((snapshots.at(-1) as Extract<ServerMessage, { type: 'snapshot' }>).snapshot.doctor?.length).toBeGreaterThan(0);
    ws.close();
  });

  it('refuses a WebSocket without the token or from a foreign origin', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws`, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    expect(await attempt({ origin: served.origin })).toBe(401);
    expect(await attempt({ origin: 'http://evil.example', cookie })).toBe(403);
    expect(await attempt({ origin: served.origin, cookie })).toBe(101);
  });

  it('takes a zip upload only under a plain .zip name, and hands it to broker.import', async () => {
    const bad = await request(`${served.origin}/api/upload?name=..%2Fevil.zip`, { method: 'POST', headers: { cookie, origin: served.origin }, body: 'PK' });
    expect(bad.status).toBe(400);
    const ok = await request(`${served.origin}/api/upload?name=apache-artemis-2.44.0-bin.zip`, { method: 'POST', headers: { cookie, origin: served.origin }, body: 'PK' });
    expect(ok.status).toBe(200);
    const call = lab.calls.find((c) => c.method === 'broker.import');
    const uploaded = (call?.params as { path: string }).path;
    expect(uploaded).toMatch(/apache-artemis-2\.44\.0-bin\.zip$/);
    // What the lab imported is a copy in installs/: the upload's temp dir is gone, not left in the OS's temp.
    expect(existsSync(path.dirname(uploaded))).toBe(false);
  });
});
