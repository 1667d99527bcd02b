// The browser against an AMQP peer that answers drains the way Artemis does
// (ProtonServerSenderContext.flushDrain): early while the connection is not writable, never when the
// messages used up the credit — and then, late, on the next round's credit. A real broker is in
// tests/integration/messages.test.ts; this peer makes the two answers happen every time.
import rhea from 'rhea';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browseMessages } from '../../../electron/lab/messages/messages.js';
import { listenPeer } from '../amqp-peer.js';

interface Peer {
  port: number;
  /** Drains that found the credit used up, so the peer had nothing to answer with. */
  unanswered: number;
  rounds: number;
  close(): Promise<void>;
}

const peers: Peer[] = [];
beforeEach(() => {
  // The peer's rhea says so on stderr for every settlement without an outcome, which is what a browser sends.
  const quiet = console.error;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).startsWith('unrecognised outcome')) quiet(...args);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const p of peers.splice(0)) await p.close();
});

async function artemisLikePeer(opts: { messages: number; firstRoundCutAt?: number }): Promise<Peer> {
  const container = rhea.create_container({ id: 'artemis-like' });
  container.sasl_server_mechanisms.enable_plain(() => true);
  let next = 0;
  let late = false;
  const state = { unanswered: 0, rounds: 0 };
  container.on('sender_draining', (ctx) => {
    const sender = ctx.sender;
    // The answer to the round before, arriving after this round's credit: it drains that too.
    if (late) {
      late = false;
      sender.set_drained(true);
      return;
    }
    state.rounds += 1;
    // A slow reader fills the socket; Artemis stops delivering and answers the drain at once.
    const cut = state.rounds === 1 && opts.firstRoundCutAt !== undefined ? opts.firstRoundCutAt : Infinity;
    // rhea takes credit off the link only as transfers leave, so the peer counts its own.
    let credit = sender.credit;
    let sent = 0;
    while (credit > 0 && next < opts.messages && sent < cut) {
      next += 1;
      sent += 1;
      credit -= 1;
      sender.send({ body: `m${next}`, application_properties: { runId: 'r', seq: next } });
    }
    if (credit > 0) sender.set_drained(true);
    else {
      state.unanswered += 1;
      late = true;
    }
  });
  const listening = await listenPeer(container);
  const peer: Peer = {
    port: listening.port,
    get unanswered() {
      return state.unanswered;
    },
    get rounds() {
      return state.rounds;
    },
    close: listening.close,
  };
  peers.push(peer);
  return peer;
}

const endpointOf = (peer: Peer) => ({ host: '127.0.0.1', port: peer.port, user: 'admin', password: 'admin' });

describe('browsing a queue in rounds', () => {
  it('reads every message when the broker answers the first drain early, with messages still queued', async () => {
    const peer = await artemisLikePeer({ messages: 1200, firstRoundCutAt: 300 });
    const browsed = await browseMessages(endpointOf(peer), { queue: 'q', timeoutMs: 5000 });
    expect(browsed.map((m) => m.seq)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  });

  it('never leaves the broker a drain it cannot answer, so no late answer eats a round', async () => {
    const peer = await artemisLikePeer({ messages: 1200 });
    const browsed = await browseMessages(endpointOf(peer), { queue: 'q', timeoutMs: 5000 });
    expect(browsed).toHaveLength(1200);
    expect(peer.unanswered).toBe(0);
  });

  it('ends on an empty queue after one round', async () => {
    const peer = await artemisLikePeer({ messages: 0 });
    expect(await browseMessages(endpointOf(peer), { queue: 'q', timeoutMs: 5000 })).toEqual([]);
    expect(peer.rounds).toBe(1);
  });
});
