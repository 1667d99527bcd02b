// The checks every serve-mode request passes before anything else runs: the random token (the
// URL we print carries it; a cookie keeps it after the first load) and the Host/Origin guard
// that defeats DNS rebinding (a page on evil.example resolving to 127.0.0.1 still sends
// `Host: evil.example`). Pure functions over headers, so they are unit-tested without sockets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_QUERY = 'token';
export const TOKEN_HEADER = 'x-lab-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** One cookie name per serve port, so two labs served side by side keep their own tokens. */
export function tokenCookieName(servePort: number): string {
  return `amqlab_${servePort}`;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** The hosts a loopback server on `port` answers to: exactly these, nothing else. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export type GuardVerdict =
  | { ok: true; via: 'cookie' | 'query' | 'header' }
  | { ok: false; status: 401 | 403; reason: string };

export interface GuardOptions {
  token: string;
  /** The port this server listens on (Host must name it). */
  port: number;
  /** Origins allowed to send requests with an Origin header (the app page, the console itself). */
  allowedOrigins: string[];
  /** Cookie carrying the token (the main server's cookie: ports of one host share cookies). */
  cookieName: string;
}

/** Decides whether a request may go on. Host and Origin first: a foreign page gets nothing. */
export function checkRequest(
  headers: IncomingHttpHeaders,
  url: URL,
  opts: GuardOptions,
): GuardVerdict {
  const host = headers.host;
  if (!host || !allowedHosts(opts.port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host ${host ?? '(none)'} is not this loopback server` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !opts.allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: `Origin ${origin} is not allowed` };
  }
  const fromQuery = url.searchParams.get(TOKEN_QUERY);
  if (fromQuery !== null) {
    return sameToken(fromQuery, opts.token)
      ? { ok: true, via: 'query' }
      : { ok: false, status: 401, reason: 'Wrong token' };
  }
  const header = headers[TOKEN_HEADER];
  if (typeof header === 'string') {
    return sameToken(header, opts.token) ? { ok: true, via: 'header' } : { ok: false, status: 401, reason: 'Wrong token' };
  }
  const cookie = parseCookies(headers.cookie).get(opts.cookieName);
  if (cookie && sameToken(cookie, opts.token)) return { ok: true, via: 'cookie' };
  return {
    ok: false,
    status: 401,
    reason: 'This lab needs its token: open the URL that `amq-ha-lab serve` printed.',
  };
}

/** The cookie set after a first load with the token in the URL. */
export function tokenCookie(name: string, token: string): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The URL without the token, where a first load is redirected so the token leaves the address bar. */
export function withoutToken(url: URL): string {
  const copy = new URL(url.href);
  copy.searchParams.delete(TOKEN_QUERY);
  return copy.pathname + copy.search;
}
