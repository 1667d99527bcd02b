// Sends the attendee's latest state to the hub, and only the latest: one delivery in flight at a
// time, a newer state replacing an unsent one, so nothing piles up while the hub is away. It never
// throws into the lab and never waits on it: publish() only stores the text and returns.
import type { Connection, Sender } from 'rhea';
import { CLASSROOM_ADDRESS, ROW_KEY } from '../../shared/classroom-event.js';
import { HubConnectError, openHubConnection, type HubAddress } from './hub-connection.js';
import { ATTENDEE_USER } from './hub-config.js';

export type PublisherState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'closed';

export interface PublisherStatus {
  state: PublisherState;
  /** Why it is not connected, in one line; null when connected. */
  reason: string | null;
  /** When the hub last accepted a state from this attendee. */
  lastAcceptedAt: string | null;
  sent: number;
}

export interface PublisherOptions {
  address: HubAddress;
  code: string;
  /** The secret row key: the hub keeps one row per key, and only this attendee knows it. */
  rowKey: string;
  onStatus?: (status: PublisherStatus) => void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

export class ClassroomPublisher {
  private latest: string | null = null;
  private inFlight = false;
  private connection: Connection | null = null;
  private sender: Sender | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | null = null;
  private inFlightBody: string | null = null;
  /** Each returns true once it is done waiting. */
  private settledWaiters: (() => boolean)[] = [];
  private status: PublisherStatus = { state: 'connecting', reason: null, lastAcceptedAt: null, sent: 0 };

  /** Called once when the hub refuses this attendee for good (wrong code, another hub). */
  onRefused: (() => void) | null = null;
  /** Called with each connection the hub took this attendee's state on: the ask inbox shares it (one connection per attendee). */
  onConnected: ((connection: Connection) => void) | null = null;

  constructor(private readonly options: PublisherOptions) {}

  start(): void {
    void this.connect();
  }

  current(): PublisherStatus {
    return { ...this.status };
  }

  /** Stores the state to send; sends it at once when the hub is there and nothing is in flight. */
  publish(body: string): void {
    this.latest = body;
    this.pump();
  }

  /** Resolves once the latest state was accepted by the hub, or after `boundMs` (leave: the last word, bounded). */
  async flush(boundMs: number): Promise<boolean> {
    if (this.latest === null && !this.inFlight) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), boundMs);
      this.settledWaiters.push(() => {
        if (this.latest !== null || this.inFlight) return false;
        clearTimeout(timer);
        resolve(true);
        return true;
      });
    });
  }

  close(): void {
    this.setStatus({ state: 'closed', reason: null });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dropConnection();
  }

  private setStatus(change: Partial<PublisherStatus>): void {
    this.status = { ...this.status, ...change };
    this.options.onStatus?.(this.current());
  }

  private async connect(): Promise<void> {
    if (this.status.state === 'closed' || this.status.state === 'refused') return;
    let connection: Connection;
    try {
      connection = await openHubConnection(this.options.address, ATTENDEE_USER, this.options.code, 'attendee');
    } catch (error) {
      const e = error instanceof HubConnectError ? error : new HubConnectError('unreachable', String(error));
      // A wrong code or another hub does not get better by retrying: say it once and stop.
      if (e.why === 'refused-code' || e.why === 'wrong-hub') {
        this.setStatus({ state: 'refused', reason: e.message });
        return this.onRefused?.();
      }
      this.setStatus({ state: this.status.lastAcceptedAt ? 'reconnecting' : 'connecting', reason: e.message });
      return this.retry();
    }
    if ((this.status.state as PublisherState) === 'closed') {
      connection.close();
      return;
    }
    this.connection = connection;
    const sender = connection.open_sender({ target: { address: CLASSROOM_ADDRESS }, autosettle: true });
    this.sender = sender;
    sender.on('sendable', () => this.pump());
    sender.on('accepted', () => {
      this.inFlight = false;
      this.setStatus({ lastAcceptedAt: new Date().toISOString() });
      this.pump();
      this.notifySettled();
    });
    // Refused by the hub (full, or the event judged bad): the next state is sent anyway, this one is not retried.
    sender.on('rejected', (ctx) => {
      this.inFlight = false;
      this.setStatus({ reason: `the hub refused a state (${String((ctx.delivery.remote_state as { error?: { condition?: string } } | undefined)?.error?.condition ?? 'rejected')})` });
      this.pump();
      this.notifySettled();
    });
    sender.on('released', () => {
      this.inFlight = false;
      this.pump();
    });
    sender.on('sender_open', () => {
      this.retryMs = FIRST_RETRY_MS;
      this.setStatus({ state: 'connected', reason: null });
      this.onConnected?.(connection);
    });
    sender.on('sender_error', (ctx) => this.broken(`the hub refused the classroom address (${ctx.sender.error?.toString() ?? 'no reason'})`));
    connection.on('disconnected', (ctx) => this.broken(ctx.error ? String((ctx.error as Error).message ?? ctx.error) : 'the hub went away'));
    connection.on('connection_error', () => this.broken('the hub closed the connection'));
  }

  private broken(why: string): void {
    if (this.status.state === 'closed' || this.status.state === 'refused') return;
    this.dropConnection();
    // A state that was in flight may not have arrived: it goes again once back, unless a newer one waits.
    if (this.inFlight) {
      this.inFlight = false;
      this.latest ??= this.inFlightBody;
    }
    this.setStatus({ state: 'reconnecting', reason: why });
    this.retry();
  }

  private dropConnection(): void {
    const connection = this.connection;
    this.connection = null;
    this.sender = null;
    if (!connection) return;
    connection.removeAllListeners();
    connection.on('error', () => undefined);
    try {
      connection.close();
    } catch {
      /* already gone */
    }
    (connection as unknown as { socket?: { destroy(): void } }).socket?.destroy();
  }

  private retry(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private pump(): void {
    const sender = this.sender;
    if (!sender || this.inFlight || this.latest === null || !sender.sendable()) return;
    const body = this.latest;
    this.latest = null;
    this.inFlight = true;
    this.inFlightBody = body;
    sender.send({ durable: true, content_type: 'application/json', application_properties: { [ROW_KEY]: this.options.rowKey }, body });
    this.setStatus({ sent: this.status.sent + 1 });
  }

  private notifySettled(): void {
    this.settledWaiters = this.settledWaiters.filter((w) => !w());
  }
}
