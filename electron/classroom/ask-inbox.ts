// The agent's side of asks for diagnostics, on the publisher's connection (one per attendee): a
// receiver on the queue named by this attendee's secret row key, and the answers sent back. The
// queue is made by the instructor's side (attendees may not create queues), so until it exists the
// receiver is refused and tried again, less and less often.
import fs from 'node:fs';
import rhea from 'rhea';
import type { Connection, EventContext } from 'rhea';
import { ANSWER_ADDRESS, askAddress, ASK_VERSION, DIAGNOSTICS_MAX_BYTES, judgeAsk, type AnswerProperties } from '../../shared/classroom-ask.js';
import { applyAskEvent, readSavedAsk } from './attendee-ask.js';

const FIRST_LISTEN_RETRY_MS = 500;
const MAX_LISTEN_RETRY_MS = 5000;
const ANSWER_BOUND_MS = 60_000;

export interface AskInboxOptions {
  rowKey: string;
  /** The user's config dir, where classroom-ask.json is. */
  dir: string;
  /** Writes the lab's masked diagnostics zip (the lab's own `lab.diagnose`) and says where. */
  collect: () => Promise<string>;
}

function bodyOf(body: unknown): unknown {
  if (body && typeof body === 'object' && 'content' in body) return (body as { content: unknown }).content;
  return body;
}

export class AskInbox {
  private connection: Connection | null = null;
  private retryMs = FIRST_LISTEN_RETRY_MS;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  /** An answer written while busy with another: looked at again once done. */
  private again = false;

  constructor(private readonly options: AskInboxOptions) {}

  /** A new connection to the hub: listen for asks on it, and finish any answer not yet told. */
  attach(connection: Connection): void {
    this.connection = connection;
    this.retryMs = FIRST_LISTEN_RETRY_MS;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listen(connection);
    void this.act();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connection = null;
  }

  private listen(connection: Connection): void {
    if (connection !== this.connection) return;
    const receiver = connection.open_receiver({ source: { address: askAddress(this.options.rowKey) }, credit_window: 5, autoaccept: false });
    receiver.on('message', (ctx: EventContext) => {
      const verdict = judgeAsk(bodyOf(ctx.message?.body));
      // A bad ask is dropped (accepted and forgotten): only the instructor can send here anyway.
      if (verdict.ok) applyAskEvent(this.options.rowKey, { kind: 'received', message: verdict.value }, this.options.dir);
      ctx.delivery?.accept();
    });
    receiver.on('receiver_error', () => {
      // Not made yet (the instructor's side makes it on first sight of this row, or on the first ask).
      if (connection !== this.connection || this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.listen(connection);
      }, this.retryMs);
      this.timer.unref();
      this.retryMs = Math.min(MAX_LISTEN_RETRY_MS, this.retryMs * 2);
    });
  }

  /** Does what the saved answer asks for: tell a decline, or collect and send the zip. Never sends without a "send". */
  async act(): Promise<void> {
    const { rowKey, dir } = this.options;
    if (this.busy) {
      this.again = true;
      return;
    }
    const saved = readSavedAsk(dir, rowKey);
    if (!saved || !this.connection) return;
    this.busy = true;
    try {
      if (saved.state === 'declined' && !saved.told) {
        await this.send({ v: ASK_VERSION, row: rowKey, ask: saved.ask, answer: 'declined' }, 'declined');
        applyAskEvent(rowKey, { kind: 'told' }, dir);
      } else if (saved.answer === 'send' && (saved.state === 'pending' || saved.state === 'sending')) {
        applyAskEvent(rowKey, { kind: 'sending' }, dir);
        try {
          const zip = await this.options.collect();
          const bytes = fs.readFileSync(zip);
          if (bytes.byteLength > DIAGNOSTICS_MAX_BYTES) throw new Error(`the zip is ${Math.round(bytes.byteLength / 1024)} KB, more than the classroom takes (${DIAGNOSTICS_MAX_BYTES / 1024 / 1024} MB); hand it over another way: ${zip}`);
          await this.send({ v: ASK_VERSION, row: rowKey, ask: saved.ask, answer: 'sent' }, rhea.message.data_section(bytes));
          applyAskEvent(rowKey, { kind: 'sent', note: `sent ${zip}` }, dir);
        } catch (error) {
          applyAskEvent(rowKey, { kind: 'failed', reason: error instanceof Error ? error.message : String(error) }, dir);
        }
      }
    } catch {
      // Not told (the hub away): told on the next connection.
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        void this.act();
      }
    }
  }

  private send(properties: AnswerProperties, body: unknown): Promise<void> {
    const connection = this.connection;
    if (!connection) return Promise.reject(new Error('not connected to the hub'));
    return new Promise<void>((resolve, reject) => {
      const sender = connection.open_sender({ target: { address: ANSWER_ADDRESS } });
      const done = (error: Error | null) => {
        clearTimeout(timer);
        try {
          sender.close();
        } catch {
          /* the connection went */
        }
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error(`the hub did not take the answer within ${ANSWER_BOUND_MS / 1000} s`)), ANSWER_BOUND_MS);
      sender.once('sendable', () => sender.send({ durable: true, application_properties: { ...properties }, body }));
      sender.once('accepted', () => done(null));
      sender.once('rejected', (ctx) => done(new Error(`the hub refused it (${String((ctx.delivery.remote_state as { error?: { condition?: string } } | undefined)?.error?.condition ?? 'rejected')})`)));
      sender.once('sender_error', (ctx) => done(new Error(`the hub refused the answer address (${String(ctx.sender.error ?? 'no reason')})`)));
    });
  }
}
