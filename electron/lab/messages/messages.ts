// Messages to and from haQueue over AMQP 1.0 (rhea), straight to the broker's all-protocol acceptor
// (61616 + offset). A message only counts as sent once the broker has *accepted* it: with a
// replicated pair that disposition comes after the journal write reached the backup, which is
// exactly the promise the message-survival ledger checks after a failover.
import rhea from 'rhea';
import type { Connection, ConnectionOptions, EventContext, Message } from 'rhea';
import { LabError } from '../lab-error.js';
import { readUntilDrained } from './read-until-drained.js';

export interface MessagingEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Which broker this is (its id in the lab), for error messages; the address is used otherwise. */
  broker?: string;
}

export interface SendOptions {
  queue: string;
  runId: string;
  firstSeq: number;
  count: number;
  /** Bound for the whole send, connection included. */
  timeoutMs?: number;
  /** One message in flight at a time, each timed from send to the broker's accept. */
  timed?: boolean;
  /** Default true: the broker journals (and replicates) it before accepting. */
  durable?: boolean;
}

export interface SendOutcome {
  sent: number;
  firstSeq: number;
  lastSeq: number;
  /** Per message, send to accept (timed sends only). */
  roundTripsMs?: number[];
}

export interface BrowseOptions {
  queue: string;
  timeoutMs?: number;
}

export interface BrowsedMessage {
  runId: string | null;
  seq: number | null;
}

/**
 * Thrown when a send stops part way (broker gone, message refused, timeout). `accepted` is how many
 * messages from `firstSeq` on the broker confirmed: the caller records those in the ledger and no
 * more, and must not reuse sequence numbers up to `firstSeq + attempted - 1` (the broker may hold
 * some unconfirmed ones).
 */
export class SendInterruptedError extends LabError {
  constructor(
    error: LabError,
    readonly firstSeq: number,
    readonly accepted: number,
    readonly attempted: number,
  ) {
    super(error.code, error.message, error.hint, error.details);
    this.fixedBy(error.fix);
  }
}

const DEFAULT_SEND_TIMEOUT_MS = 60_000;
const DEFAULT_BROWSE_TIMEOUT_MS = 30_000;

function describe(endpoint: MessagingEndpoint): string {
  const where = `${endpoint.host}:${endpoint.port}`;
  return endpoint.broker ? `the ${endpoint.broker} (${where})` : where;
}

/** The text a message carries, readable in the web console's message browser. */
export function messageBody(queue: string, runId: string, seq: number): string {
  return `${queue} message ${seq} of run ${runId}`;
}

/** The seed-style command that does what `sendMessages` does, shown to attendees to copy. */
export function equivalentProducerCommand(opts: {
  host: string;
  port: number;
  user: string;
  password: string;
  queue: string;
  count: number;
  /** `bin/artemis` of the instance or the distribution; plain `artemis` when omitted. */
  artemis?: string;
}): string {
  return [
    opts.artemis ?? 'artemis',
    'producer',
    '--message-count',
    String(opts.count),
    '--url',
    `tcp://${opts.host}:${opts.port}`,
    '--user',
    opts.user,
    '--password',
    opts.password,
    '--destination',
    `queue://${opts.queue}`,
  ].join(' ');
}

let connections = 0;

function connectionOptions(endpoint: MessagingEndpoint): ConnectionOptions {
  connections += 1;
  return {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.user,
    password: endpoint.password,
    // One attempt: a failover is something the lab shows and verifies, not something to hide.
    reconnect: false,
    // Unique per connection: Artemis treats an AMQP container id as a client id.
    container_id: `amq-ha-lab-${process.pid}-${connections}`,
    idle_time_out: 30_000,
  };
}

function errorText(error: unknown): string {
  if (!error) return '';
  if (error instanceof Error) return error.message;
  if (typeof error === 'object') {
    const e = error as { condition?: unknown; description?: unknown; code?: unknown };
    const parts = [e.code, e.condition, e.description].filter((p) => typeof p === 'string' && p);
    if (parts.length) return parts.join(': ');
  }
  return String(error);
}

/** Turns whatever rhea reported into the one clear LabError an attendee reads. */
export function connectionFailure(endpoint: MessagingEndpoint, error: unknown, opened: boolean): LabError {
  const text = errorText(error);
  const where = describe(endpoint);
  if (/ECONNREFUSED/.test(text)) {
    return new LabError(
      'NOT_RUNNING',
      `Nothing accepts client connections at ${where}.`,
      'That broker is stopped, or it is a passive backup (a backup opens its acceptor only once it becomes live). Send to the live broker; `amq-ha-lab status` shows which one it is.',
      text,
    );
  }
  if (/unauthori[sz]ed|authenticat|sasl/i.test(text)) {
    return new LabError(
      'COMMAND_FAILED',
      `${where} refused the lab's user and password.`,
      'The lab user is written in lab.json; if the broker was created by hand, create it with the same --user/--password.',
      text,
    );
  }
  if (/ECONNRESET|EPIPE|socket hang up|closed|disconnect/i.test(text) || opened) {
    return new LabError(
      'BROKER_DIED',
      `The connection to ${where} was lost${text ? ` (${text})` : ''}.`,
      'The broker stopped or failed over; check `amq-ha-lab status`, then send to the live broker.',
      text || null,
    );
  }
  return new LabError('COMMAND_FAILED', `Could not talk AMQP to ${where}${text ? `: ${text}` : '.'}`, null, text || null);
}

/**
 * Opens a connection and hands it to `work`, which resolves or rejects the whole exchange. Any
 * connection-level failure or the time bound rejects it; the connection is always closed after.
 */
function withConnection<T>(
  endpoint: MessagingEndpoint,
  timeoutMs: number,
  what: string,
  work: (connection: Connection, fail: (error: LabError) => void, done: (value: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const container = rhea.create_container({ id: `amq-ha-lab-${process.pid}` });
    let finished = false;
    let opened = false;
    let connection: Connection | null = null;

    const finish = (outcome: () => void) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      outcome();
      if (connection) {
        const conn = connection;
        // Close politely when possible; never let a dying socket keep the caller waiting.
        conn.removeAllListeners();
        conn.on('disconnected', () => undefined);
        conn.on('connection_error', () => undefined);
        conn.on('error', () => undefined);
        conn.on('sender_error', () => undefined);
        conn.on('receiver_error', () => undefined);
        try {
          if (conn.is_open()) conn.close();
          else conn.socket?.destroy?.();
        } catch {
          /* already gone */
        }
        setTimeout(() => {
          try {
            conn.socket?.destroy?.();
          } catch {
            /* already gone */
          }
        }, 2_000).unref();
      }
    };
    const fail = (error: LabError) => finish(() => reject(error));
    const done = (value: T) => finish(() => resolve(value));

    const timer = setTimeout(() => {
      fail(
        new LabError(
          'TIMEOUT',
          `${what} on ${describe(endpoint)} did not finish within ${Math.round(timeoutMs / 1000)} s.`,
          'The broker may be overloaded, or blocking clients because its disk is nearly full (AMQ222210); check its log.',
        ),
      );
    }, timeoutMs);

    container.on('connection_open', () => {
      opened = true;
    });
    const lost = (context: EventContext) => {
      const error = context.error ?? context.connection?.error;
      fail(connectionFailure(endpoint, error, opened));
    };
    container.on('disconnected', lost);
    container.on('connection_error', lost);
    container.on('protocol_error', lost);
    container.on('error', (context: EventContext) => fail(connectionFailure(endpoint, context.error, opened)));

    try {
      connection = container.connect(connectionOptions(endpoint));
    } catch (error) {
      fail(connectionFailure(endpoint, error, false));
      return;
    }
    work(connection, fail, done);
  });
}

/**
 * Sends `count` durable messages to `queue`, numbered from `firstSeq`, and resolves once the broker
 * accepted every one. Throws SendInterruptedError (a LabError) if it stops part way.
 */
export function sendMessages(endpoint: MessagingEndpoint, opts: SendOptions): Promise<SendOutcome> {
  const { queue, runId, firstSeq, count } = opts;
  if (!Number.isInteger(count) || count < 1) return Promise.reject(new LabError('BAD_REQUEST', `Cannot send ${count} messages.`));
  if (!Number.isInteger(firstSeq) || firstSeq < 1) {
    return Promise.reject(new LabError('BAD_REQUEST', `Bad first sequence number ${firstSeq}.`));
  }

  let attempted = 0;
  let accepted = 0;
  const sentAt: number[] = [];
  const roundTripsMs: number[] = [];
  const send = withConnection<SendOutcome>(endpoint, opts.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS, `Sending ${count} messages`, (connection, fail, done) => {
    const sender = connection.open_sender({
      // The "queue" capability makes Artemis route (and auto-create) anycast, like queue://haQueue.
      target: { address: queue, capabilities: ['queue'] },
      autosettle: true,
    });
    const pump = () => {
      while (attempted < count && sender.sendable() && (!opts.timed || attempted === accepted)) {
        const seq = firstSeq + attempted;
        const message: Message = {
          durable: opts.durable !== false,
          message_id: `${runId}-${seq}`,
          application_properties: { runId, seq },
          body: messageBody(queue, runId, seq),
        };
        sentAt.push(performance.now());
        sender.send(message);
        attempted += 1;
      }
    };
    sender.on('sendable', pump);
    sender.on('accepted', () => {
      if (opts.timed) roundTripsMs.push(performance.now() - sentAt[accepted]!);
      accepted += 1;
      if (accepted === count) done({ sent: accepted, firstSeq, lastSeq: firstSeq + accepted - 1, ...(opts.timed ? { roundTripsMs } : {}) });
      else if (opts.timed) pump();
    });
    const refused = (outcome: string) => (context: EventContext) => {
      const state = context.delivery?.remote_state as { error?: unknown } | undefined;
      const reason = errorText(state?.error);
      fail(
        new LabError(
          'COMMAND_FAILED',
          `${describe(endpoint)} ${outcome} message ${firstSeq + accepted} instead of accepting it${reason ? `: ${reason}` : '.'}`,
          'Check the broker log; a full disk (AMQ222210) or a missing queue are the usual causes.',
          reason || null,
        ),
      );
    };
    sender.on('rejected', refused('rejected'));
    sender.on('released', refused('released'));
    sender.on('sender_error', (context: EventContext) => fail(wireFailure(endpoint, queue, context.sender?.error)));
    sender.on('sender_close', (context: EventContext) => fail(wireFailure(endpoint, queue, context.sender?.error)));
  });
  return send.catch((error: unknown) => {
    const labError = error instanceof LabError ? error : connectionFailure(endpoint, error, false);
    throw new SendInterruptedError(labError, firstSeq, accepted, attempted);
  });
}

function wireFailure(endpoint: MessagingEndpoint, queue: string, error: unknown): LabError {
  const text = errorText(error);
  return new LabError(
    'COMMAND_FAILED',
    `${describe(endpoint)} closed the link to ${queue}${text ? `: ${text}` : '.'}`,
    /not-found|does not exist/i.test(text) ? `Create ${queue} first (\`amq-ha-lab up\` does).` : null,
    text || null,
  );
}

/**
 * Reads every message on `queue` WITHOUT consuming it (an AMQP browser: distribution mode "copy"),
 * until the broker says it has sent them all (readUntilDrained) — no waiting for a quiet period.
 */
export function browseMessages(endpoint: MessagingEndpoint, opts: BrowseOptions): Promise<BrowsedMessage[]> {
  const { queue } = opts;
  return withConnection<BrowsedMessage[]>(endpoint, opts.timeoutMs ?? DEFAULT_BROWSE_TIMEOUT_MS, `Browsing ${queue}`, (connection, fail, done) => {
    const found: BrowsedMessage[] = [];
    const receiver = connection.open_receiver({
      source: { address: queue, distribution_mode: 'copy', capabilities: ['queue'] },
      // Credit is handed out by hand, round by round; a browser never acknowledges.
      credit_window: 0,
      autoaccept: false,
    });
    receiver.on('message', (context: EventContext) => {
      found.push(readIdentity(context.message));
      // Settle without an outcome: the broker leaves the message where it is (MessageCount is
      // unchanged), and rhea frees the session window, which otherwise stalls at 2048 messages.
      context.delivery?.update(true);
    });
    readUntilDrained(receiver, () => done(found));
    receiver.on('receiver_error', (context: EventContext) => fail(wireFailure(endpoint, queue, context.receiver?.error)));
    receiver.on('receiver_close', (context: EventContext) => fail(wireFailure(endpoint, queue, context.receiver?.error)));
  });
}

/** The run id and sequence number a lab message carries; null for messages someone else sent. */
export function readIdentity(message: Message | undefined): BrowsedMessage {
  const props = (message?.application_properties ?? {}) as Record<string, unknown>;
  const runId = typeof props.runId === 'string' ? props.runId : null;
  const rawSeq = props.seq;
  const seq = typeof rawSeq === 'number' && Number.isFinite(rawSeq) ? rawSeq : typeof rawSeq === 'string' && /^\d+$/.test(rawSeq) ? Number(rawSeq) : null;
  return { runId, seq };
}
