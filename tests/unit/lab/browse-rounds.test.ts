// The browser against an AMQP peer that answers drains the way Artemis does: early while its
// socket is full, never when the messages used up the credit — and then, late, on the next round's
// credit. A real broker is in tests/integration/messages.test.ts; this peer makes both answers
// happen every time.
import rhea from 'rhea';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browseMessages } from '../../../electron/lab/messages/messages.js';
import { answerDrainsLikeArtemis, listenPeer, type DrainCounts, type Listening } from '../amqp-peer.js';

const peers: Listening[] = [];
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

async function queueOf(messages: number, opts: { firstRoundCutAt?: number } = {}): Promise<{ endpoint: { host: string; port: number; user: string; password: string }; counts: DrainCounts }> {
  const container = rhea.create_container({ id: 'artemis-like' });
  container.sasl_server_mechanisms.enable_plain(() => true);
  const body = Array.from({ length: messages }, (_, i) => ({ body: `m${i + 1}`, application_properties: { runId: 'r', seq: i + 1 } }));
  const counts = answerDrainsLikeArtemis(container, () => body, opts);
  const listening = await listenPeer(container);
  peers.push(listening);
  return { endpoint: { host: '127.0.0.1', port: listening.port, user: 'admin', password: 'admin' }, counts };
}

describe('browsing a queue in rounds', () => {
  it('reads every message when the broker answers the first drain early, with messages still queued', async () => {
    const { endpoint } = await queueOf(1200, { firstRoundCutAt: 300 });
    const browsed = await browseMessages(endpoint, { queue: 'q', timeoutMs: 5000 });
    expect(browsed.map((m) => m.seq)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  });

  it('never leaves the broker a drain it cannot answer, so no late answer eats a round', async () => {
    const { endpoint, counts } = await queueOf(1200);
    const browsed = await browseMessages(endpoint, { queue: 'q', timeoutMs: 5000 });
    expect(browsed).toHaveLength(1200);
    expect(counts.unanswered).toBe(0);
  });

  it('ends on an empty queue after one round', async () => {
    const { endpoint, counts } = await queueOf(0);
    expect(await browseMessages(endpoint, { queue: 'q', timeoutMs: 5000 })).toEqual([]);
    expect(counts.rounds).toBe(1);
  });
});
