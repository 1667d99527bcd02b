// A consumer on one broker's copy of the lab queue, and only that broker: a clustered lab shows
// where the cluster routes, so this client never follows another broker. It reconnects to its
// own broker after a restart, counts what it receives per ledger run, and accepts each message.
import type { Connection, EventContext } from 'rhea';
import type { PinnedConsumer } from '../../../shared/consumers-state.js';
import { readIdentity } from '../messages/messages.js';
import { describeAmqpError, ReconnectingConnection, type TrafficEndpoint } from '../traffic/reconnecting-connection.js';

/** Small on purpose: a consumer that dies gives back little (prefetched messages return to its queue). */
const CREDIT = 50;
/** Runs kept per consumer: the story looks at the latest few. */
const MAX_RUNS = 20;

export class PinnedQueueConsumer {
  private readonly link: ReconnectingConnection;
  private state: PinnedConsumer['state'] = 'connecting';
  private since = new Date().toISOString();
  private received = 0;
  private byRun: Record<string, number> = {};
  private lastError: string | null = null;

  constructor(
    private readonly endpoint: TrafficEndpoint,
    private readonly options: { user: string; password: string; queue: string },
  ) {
    this.link = new ReconnectingConnection({
      endpoints: [endpoint],
      user: options.user,
      password: options.password,
      name: `consumer-${endpoint.broker}`,
      onConnected: (connection) => this.attach(connection),
      onDisconnected: (_endpoint, why) => {
        this.lastError = why;
        this.enter('connecting');
      },
    });
  }

  start(): void {
    this.link.start();
  }

  /** Closes the link and the connection politely: the broker's ConsumerCount drops at once. */
  stop(): void {
    this.link.close();
    this.enter('stopped');
  }

  view(): PinnedConsumer {
    return { broker: this.endpoint.broker, state: this.state, since: this.since, received: this.received, byRun: { ...this.byRun }, lastError: this.lastError };
  }

  private enter(state: PinnedConsumer['state']): void {
    if (this.state === state) return;
    this.state = state;
    this.since = new Date().toISOString();
  }

  private attach(connection: Connection): void {
    // The "queue" capability: anycast, as queue://haQueue in the artemis CLI.
    const receiver = connection.open_receiver({ source: { address: this.options.queue, capabilities: ['queue'] }, autoaccept: true, credit_window: CREDIT });
    receiver.on('receiver_open', () => {
      this.lastError = null;
      this.enter('attached');
    });
    receiver.on('message', (ctx: EventContext) => this.count(ctx));
    receiver.on('receiver_error', (ctx: EventContext) => {
      this.lastError = `link: ${describeAmqpError(ctx.receiver?.error)}`;
    });
  }

  private count(ctx: EventContext): void {
    this.received += 1;
    const run = readIdentity(ctx.message).runId ?? 'other';
    this.byRun[run] = (this.byRun[run] ?? 0) + 1;
    const runs = Object.keys(this.byRun);
    if (runs.length > MAX_RUNS) delete this.byRun[runs[0]!];
  }
}
