// The publisher against an AMQP peer that stands in for the hub (the real hub is in the
// integration test): only the latest state goes, one in flight; a wrong code is said once and not
// retried; a hub that comes back gets the latest state.
import rhea from 'rhea';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassroomPublisher, type PublisherStatus } from '../../../electron/classroom/publisher.js';
import { listenPeer } from '../amqp-peer.js';

interface Peer {
  port: number;
  bodies: string[];
  logins: number;
  /** Grants the attendee's link credit for `n` more messages (a peer made with `credit: 0` gives none by itself). */
  grant(n: number): void;
  close(): Promise<void>;
}

const peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
});

async function peer(opts: { code: string; credit?: number; port?: number }): Promise<Peer> {
  const container = rhea.create_container({ id: 'fake-hub' });
  let logins = 0;
  container.sasl_server_mechanisms.enable_plain((user: string, password: string) => {
    logins += 1;
    return user === 'attendee' && password === opts.code;
  });
  const bodies: string[] = [];
  const receivers: rhea.Receiver[] = [];
  container.on('message', (ctx) => bodies.push(String(ctx.message?.body)));
  container.on('receiver_open', (ctx) => receivers.push(ctx.receiver));
  const listening = await listenPeer(container, { require_sasl: true, ...(opts.port ? { port: opts.port } : {}), ...(opts.credit === 0 ? { credit_window: 0 } : {}) });
  const p: Peer = {
    port: listening.port,
    bodies,
    get logins() {
      return logins;
    },
    grant: (n) => {
      for (const r of receivers) r.add_credit(n);
    },
    close: listening.close,
  };
  peers.push(p);
  return p;
}

async function until(what: string, probe: () => boolean, boundMs = 5000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`not within ${boundMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('classroom publisher', () => {
  it('sends only the latest state: while the hub takes nothing, nothing piles up', async () => {
    const hub = await peer({ code: 'AAA-BBB', credit: 0 });
    const publisher = new ClassroomPublisher({ address: { host: '127.0.0.1', port: hub.port, pin: null }, code: 'AAA-BBB', rowKey: 'k'.repeat(32) });
    publisher.start();
    await until('connected', () => publisher.current().state === 'connected');
    for (let i = 1; i <= 5; i++) publisher.publish(`state ${i}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.bodies).toEqual([]);
    hub.grant(10);
    expect(await publisher.flush(2000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.bodies).toEqual(['state 5']);
    publisher.publish('state 6');
    await until('the next state', () => hub.bodies.length === 2);
    expect(hub.bodies).toEqual(['state 5', 'state 6']);
    publisher.close();
  });

  it('says a wrong code once and does not retry it', async () => {
    const hub = await peer({ code: 'AAA-BBB' });
    let refused = 0;
    const publisher = new ClassroomPublisher({ address: { host: '127.0.0.1', port: hub.port, pin: null }, code: 'WRONG', rowKey: 'k'.repeat(32) });
    publisher.onRefused = () => (refused += 1);
    publisher.start();
    await until('refused', () => publisher.current().state === 'refused');
    expect(publisher.current().reason).toBe('the hub refused the join code');
    await new Promise((r) => setTimeout(r, 600));
    expect({ refused, logins: hub.logins }).toEqual({ refused: 1, logins: 1 });
    publisher.close();
  });

  it('keeps the latest state while the hub is away and sends it when the hub is back', async () => {
    const first = await peer({ code: 'AAA-BBB' });
    const port = first.port;
    const publisher = new ClassroomPublisher({ address: { host: '127.0.0.1', port, pin: null }, code: 'AAA-BBB', rowKey: 'k'.repeat(32) });
    publisher.start();
    publisher.publish('before');
    await until('before', () => first.bodies.includes('before'));
    await first.close();
    peers.splice(peers.indexOf(first), 1);
    await until('reconnecting', () => publisher.current().state === 'reconnecting');
    publisher.publish('while away 1');
    publisher.publish('while away 2');
    const again = await peer({ code: 'AAA-BBB', port });
    await until('the latest state after the hub came back', () => again.bodies.length > 0, 10_000);
    expect(again.bodies).toEqual(['while away 2']);
    publisher.close();
  });
});
