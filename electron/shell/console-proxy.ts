// A broker's web console, re-served on its own loopback port so the app can show it in an iframe,
// already logged in. Plain Node: serve mode and Electron main both use it, so both shells embed the
// consoles the same way.
//
// Why each rewrite exists (measured on Artemis 2.44.0, hawtio 4):
// - the console sends `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`: we drop the first
//   and narrow the second to the app's own origin, so only our page can frame it;
// - Jolokia's strict CORS check (etc/jolokia-access.xml, generated from --http-host) refuses any
//   Origin but the console's own: we present the upstream origin in Origin and Referer. Which
//   loopback name the broker was created with (127.0.0.1 or localhost) is learnt: a 403 naming
//   the Origin switches to the other name once, and the proxy remembers it;
// - login is a JSON POST to /console/auth/login answered by a session cookie. The proxy logs in
//   itself and keeps that session server-side (Set-Cookie never reaches the browser), so the
//   two consoles on 127.0.0.1 cannot collide and the attendee never types a password. When a
//   broker restarts (failover, failback) its sessions die; the proxy logs in again and retries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONSOLE_HELPER_JS, HELPER_PATH, injectHelper, unavailablePage } from './console-page.js';
import { checkRequest, tokenCookie, withoutToken, TOKEN_HEADER } from './guards.js';

export interface ConsoleTarget {
  /** The console's own URL, e.g. http://127.0.0.1:8161/console */
  consoleUrl: string;
  user: string;
  password: string;
}

export interface ConsoleProxyOptions {
  /** The broker's place in the lab's topology: the proxy serves whichever broker sits there now. */
  slot: number;
  /** Its name for a page saying it is not reachable ("the backup"), asked each time: a lab switch renames it. */
  label: () => string;
  /** Where the console is now; null while the lab has no such broker. */
  target: () => ConsoleTarget | null;
  token: string;
  cookieName: string;
  /** Origins allowed to frame the console (the app page). */
  frameAncestors: string[];
  /** 0 picks any free port. */
  port: number;
}

export interface ConsoleProxy {
  slot: number;
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'accept-encoding',
  'content-length',
  TOKEN_HEADER,
]);

interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(upstream: URL, method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer | null): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: upstream.hostname, port: upstream.port, method, path, headers, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('console did not answer in 30 s')));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

function readBody(req: http.IncomingMessage, limit = 8 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The cookie pairs from Set-Cookie headers (name=value), merged into a jar. */
export function mergeSetCookies(jar: Map<string, string>, setCookie: string[] | undefined): void {
  for (const line of setCookie ?? []) {
    const pair = line.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** The console's origin under both loopback names, the given one first. */
export function loopbackOrigins(consoleUrl: string): string[] {
  const u = new URL(consoleUrl);
  const port = u.port ? `:${u.port}` : '';
  const names = ['127.0.0.1', 'localhost'];
  if (!names.includes(u.hostname)) return [u.origin];
  return [u.hostname, ...names.filter((n) => n !== u.hostname)].map((n) => `${u.protocol}//${n}${port}`);
}

const refusedOrigin = (res: { status: number; body: Buffer }) => res.status === 403 && /Origin .* is not allowed/.test(res.body.toString('utf8', 0, 400));

/** Narrows the console's CSP: frame-ancestors names our app instead of 'none'. */
export function rewriteCsp(csp: string, frameAncestors: string[]): string {
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors\b/i.test(d));
  directives.push(`frame-ancestors ${frameAncestors.join(' ')}`);
  return directives.join('; ');
}

/** Response headers for the browser: no frame ban, no HSTS on plain loopback, no upstream cookies. */
export function browserHeaders(
  upstreamHeaders: http.IncomingHttpHeaders,
  upstream: URL,
  proxyOrigin: string,
  frameAncestors: string[],
): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstreamHeaders)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (['x-frame-options', 'strict-transport-security', 'set-cookie', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(lower)) continue;
    if (lower === 'content-security-policy') {
      out[name] = rewriteCsp(Array.isArray(value) ? value.join('; ') : value, frameAncestors);
    } else if (lower === 'location' && typeof value === 'string') {
      out[name] = value.startsWith(upstream.origin) ? proxyOrigin + value.slice(upstream.origin.length) : value;
    } else out[name] = value;
  }
  if (!out['content-security-policy'] && !out['Content-Security-Policy']) {
    out['content-security-policy'] = `frame-ancestors ${frameAncestors.join(' ')}`;
  }
  return out;
}

export async function startConsoleProxy(opts: ConsoleProxyOptions): Promise<ConsoleProxy> {
  const jar = new Map<string, string>();
  let jarFor: string | null = null;
  /** The Origin the console's Jolokia accepted last (see loopbackOrigins). */
  let acceptedOrigin: string | null = null;
  let loggingIn: Promise<boolean> | null = null;
  let origin = '';
  let port = 0;

  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  async function login(target: ConsoleTarget): Promise<boolean> {
    const upstream = new URL(target.consoleUrl);
    const base = upstream.pathname.replace(/\/$/, '');
    jar.clear();
    jarFor = upstream.origin;
    const origin = acceptedOrigin && loopbackOrigins(target.consoleUrl).includes(acceptedOrigin) ? acceptedOrigin : upstream.origin;
    try {
      const res = await send(upstream, 'POST', `${base}/auth/login`, {
        host: upstream.host,
        origin,
        'content-type': 'application/json',
        accept: 'application/json',
      }, Buffer.from(JSON.stringify({ username: target.user, password: target.password })));
      const setCookie = res.headers['set-cookie'];
      mergeSetCookies(jar, setCookie);
      return res.status === 200 && jar.size > 0;
    } catch {
      return false;
    }
  }

  function ensureLogin(target: ConsoleTarget, force: boolean): Promise<boolean> {
    const upstreamOrigin = new URL(target.consoleUrl).origin;
    if (!force && jar.size > 0 && jarFor === upstreamOrigin) return Promise.resolve(true);
    loggingIn ??= login(target).finally(() => {
      loggingIn = null;
    });
    return loggingIn;
  }

  const isSessionLost = (res: UpstreamResponse, base: string) =>
    res.status === 401 ||
    (res.status === 403 && !res.body.toString('utf8', 0, 200).includes('Origin')) ||
    (res.status === 302 && typeof res.headers.location === 'string' && res.headers.location.includes(`${base}/login`));

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Console proxy error: ${error instanceof Error ? error.message : String(error)}`);
      } else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const verdict = checkRequest(req.headers, url, {
      token: opts.token,
      port,
      allowedOrigins: [origin, `http://localhost:${port}`],
      cookieName: opts.cookieName,
    });
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(verdict.reason);
      return;
    }
    if (verdict.via === 'query') {
      res.writeHead(302, { location: withoutToken(url), 'set-cookie': tokenCookie(opts.cookieName, opts.token) });
      res.end();
      return;
    }
    if (url.pathname === HELPER_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(CONSOLE_HELPER_JS);
      return;
    }
    const target = opts.target();
    const frameHeaders = { 'content-security-policy': `frame-ancestors ${opts.frameAncestors.join(' ')}` };
    if (!target) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...frameHeaders });
      res.end(unavailablePage(opts.label()));
      return;
    }
    const upstream = new URL(target.consoleUrl);
    const base = upstream.pathname.replace(/\/$/, '') || '/console';
    if (url.pathname === '/' ) {
      res.writeHead(302, { location: `${base}/${url.search}` });
      res.end();
      return;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : await readBody(req);

    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
    }
    headers.host = upstream.host;
    const candidates = loopbackOrigins(target.consoleUrl);
    const presentAs = (origin: string) => {
      if (req.headers.origin !== undefined || url.pathname.startsWith(`${base}/jolokia`)) headers.origin = origin;
      if (typeof req.headers.referer === 'string') {
        try {
          const ref = new URL(req.headers.referer);
          headers.referer = origin + ref.pathname + ref.search;
        } catch {
          delete headers.referer;
        }
      }
    };
    presentAs(acceptedOrigin && candidates.includes(acceptedOrigin) ? acceptedOrigin : candidates[0]!);
    if (body) headers['content-length'] = body.length;

    const forward = async (): Promise<UpstreamResponse> => {
      const jarCookies = cookieHeader();
      if (jarCookies) headers.cookie = jarCookies;
      else delete headers.cookie;
      return send(upstream, req.method ?? 'GET', url.pathname + url.search, headers, body);
    };

    let upstreamRes: UpstreamResponse;
    try {
      await ensureLogin(target, false);
      upstreamRes = await forward();
      if (refusedOrigin(upstreamRes) && candidates.length > 1) {
        const other = candidates.find((o) => o !== headers.origin)!;
        presentAs(other);
        const retry = await forward();
        if (!refusedOrigin(retry)) {
          acceptedOrigin = other;
          upstreamRes = retry;
        }
      } else if (upstreamRes.status < 400 && typeof headers.origin === 'string') {
        acceptedOrigin = headers.origin;
      }
      if (isSessionLost(upstreamRes, base) && !url.pathname.startsWith(`${base}/auth/`)) {
        if (await ensureLogin(target, true)) upstreamRes = await forward();
      }
    } catch {
      jar.clear();
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...frameHeaders });
      res.end(unavailablePage(opts.label()));
      return;
    }
    mergeSetCookies(jar, upstreamRes.headers['set-cookie']);

    const outHeaders = browserHeaders(upstreamRes.headers, upstream, origin, opts.frameAncestors);
    let outBody = upstreamRes.body;
    const type = String(upstreamRes.headers['content-type'] ?? '');
    if (type.includes('text/html') && !upstreamRes.headers['content-encoding']) {
      outBody = Buffer.from(injectHelper(outBody.toString('utf8')));
    }
    outHeaders['content-length'] = outBody.length;
    res.writeHead(upstreamRes.status, outHeaders);
    res.end(req.method === 'HEAD' ? undefined : outBody);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && opts.port !== 0) {
        server.listen(0, '127.0.0.1', () => resolve());
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    slot: opts.slot,
    port,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
