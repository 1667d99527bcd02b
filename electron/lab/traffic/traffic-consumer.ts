// Receives from whichever broker is live and acknowledges each message only after recording it,
// a few milliseconds later and in small batches as a real application commits its work. A message
// that comes again is recognised by run and sequence and not processed twice; its send attempt
// tells the account whether it is the same stored message or a second copy.
import type { Connection, Delivery, EventContext, Receiver } from 'rhea';
import { describeAmqpError, ReconnectingConnection, type TrafficClientOptions } from './reconnecting-connection.js';


const CREDIT = 200;
/** Recorded deliveries are acknowledged together this often. */
const ACK_EVERY_MS = 20;

export class TrafficConsumer {
  private readonly link: ReconnectingConnection;
  private receiver: Receiver | null = null;
  private broker: string | null = null;
  private toAck: { delivery: Delivery; ours: { seq: number; attempt: number } | null }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private crashOnNextMessage = false;
  /** The receiver of a connection this consumer "crashed" on: a dead process reads nothing more. */
  private dead: Receiver | null = null;

  constructor(private readonly options: TrafficClientOptions) {
    this.link = new ReconnectingConnection({
      endpoints: options.endpoints,
      user: options.user,
      password: options.password,
      name: 'consumer',
      onConnected: (connection, endpoint) => this.attach(connection, endpoint.broker),
      onDisconnected: () => this.detach(),
    });
  }

  get connectedBroker(): string | null {
    return this.receiver ? this.broker : null;
  }

  start(): void {
    this.link.start();
    this.timer = setInterval(() => this.ackRecorded(), ACK_EVERY_MS);
  }

  /**
   * As if the consumer's process died right after recording a message and before acknowledging
   * it (the moment at-least-once is about): on the next message, the connection goes without
   * acknowledging what it holds. The acknowledgements it had already sent reach the broker, so
   * whatever comes again was never acknowledged (a reset connection can lose acknowledgements
   * still in flight: see ReconnectingConnection.drop).
   */
  crash(): void {
    if (this.receiver) this.crashOnNextMessage = true;
    else this.link.drop();
  }

  /** What it held unacknowledged stays so in the account: the broker must deliver it again. */
  private forgetUnacknowledged(): void {
    this.toAck = [];
  }

  close(): void {
    this.ackRecorded();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.link.close();
  }

  private attach(connection: Connection, broker: string): void {
    const receiver = connection.open_receiver({ source: { address: this.options.queue }, autoaccept: false, credit_window: CREDIT });
    receiver.on('message', (ctx: EventContext) => this.onMessage(ctx));
    receiver.on('receiver_error', (ctx: EventContext) => this.options.onError?.(`consumer link: ${describeAmqpError(ctx.receiver?.error)}`));
    this.receiver = receiver;
    this.broker = broker;
  }

  private detach(): void {
    this.receiver = null;
    // Unacknowledged deliveries died with the connection; the broker delivers them again.
    this.forgetUnacknowledged();
    this.options.account.disconnected('consumer');
  }

  private onMessage(ctx: EventContext): void {
    const message = ctx.message;
    const delivery = ctx.delivery;
    if (!message || !delivery || ctx.receiver === this.dead) return;
    const props = (message.application_properties ?? {}) as Record<string, unknown>;
    const seq = typeof props.seq === 'number' ? props.seq : Number(props.seq);
    // A message without an attempt number predates attempt tagging: its first send.
    const attempt = props.attempt === undefined ? 1 : Number(props.attempt);
    const ours = props.runId === this.options.runId && Number.isInteger(seq) && Number.isInteger(attempt);
    if (ours) this.options.account.deliver(seq, attempt, message.delivery_count ?? 0, this.broker ?? 'unknown');
    // Another run's leftovers are acknowledged too: this queue belongs to the lab's traffic.
    this.toAck.push({ delivery, ours: ours ? { seq, attempt } : null });
    if (this.crashOnNextMessage) {
      this.crashOnNextMessage = false;
      this.forgetUnacknowledged();
      this.dead = this.receiver;
      this.link.drop(true);
    }
  }

  private ackRecorded(): void {
    const batch = this.toAck;
    this.toAck = [];
    for (const { delivery, ours } of batch) {
      delivery.accept();
      if (ours) this.options.account.acknowledged(ours.seq, ours.attempt);
    }
  }
}
