// The wire's relay on real loopback sockets: what a broker at either end would notice.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WireRelay } from '../../../electron/lab/network/wire-relay.js';
import { closeClients, connect, handleCounts, startEchoServer, trackTimers, tryConnect, until, type EchoServer } from './loopback-peers.js';

let echo: EchoServer;
let relay: WireRelay;

beforeEach(async () => {
  echo = await startEchoServer();
  relay = new WireRelay({ listenPort: 0, targetPort: echo.port });
  await relay.heal();
});

afterEach(async () => {
  await relay.close();
  await echo.close();
  // Every client of the test gone, so the next test's handle count starts from nothing of ours.
  await closeClients();
  // Node lists a closed handle for a moment after its close callback: let it go before the next test counts.
  await until(() => sameCounts(handleCounts(), { TCPServerWrap: 0, TCPSocketWrap: 0 }), 2000, 'every handle of the test gone');
});

function sameCounts(a: ReturnType<typeof handleCounts>, b: ReturnType<typeof handleCounts>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Time for `text` to go through the relay to the echo server and back. */
async function roundTrip(client: Awaited<ReturnType<typeof connect>>, text: string): Promise<number> {
  const before = client.received().length;
  const t0 = performance.now();
  client.socket.write(text);
  await client.waitFor(before + text.length, 5000);
  return performance.now() - t0;
}

describe('WireRelay', () => {
  it('relays bytes both ways, counts them, and passes an end of stream on', async () => {
    const port = relay.status().listenPort;
    expect(port).toBeGreaterThan(0);
    const client = await connect(port);
    const payload = crypto.randomBytes(256 * 1024);
    client.socket.write(payload);
    const back = await client.waitFor(payload.length, 5000);
    expect(back.equals(payload)).toBe(true);
    expect(relay.status()).toMatchObject({ state: 'open', connections: 1, accepted: 1, bytesToTarget: payload.length, bytesFromTarget: payload.length });
    expect(echo.open()).toBe(1);
    // A FIN from the client reaches the server, whose FIN comes back: a clean close at both ends.
    client.socket.end();
    expect(await client.closed).toBeNull();
    await until(() => relay.status().connections === 0 && echo.open() === 0, 2000, 'pair forgotten after a clean close');
  });

  it('refuses at once when its target refuses, and says why', async () => {
    const deadEnd = new WireRelay({ listenPort: 0, targetPort: echo.port });
    await deadEnd.heal();
    await echo.close();
    try {
      const client = await connect(deadEnd.status().listenPort);
      expect(await client.closed).toBe('ECONNRESET');
      expect(deadEnd.status().lastError).toMatch(/ECONNREFUSED/);
      expect(deadEnd.status().connections).toBe(0);
    } finally {
      await deadEnd.close();
      echo = await startEchoServer();
    }
  });

  it('cut resets every open connection at once and refuses new ones; heal lets them in on the same port', async () => {
    const port = relay.status().listenPort;
    const clients = await Promise.all([connect(port), connect(port), connect(port)]);
    for (const c of clients) await roundTrip(c, 'hello');
    await until(() => echo.open() === 3, 2000, 'three connections at the echo server');

    const t0 = performance.now();
    await relay.cut();
    // Both ends of every pair see a reset, not a polite end: the broker's "connection failed".
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
    await until(() => echo.open() === 0, 1000, 'the target side dropped too');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(relay.status()).toMatchObject({ state: 'cut', connections: 0, cuts: 1 });
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    await relay.heal();
    expect(relay.status()).toMatchObject({ state: 'open', listenPort: port });
    const again = await connect(port);
    expect((await roundTrip(again, 'back')) >= 0).toBe(true);
    expect(again.received().toString()).toBe('back');
    expect(relay.status()).toMatchObject({ connections: 1, accepted: 4, cuts: 1 });
  });

  it('adds its latency to each direction of a round trip and keeps the order while it changes', async () => {
    const client = await connect(relay.status().listenPort);
    const plain = await roundTrip(client, 'x');
    relay.setLatency(100);
    const slowed = await roundTrip(client, 'y');
    expect(slowed).toBeGreaterThanOrEqual(200);
    expect(plain).toBeLessThan(100);
    expect(relay.status().latencyMs).toBe(100);

    // Numbered lines sent while the latency falls from 100 ms to none: they must come back in order.
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i}\n`);
    const start = client.received().length;
    for (const [i, line] of lines.entries()) {
      if (i === 20) relay.setLatency(30);
      if (i === 40) relay.setLatency(0);
      client.socket.write(line);
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    const expected = lines.join('');
    const back = await client.waitFor(start + expected.length, 5000);
    expect(back.subarray(start).toString()).toBe(expected);
  });

  it('carries a bulk transfer larger than what its latency may hold, whole and in order', async () => {
    relay.setLatency(20);
    const client = await connect(relay.status().listenPort);
    // 6 MiB against the 1 MiB it holds back per direction: reading pauses and resumes many times.
    const payload = crypto.randomBytes(6 * 1024 * 1024);
    client.socket.write(payload);
    const back = await client.waitFor(payload.length, 30_000);
    expect(back.equals(payload)).toBe(true);
    expect(relay.status()).toMatchObject({ bytesToTarget: payload.length, bytesFromTarget: payload.length });
  });

  it('rejects a latency that is not a whole number of ms', () => {
    expect(() => relay.setLatency(-1)).toThrow(/whole number of ms/);
    expect(() => relay.setLatency(1.5)).toThrow(/whole number of ms/);
    expect(relay.status().latencyMs).toBe(0);
  });

  it('says which port is taken when it cannot listen', async () => {
    const twin = new WireRelay({ listenPort: relay.status().listenPort, targetPort: echo.port });
    await expect(twin.heal()).rejects.toThrow(/port \d+ is taken/);
    expect(twin.status()).toMatchObject({ state: 'failed' });
    expect(twin.status().lastError).toMatch(/EADDRINUSE/);
    await twin.close();
  });

  it('leaves nothing behind after 200 connections opened and closed', async () => {
    const before = handleCounts();
    const port = relay.status().listenPort;
    for (let batch = 0; batch < 4; batch++) {
      const clients = await Promise.all(Array.from({ length: 50 }, () => connect(port, 5000)));
      await Promise.all(clients.map((c) => roundTrip(c, 'ping')));
      // Half close cleanly, half vanish abruptly: both must be forgotten.
      for (const [i, c] of clients.entries()) {
        if (i % 2 === 0) c.socket.end();
        else c.socket.destroy();
      }
      await Promise.all(clients.map((c) => c.closed));
    }
    await until(() => relay.status().connections === 0 && echo.open() === 0, 5000, 'every pair forgotten');
    expect(relay.status()).toMatchObject({ accepted: 200, connections: 0, bytesToTarget: 800, bytesFromTarget: 800 });
    await until(() => sameCounts(handleCounts(), before), 2000, `no socket or server left (before ${JSON.stringify(before)}, now ${JSON.stringify(handleCounts())})`);
  });

  it('close leaves no server, socket or timer, even with connections open and bytes held back', async () => {
    const before = handleCounts();
    const busy = new WireRelay({ listenPort: 0, targetPort: echo.port, latencyMs: 1000 });
    await busy.heal();
    const clients = await Promise.all([connect(busy.status().listenPort), connect(busy.status().listenPort)]);
    await until(() => echo.open() === 2, 2000, 'both pairs connected');
    const timers = trackTimers(500);
    for (const c of clients) c.socket.write('held back by the latency');
    await until(() => timers.pending() === 2, 900, "one timer per pair's held bytes");
    expect(handleCounts().TCPServerWrap).toBe(before.TCPServerWrap + 1);

    await busy.close();
    // Node reports a cleared timer's end on a later turn; a leaked one would stay pending for its whole second.
    await until(() => timers.pending() === 0, 200, 'no timer left');
    timers.stop();
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual(['ECONNRESET', 'ECONNRESET']);
    await until(() => echo.open() === 0, 1000, 'the target side dropped');
    expect(busy.status()).toMatchObject({ state: 'closed', connections: 0 });
    await until(() => sameCounts(handleCounts(), before), 2000, `no socket or server left (before ${JSON.stringify(before)}, now ${JSON.stringify(handleCounts())})`);
    await expect(busy.heal()).rejects.toThrow(/closed/);
  });
});
