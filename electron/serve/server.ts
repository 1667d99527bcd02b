// Serve mode: the app for a browser, on 127.0.0.1 only. One http server hands out the built
// renderer and carries the lab contract over a WebSocket (requests in, whole snapshots out);
// the next loopback ports re-serve the broker consoles (../shell/console-proxies.ts). Everything sits behind
// the token and Host/Origin guards in guards.ts. The lab itself is reached only through its
// LabService: this file never reaches further into electron/lab/.
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LabService } from '../../shared/contract.js';
import { appCsp, MIME } from '../shell/app-page.js';
import { shellInfoOf, startConsoleProxies, type ConsoleProxies } from '../shell/console-proxies.js';
import { checkRequest, newToken, tokenCookie, tokenCookieName, withoutToken } from '../shell/guards.js';
import { handleClientMessage } from './ws-protocol.js';

export interface ServeOptions {
  lab: LabService;
  /** 0 picks any free port; the console proxies then take any free ports too. */
  port: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  token?: string;
}

export interface ServeHandle {
  port: number;
  origin: string;
  token: string;
  /** The URL to open: origin plus the token. */
  url: string;
  consoles: ConsoleProxies;
  close(): Promise<void>;
}

const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export async function startServe(opts: ServeOptions): Promise<ServeHandle> {
  const token = opts.token ?? newToken();
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const appOrigins = [origin, `http://localhost:${port}`];
  const cookieName = tokenCookieName(port);

  const consoles = await startConsoleProxies({ lab: opts.lab, token, cookieName, frameAncestors: appOrigins, basePort: opts.port === 0 ? 0 : port + 1 });
  const consoleOrigins = consoles.proxies.flatMap((p) => [p.origin, `http://localhost:${p.port}`]);
  const shellInfo = shellInfoOf('serve', consoles, '/api/upload');

  const guard = (req: http.IncomingMessage) => {
    const url = new URL(req.url ?? '/', origin);
    return { url, verdict: checkRequest(req.headers, url, { token, port, allowedOrigins: appOrigins, cookieName }) };
  };

  const securityHeaders = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };

  async function serveStatic(url: URL, res: http.ServerResponse): Promise<void> {
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const root = path.resolve(opts.rendererDir);
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      const isHtml = file.endsWith('.html');
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': isHtml ? 'no-store' : 'public, max-age=3600',
        ...securityHeaders,
        ...(isHtml ? { 'content-security-policy': appCsp(consoleOrigins) } : {}),
      });
      res.end(body);
    } catch {
      if (rel === 'index.html') {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The app is not built: run \`npm run build\` (looked in ${root}).`);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      }
    }
  }

  async function upload(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const name = url.searchParams.get('name') ?? '';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...securityHeaders });
      res.end(JSON.stringify(body));
    };
    // A bare file name ending in .zip: the lab validates the content, we only refuse paths.
    if (!/^[\w.+-]{1,200}\.zip$/i.test(name) || name.startsWith('.')) {
      json(400, { ok: false, error: { code: 'BAD_REQUEST', message: 'Upload a .zip file with a plain file name.', hint: null } });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES) {
      json(413, { ok: false, error: { code: 'BAD_REQUEST', message: 'That file is larger than any broker zip.', hint: null } });
      return;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'amq-ha-lab-upload-'));
    let response: Awaited<ReturnType<LabService['answer']>>;
    try {
      const file = path.join(dir, name);
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('too large'));
      });
      await pipeline(req, createWriteStream(file));
      response = await opts.lab.answer('broker.import', { path: file });
    } finally {
      // broker.import copied what it kept into installs/: the upload itself (a whole broker zip) goes.
      await rm(dir, { recursive: true, force: true });
    }
    json(response.ok ? 200 : 422, response);
  }

  server.on('request', (req, res) => {
    const { url, verdict } = guard(req);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end(verdict.reason);
      return;
    }
    if (verdict.via === 'query') {
      res.writeHead(302, { location: withoutToken(url), 'set-cookie': tokenCookie(cookieName, token), ...securityHeaders });
      res.end();
      return;
    }
    const done = (error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error instanceof Error ? error.message : String(error));
    };
    if (url.pathname === '/api/shell' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...securityHeaders });
      res.end(JSON.stringify(shellInfo));
    } else if (url.pathname === '/api/upload' && req.method === 'POST') {
      upload(req, url, res).catch(done);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(url, res).catch(done);
    } else {
      res.writeHead(405, securityHeaders).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const { url, verdict } = guard(req);
    // Browsers always send Origin on a WebSocket; a missing one is not a browser we served.
    const refuse = !verdict.ok || url.pathname !== '/ws' || req.headers.origin === undefined;
    if (refuse) {
      const status = !verdict.ok ? verdict.status : 403;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      void handleClientMessage(opts.lab, data.toString()).then((reply) => {
        if (reply && ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      });
    });
    ws.send(JSON.stringify({ type: 'snapshot', snapshot: opts.lab.snapshot() }));
  });

  const unsubscribe = opts.lab.onSnapshot((snapshot) => {
    const message = JSON.stringify({ type: 'snapshot', snapshot });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    consoles,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await consoles.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
