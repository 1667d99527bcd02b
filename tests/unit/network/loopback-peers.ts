// Plain `net` peers for the relay tests: an echo server that counts its connections, and a
// client that can wait for bytes, its close, or a refusal — every wait bounded, no sleeps.
import { createHook } from 'node:async_hooks';
import net from 'node:net';

export interface EchoServer {
  port: number;
  /** Connections the echo server holds open now. */
  open(): number;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.pipe(socket, { end: false });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    open: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Client {
  socket: net.Socket;
  received(): Buffer;
  /** Resolves once at least `bytes` have arrived in all. */
  waitFor(bytes: number, ms?: number): Promise<Buffer>;
  /** Resolves with the error code it closed with (null for a clean close). */
  closed: Promise<string | null>;
}

const clients = new Set<net.Socket>();

/** Destroys every client still open and waits for them to be gone. */
export async function closeClients(): Promise<void> {
  const open = [...clients];
  await Promise.all(open.map((s) => new Promise((resolve) => (s.destroyed && s.closed ? resolve(null) : (s.once('close', resolve), s.destroy())))));
}

export async function connect(port: number, ms = 2000): Promise<Client> {
  const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  const chunks: Buffer[] = [];
  let total = 0;
  const waiters: Array<() => void> = [];
  let code: string | null = null;
  socket.on('data', (c: Buffer) => {
    chunks.push(c);
    total += c.length;
    for (const w of waiters.splice(0)) w();
  });
  socket.on('error', (e: NodeJS.ErrnoException) => (code = e.code ?? e.message));
  const closed = new Promise<string | null>((resolve) => socket.on('close', () => {
    for (const w of waiters.splice(0)) w();
    resolve(code);
  }));
  await bounded(new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  }), ms, `connect to ${port}`);
  const received = () => Buffer.concat(chunks);
  const waitFor = (bytes: number, waitMs = 2000) =>
    bounded(
      new Promise<Buffer>((resolve, reject) => {
        const check = () => {
          if (total >= bytes) resolve(received());
          else if (socket.destroyed) reject(new Error(`closed after ${total} of ${bytes} bytes`));
          else waiters.push(check);
        };
        check();
      }),
      waitMs,
      `${bytes} bytes`,
    );
  return { socket, received, waitFor, closed };
}

/** What a connect to this port ends with: 'connected', or the error code (ECONNREFUSED). */
export async function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

export async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls a condition (every 10 ms) until it holds, bounded. */
export async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The handles this thread holds that a relay could leak: servers and sockets. Timers are counted
 * with trackTimers instead: the test runner's own come and go.
 */
export function handleCounts(): { TCPServerWrap: number; TCPSocketWrap: number } {
  const counts = { TCPServerWrap: 0, TCPSocketWrap: 0 };
  for (const kind of process.getActiveResourcesInfo()) if (kind === 'TCPServerWrap' || kind === 'TCPSocketWrap') counts[kind] += 1;
  return counts;
}

/**
 * Timers created from now on, set for `minMs` or longer, that are still pending (neither fired
 * nor cleared). The floor leaves out the tests' own 10 ms polls.
 */
export function trackTimers(minMs: number): { pending(): number; stop(): void } {
  const live = new Set<number>();
  const hook = createHook({
    init: (id, type, _trigger, resource) => {
      if (type === 'Timeout' && ((resource as { _idleTimeout?: number })._idleTimeout ?? 0) >= minMs) live.add(id);
    },
    destroy: (id) => live.delete(id),
  }).enable();
  return { pending: () => live.size, stop: () => hook.disable() };
}
