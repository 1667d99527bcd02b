// The console proxy against a stand-in for the hawtio 4 console (the real one is exercised by
// the end-to-end test): login server-side, framing allowed for our app only, Jolokia's Origin
// rule satisfied, upstream cookies kept away from the browser, a lost session re-established.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { injectHelper } from '../../electron/shell/console-page.js';
import { browserHeaders, mergeSetCookies, rewriteCsp, startConsoleProxy, type ConsoleProxy } from '../../electron/shell/console-proxy.js';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

function fakeConsole() {
  const seen: Seen[] = [];
  let sessions = new Set<string>();
  let n = 0;
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const sec = {
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'self'; frame-ancestors 'none'; script-src 'self'",
      'strict-transport-security': 'max-age=31536000',
    };
    const session = /JSESSIONID_0_1=([\w.]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (req.url === '/console/auth/login' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { username, password } = JSON.parse(body) as { username: string; password: string };
        if (username !== 'admin' || password !== 'secret') {
          res.writeHead(403, sec).end();
          return;
        }
        const id = `s${++n}`;
        sessions.add(id);
        res.writeHead(200, { ...sec, 'set-cookie': `JSESSIONID_0_1=${id}; Path=/console; HttpOnly; SameSite=Strict`, 'content-type': 'application/json' });
        res.end('{}');
      });
      return;
    }
    if (!session || !sessions.has(session)) {
      res.writeHead(req.url?.startsWith('/console/jolokia') ? 401 : 302, { ...sec, location: '/console/login' }).end();
      return;
    }
    if (req.url?.startsWith('/console/jolokia') && req.headers.origin !== `http://127.0.0.1:${port()}`) {
      res.writeHead(403, sec).end(`{"error":"java.lang.Exception : Origin ${req.headers.origin} is not allowed to call this agent","status":403}`);
      return;
    }
    if (req.url === '/console/artemis') {
      res.writeHead(200, { ...sec, 'content-type': 'text/html' }).end('<html><head><title>Artemis Console</title></head><body>console</body></html>');
      return;
    }
    res.writeHead(200, { ...sec, 'content-type': 'application/json', 'set-cookie': 'XSRF=abc; Path=/' }).end('{"value":"2.44.0"}');
  });
  const port = () => (server.address() as AddressInfo).port;
  return {
    server,
    seen,
    port,
    restart: () => {
      sessions = new Set();
    },
  };
}

function get(u: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(u, { method, headers }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('console proxy', () => {
  let upstream: ReturnType<typeof fakeConsole>;
  let proxy: ConsoleProxy;
  let up = true;
  const cookie = 'amqlab_9=tok';

  beforeEach(async () => {
    upstream = fakeConsole();
    await new Promise<void>((r) => upstream.server.listen(0, '127.0.0.1', () => r()));
    up = true;
    proxy = await startConsoleProxy({
      slot: 0,
      label: () => 'master',
      target: () => (up ? { consoleUrl: `http://127.0.0.1:${upstream.port()}/console`, user: 'admin', password: 'secret' } : null),
      token: 'tok',
      cookieName: 'amqlab_9',
      frameAncestors: ['http://127.0.0.1:9'],
      port: 0,
    });
  });
  afterEach(async () => {
    await proxy.close();
    upstream.server.closeAllConnections();
    await new Promise((r) => upstream.server.close(r));
  });

  it('shows the console already logged in, frameable only by the app, with our helper injected', async () => {
    const page = await get(`${proxy.origin}/console/artemis`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('console');
    expect(page.body).toContain('/__lab/console-helper.js');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['strict-transport-security']).toBeUndefined();
    expect(page.headers['content-security-policy']).toBe("default-src 'self'; script-src 'self'; frame-ancestors http://127.0.0.1:9");
    expect(page.headers['set-cookie']).toBeUndefined();
    const login = upstream.seen.find((s) => s.path === '/console/auth/login');
    expect(login?.headers.origin).toBe(`http://127.0.0.1:${upstream.port()}`);
    const helper = await get(`${proxy.origin}/__lab/console-helper.js`, { cookie });
    expect(helper.body).toContain('Message Count');
  });

  it('presents the console its own origin, so Jolokia accepts the call', async () => {
    const res = await get(`${proxy.origin}/console/jolokia/version`, { cookie, origin: proxy.origin, referer: `${proxy.origin}/console/artemis` }, 'POST', '{}');
    expect(res.status).toBe(200);
    const call = upstream.seen.findLast((s) => s.path === '/console/jolokia/version')!;
    expect(call.headers.origin).toBe(`http://127.0.0.1:${upstream.port()}`);
    expect(call.headers.host).toBe(`127.0.0.1:${upstream.port()}`);
    expect(call.headers.referer).toBe(`http://127.0.0.1:${upstream.port()}/console/artemis`);
    expect(call.headers.cookie).not.toContain('amqlab_9');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('learns which loopback name Jolokia accepts when the lab calls the console "localhost"', async () => {
    await proxy.close();
    proxy = await startConsoleProxy({
      slot: 0,
      label: () => 'master',
      target: () => ({ consoleUrl: `http://localhost:${upstream.port()}/console`, user: 'admin', password: 'secret' }),
      token: 'tok',
      cookieName: 'amqlab_9',
      frameAncestors: ['http://127.0.0.1:9'],
      port: 0,
    });
    const first = await get(`${proxy.origin}/console/jolokia/read`, { cookie, origin: proxy.origin }, 'POST', '{}');
    expect(first.status).toBe(200);
    const before = upstream.seen.length;
    expect((await get(`${proxy.origin}/console/jolokia/read`, { cookie, origin: proxy.origin }, 'POST', '{}')).status).toBe(200);
    // Remembered: the second call needs no refused attempt first.
    expect(upstream.seen.length - before).toBe(1);
    expect(upstream.seen.at(-1)!.headers.origin).toBe(`http://127.0.0.1:${upstream.port()}`);
  });

  it('logs in again when the broker restarted and forgot the session', async () => {
    expect((await get(`${proxy.origin}/console/jolokia/version`, { cookie })).status).toBe(200);
    upstream.restart();
    expect((await get(`${proxy.origin}/console/jolokia/version`, { cookie })).status).toBe(200);
    expect(upstream.seen.filter((s) => s.path === '/console/auth/login')).toHaveLength(2);
  });

  it('refuses requests without the token, from a foreign origin, or to a foreign host', async () => {
    expect((await get(`${proxy.origin}/console/artemis`)).status).toBe(401);
    expect((await get(`${proxy.origin}/console/artemis`, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`${proxy.origin}/console/artemis`, { cookie, host: `evil.example:${proxy.port}` })).status).toBe(403);
    expect(upstream.seen.filter((s) => s.path === '/console/artemis')).toHaveLength(0);
  });

  it('says the broker is not there when the lab has none, instead of an error page', async () => {
    up = false;
    const res = await get(`${proxy.origin}/console/artemis`, { cookie });
    expect(res.status).toBe(503);
    expect(res.body).toContain('not reachable');
  });
});

describe('console proxy rewrites', () => {
  it('keeps every CSP directive but frame-ancestors', () => {
    expect(rewriteCsp("default-src 'self'; frame-ancestors 'none'", ['app://lab'])).toBe("default-src 'self'; frame-ancestors app://lab");
  });
  it('points redirects back at the proxy', () => {
    const h = browserHeaders({ location: 'http://127.0.0.1:8161/console/login' }, new URL('http://127.0.0.1:8161/console'), 'http://127.0.0.1:5', ['x']);
    expect(h.location).toBe('http://127.0.0.1:5/console/login');
  });
  it('keeps a cookie jar, forgetting expired cookies', () => {
    const jar = new Map<string, string>();
    mergeSetCookies(jar, ['A=1; Path=/', 'B=2']);
    mergeSetCookies(jar, ['A=; Max-Age=0']);
    expect([...jar]).toEqual([['B', '2']]);
  });
  it('injects the helper into the head', () => {
    expect(injectHelper('<html><head></head></html>')).toContain('<script defer src="/__lab/console-helper.js"></script></head>');
  });
});
