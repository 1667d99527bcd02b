// An AMQP peer on a free loopback port, for unit tests that stand a rhea container in for a broker.
import net from 'node:net';
import type rhea from 'rhea';

export interface Listening {
  port: number;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** rhea's listen takes connection options too (require_sasl, credit_window); its types do not say so. */
export async function listenPeer(container: rhea.Container, options: Record<string, unknown> = {}): Promise<Listening> {
  const listenOptions = { port: 0, host: '127.0.0.1', ...options };
  const server = container.listen(listenOptions as unknown as Parameters<rhea.Container['listen']>[0]) as unknown as net.Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface DrainCounts {
  /** Drain requests answered, early or not. */
  rounds: number;
  /** Drains that found the credit used up, so the peer had nothing to answer with. */
  unanswered: number;
}

/**
 * Serves each attaching receiver the messages `messagesFor(address)` gives, answering its drains
 * the way Artemis does (ProtonServerSenderContext.flushDrain): early, messages still queued, in the
 * first round when `firstRoundCutAt` says so (its socket full); never when the messages used up the
 * credit — and then late, on the next round's credit, which it drains too.
 */
export function answerDrainsLikeArtemis(
  container: rhea.Container,
  messagesFor: (address: string) => rhea.Message[],
  opts: { firstRoundCutAt?: number } = {},
): DrainCounts {
  const counts: DrainCounts = { rounds: 0, unanswered: 0 };
  const links = new Map<rhea.Sender, { queue: rhea.Message[]; rounds: number; late: boolean }>();
  container.on('sender_draining', (ctx) => {
    const sender = ctx.sender;
    let link = links.get(sender);
    if (!link) {
      link = { queue: [...messagesFor(String(sender.source?.address ?? ''))], rounds: 0, late: false };
      links.set(sender, link);
    }
    if (link.late) {
      link.late = false;
      sender.set_drained(true);
      return;
    }
    link.rounds += 1;
    counts.rounds += 1;
    const cut = link.rounds === 1 && opts.firstRoundCutAt !== undefined ? opts.firstRoundCutAt : Infinity;
    // rhea takes credit off the link only as transfers leave, so the peer counts its own.
    let credit = sender.credit;
    let sent = 0;
    while (credit > 0 && link.queue.length > 0 && sent < cut) {
      sender.send(link.queue.shift()!);
      sent += 1;
      credit -= 1;
    }
    if (credit > 0) sender.set_drained(true);
    else {
      counts.unanswered += 1;
      link.late = true;
    }
  });
  return counts;
}
