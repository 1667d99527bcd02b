// Sends durable messages at a set rate to whichever broker is live. A message counts as sent only
// when a broker accepts it; what was on the wire when the connection broke is sent again after
// the reconnect, with the same duplicate id (_AMQ_DUPL_ID), so a broker that already has it
// drops the copy; each send carries its attempt number, so the consumer can tell which send a
// stored copy came from. While no broker answers the producer waits, as a blocking send would:
// nothing it could not send is counted as sent, so nothing it could not send can be "lost".
import type { Connection, Delivery, EventContext, Sender } from 'rhea';
import { describeAmqpError, ReconnectingConnection, type TrafficClientOptions } from './reconnecting-connection.js';

export interface ProducerOptions extends TrafficClientOptions {
  rate: number;
}

/**
 * At most half a second of messages unconfirmed at once (a window, as a JMS producer has: a broker
 * that stops confirming soon stops the producer, and a failover resends at most that much).
 */
function windowFor(rate: number): number {
  return Math.min(1000, Math.max(20, Math.ceil(rate / 2)));
}
const TICK_MS = 10;

export class TrafficProducer {
  private readonly link: ReconnectingConnection;
  private sender: Sender | null = null;
  private broker: string | null = null;
  /** Sequence numbers waiting to go out: resends first, then new ones. */
  private readonly queue: number[] = [];
  private readonly inFlight = new Map<Delivery, number>();
  private readonly attempts = new Map<number, number>();
  private nextSeq = 1;
  /** Messages the rate allows so far (fractional), counted only while a broker takes them. */
  private allowance = 0;
  private lastTick = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private producing = true;
  private readonly window: number;

  constructor(private readonly options: ProducerOptions) {
    this.window = windowFor(options.rate);
    this.link = new ReconnectingConnection({
      endpoints: options.endpoints,
      user: options.user,
      password: options.password,
      name: 'producer',
      onConnected: (connection, endpoint) => this.attach(connection, endpoint.broker),
      onDisconnected: () => this.detach(),
    });
  }

  get connectedBroker(): string | null {
    return this.sender ? this.broker : null;
  }

  /** Put on the wire or waiting to go, not yet accepted. */
  get unconfirmed(): number {
    return this.inFlight.size + this.queue.length;
  }

  start(): void {
    this.link.start();
    this.lastTick = Date.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** No new messages from now on; what is unconfirmed still goes out. */
  stopProducing(): void {
    this.producing = false;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.link.close();
  }

  private attach(connection: Connection, broker: string): void {
    const sender = connection.open_sender({ target: { address: this.options.queue }, autosettle: true });
    sender.on('sendable', () => this.pump());
    sender.on('accepted', (ctx: EventContext) => this.settled(ctx, true));
    for (const event of ['rejected', 'released', 'modified'] as const) sender.on(event, (ctx: EventContext) => this.settled(ctx, false, event));
    sender.on('sender_error', (ctx: EventContext) => this.options.onError?.(`producer link: ${describeAmqpError(ctx.sender?.error)}`));
    this.sender = sender;
    this.broker = broker;
  }

  private detach(): void {
    this.sender = null;
    this.options.account.disconnected('producer');
    // Unconfirmed sends go again, in order, before anything new.
    const again = [...this.inFlight.values()].sort((a, b) => a - b);
    this.inFlight.clear();
    this.queue.unshift(...again);
    this.allowance = 0;
  }

  private settled(ctx: EventContext, accepted: boolean, why?: string): void {
    const delivery = ctx.delivery;
    if (!delivery) return;
    const seq = this.inFlight.get(delivery);
    if (seq === undefined) return;
    this.inFlight.delete(delivery);
    if (accepted) this.options.account.accept(seq, this.broker ?? 'unknown');
    else {
      this.options.onError?.(`message ${seq} ${why ?? 'refused'}; sending it again`);
      this.queue.unshift(seq);
    }
    this.pump();
  }

  private tick(): void {
    const now = Date.now();
    if (this.sender && this.producing) {
      this.allowance = Math.min(this.allowance + ((now - this.lastTick) / 1000) * this.options.rate, Math.max(1, this.options.rate));
      while (this.allowance >= 1 && this.queue.length + this.inFlight.size < this.window) {
        this.queue.push(this.nextSeq++);
        this.allowance -= 1;
      }
    }
    this.lastTick = now;
    this.pump();
  }

  private pump(): void {
    const sender = this.sender;
    while (sender && this.queue.length > 0 && sender.sendable() && this.inFlight.size < this.window) {
      const seq = this.queue.shift()!;
      const tries = (this.attempts.get(seq) ?? 0) + 1;
      this.attempts.set(seq, tries);
      if (tries > 1) this.options.account.resend(seq);
      const id = `${this.options.runId}:${seq}`;
      const delivery = sender.send({
        durable: true,
        message_id: id,
        application_properties: { runId: this.options.runId, seq, attempt: tries, _AMQ_DUPL_ID: id },
        body: `${this.options.queue} message ${seq} of run ${this.options.runId}`,
      });
      this.inFlight.set(delivery, seq);
    }
    // Forget attempts once settled for good: the map stays the size of what is in play.
    if (this.attempts.size > 2 * this.window) {
      const live = new Set([...this.inFlight.values(), ...this.queue]);
      for (const seq of this.attempts.keys()) if (!live.has(seq)) this.attempts.delete(seq);
    }
  }
}
