// An AMQP connection that follows the live broker: it tries the lab's acceptors in turn until
// one takes it (a passive backup has no acceptor open, so only the live broker answers), and on
// any break starts over. The topology gives the list; Artemis's failover-server-list in the Open
// frame would name the same acceptors, but only once a client is connected to the live one.
import rhea from 'rhea';
import type { Connection } from 'rhea';
import type { TrafficAccount } from './traffic-account.js';

export interface TrafficEndpoint {
  broker: string;
  host: string;
  port: number;
}

/** What the lab's producer and consumer share: where the brokers are, who they are, what they count into. */
export interface TrafficClientOptions {
  endpoints: TrafficEndpoint[];
  user: string;
  password: string;
  queue: string;
  runId: string;
  account: TrafficAccount;
  onError?: (message: string) => void;
}

export interface ReconnectingOptions {
  endpoints: TrafficEndpoint[];
  user: string;
  password: string;
  /** Names this client in the broker's connection list. */
  name: string;
  onConnected: (connection: Connection, endpoint: TrafficEndpoint) => void;
  onDisconnected: (endpoint: TrafficEndpoint, why: string) => void;
}

/** First retry after a break; doubles up to MAX_RETRY_MS while no broker answers. */
const FIRST_RETRY_MS = 20;
const MAX_RETRY_MS = 250;
const CONNECT_TIMEOUT_MS = 3000;

let counter = 0;

/** An AMQP error condition ({ condition, description }) or a socket error, in one line. */
export function describeAmqpError(error: unknown): string {
  if (!error) return 'no reason given';
  if (error instanceof Error) return error.message;
  const e = error as { condition?: unknown; description?: unknown };
  if (e.condition || e.description) return [e.condition, e.description].filter(Boolean).map(String).join(': ');
  return String(error);
}

export class ReconnectingConnection {
  private connection: Connection | null = null;
  private endpoint: TrafficEndpoint | null = null;
  private next = 0;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private up = false;

  constructor(private readonly options: ReconnectingOptions) {}

  get broker(): string | null {
    return this.up ? (this.endpoint?.broker ?? null) : null;
  }

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    this.attempt();
  }

  private attempt(): void {
    if (this.closed) return;
    const endpoint = this.options.endpoints[this.next % this.options.endpoints.length]!;
    this.next += 1;
    counter += 1;
    const container = rhea.create_container({ id: `amq-ha-lab-${this.options.name}-${process.pid}-${counter}` });
    const connection = container.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: this.options.user,
      password: this.options.password,
      reconnect: false,
      idle_time_out: 10_000,
    });
    this.connection = connection;
    this.endpoint = endpoint;
    let settled = false;
    const giveUp = setTimeout(() => fail('no answer'), CONNECT_TIMEOUT_MS);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      const wasUp = this.up;
      this.up = false;
      if (this.connection === connection) this.connection = null;
      try {
        connection.close();
      } catch {
        /* already gone */
      }
      (connection as unknown as { socket?: { destroy(): void } }).socket?.destroy();
      if (wasUp) {
        // Straight back to the same list, starting with the broker that just failed's peer.
        this.retryMs = FIRST_RETRY_MS;
        this.options.onDisconnected(endpoint, why);
      }
      this.schedule();
    };
    connection.on('connection_open', () => {
      clearTimeout(giveUp);
      this.up = true;
      this.retryMs = FIRST_RETRY_MS;
      this.options.onConnected(connection, endpoint);
    });
    connection.on('disconnected', (ctx) => fail(ctx.error ? describeAmqpError(ctx.error) : 'disconnected'));
    connection.on('connection_close', () => fail('closed by the broker'));
    connection.on('connection_error', (ctx) => fail(`refused: ${describeAmqpError(ctx.connection.error)}`));
    connection.on('error', (ctx) => fail(describeAmqpError((ctx as { error?: unknown }).error)));
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    // One pass through the list quickly, then back off a little while nobody answers.
    const delay = this.next % this.options.endpoints.length === 0 ? this.retryMs : 0;
    if (this.next % this.options.endpoints.length === 0) this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, delay);
  }

  /**
   * Drops the connection without closing it in AMQP, as a crashed client would (unacknowledged
   * deliveries return). `afterSent`: what it already wrote reaches the broker first (TCP FIN after
   * the data), as when a process dies with nothing unread; without it the socket is reset, and a
   * reset discards what the broker had not read yet — acknowledgements included, so those
   * messages come again (measured: 8 and 14 of them beside two busy CPU hogs).
   */
  drop(afterSent = false): void {
    const socket = (this.connection as unknown as { socket?: { destroy(): void; end(): void } } | null)?.socket;
    if (afterSent) socket?.end();
    else socket?.destroy();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.up = false;
    try {
      this.connection?.close();
    } catch {
      /* already gone */
    }
    this.connection = null;
  }
}
