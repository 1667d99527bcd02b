// The instructor's view of the class, read from the hub: a consumer on the non-destructive
// last-value queue gets every attendee's latest state on attach, then each new one as it arrives;
// nothing it reads is removed, so any number of views (the page, `watch`, `status`) read alike.
// Bad events are dropped and counted, once per message, and the view keeps running. It also files
// the attendees' answers to asks for diagnostics (asks.ts): a zip lands in the hub dir.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Connection, EventContext, Receiver } from 'rhea';
import { ANSWER_ADDRESS, askAddress, judgeAnswer } from '../../shared/classroom-ask.js';
import { CLASSROOM_ADDRESS, CLASSROOM_QUEUE, judgeEvent, ROW_KEY } from '../../shared/classroom-event.js';
import { sortRows, toRow, type ClassroomRow, type ClassroomView, type DroppedCounts } from '../../shared/classroom-rows.js';
import { readUntilDrained } from '../lab/messages/read-until-drained.js';
import { diagnosticsDir, nextAskState, readAsks, recordAsk, zipFileName } from './asks.js';
import { hubDirOf, INSTRUCTOR_USER, joinLine, type HubConfig } from './hub-config.js';
import { openHubConnection } from './hub-connection.js';
import { instructorAddress } from './hub.js';

const FQQN = `${CLASSROOM_ADDRESS}::${CLASSROOM_QUEUE}`;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const RETRY_MS = 500;

/** The public id of a row: a hash of its secret key, so a projected screen never shows a key. */
export function rowId(rowKey: string): string {
  return crypto.createHash('sha256').update(rowKey).digest('hex').slice(0, 8);
}

function bodyText(body: unknown): unknown {
  if (body && typeof body === 'object' && 'content' in body && (body as { content: unknown }).content instanceof Uint8Array) {
    return (body as { content: Uint8Array }).content;
  }
  return body;
}

export class InstructorView {
  private readonly rows = new Map<string, { event: ClassroomRow['event']; receivedAt: string }>();
  /** Each row's secret key, to name its ask queue: never shown, never written. */
  private readonly keys = new Map<string, string>();
  private readonly askQueuesMade = new Set<string>();
  private live = false;
  private readonly droppedKeys = new Set<string>();
  private readonly dropped: DroppedCounts = { malformed: 0, oversized: 0, 'future-version': 0 };
  private connection: Connection | null = null;
  private connected = false;
  private reason: string | null = 'connecting';
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(view: ClassroomView) => void>();

  constructor(private readonly config: HubConfig) {}

  onChange(listener: (view: ClassroomView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The secret key of a row this view has read (asking needs it); null for a row it has not. */
  keyOf(rowId: string): string | null {
    return this.keys.get(rowId) ?? null;
  }

  view(now = Date.now()): ClassroomView {
    const asks = readAsks(hubDirOf(this.config));
    const rows = [...this.rows.entries()].map(([id, r]) => ({ ...toRow(id, r.event, r.receivedAt, now), ask: asks[id] ?? null }));
    return {
      title: this.config.title,
      address: `${this.config.bind}:${this.config.port}`,
      joinLine: joinLine(this.config),
      rows: sortRows(rows),
      dropped: { ...this.dropped },
      connected: this.connected,
      reason: this.reason,
    };
  }

  /** Keeps reading until close(), reconnecting when the hub goes away (rows stay shown meanwhile). */
  start(): void {
    this.live = true;
    void this.attach(null);
  }

  /** One read of everything the hub holds now (drain), then close: `classroom status`. */
  async readOnce(boundMs = 5000): Promise<ClassroomView> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub did not give the class within ${boundMs / 1000} s`)), boundMs);
      void this.attach(() => {
        clearTimeout(timer);
        resolve();
      }).catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    const view = this.view();
    this.close();
    return view;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.connection;
    this.connection = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      try {
        c.close();
      } catch {
        /* gone */
      }
    }
  }

  private emit(): void {
    const view = this.view();
    for (const l of this.listeners) l(view);
  }

  private async attach(drained: (() => void) | null): Promise<void> {
    if (this.closed) return;
    let connection: Connection;
    try {
      connection = await openHubConnection(instructorAddress(this.config), INSTRUCTOR_USER, this.config.instructorPassword, 'instructor');
    } catch (error) {
      this.connected = false;
      this.reason = error instanceof Error ? error.message : String(error);
      this.emit();
      if (drained) throw error;
      return this.retry();
    }
    if (this.closed) return void connection.close();
    this.connection = connection;
    const receiver: Receiver = connection.open_receiver({ source: { address: FQQN }, credit_window: drained ? 0 : 100, autoaccept: true });
    receiver.on('message', (ctx: EventContext) => this.take(ctx));
    // Answers are taken off the hub once filed: whichever instructor face reads one first files it.
    const answers: Receiver = connection.open_receiver({ source: { address: ANSWER_ADDRESS }, credit_window: drained ? 0 : 4, autoaccept: false });
    answers.on('message', (ctx: EventContext) => this.takeAnswer(ctx));
    answers.on('receiver_error', () => undefined);
    receiver.on('receiver_open', () => {
      this.connected = true;
      this.reason = null;
      this.emit();
    });
    if (drained) {
      let left = 2;
      const one = () => (left -= 1) === 0 && drained();
      readUntilDrained(receiver, one);
      readUntilDrained(answers, one);
      // A hub made before asks existed has no answer address: the class is still read.
      answers.once('receiver_error', one);
    }
    receiver.on('receiver_error', (ctx) => {
      this.reason = `the hub refused the instructor's view (${String(ctx.receiver.error ?? 'no reason')})`;
      this.emit();
    });
    connection.on('disconnected', () => {
      if (this.closed) return;
      this.connected = false;
      this.reason = 'the hub went away; reconnecting';
      this.connection = null;
      this.emit();
      this.retry();
    });
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attach(null);
    }, RETRY_MS);
  }

  private take(ctx: EventContext): void {
    const message = ctx.message;
    if (!message) return;
    const key = message.application_properties?.[ROW_KEY];
    const body = bodyText(message.body);
    const verdict = typeof key === 'string' && key.length >= 16 ? judgeEvent(body) : ({ ok: false, why: 'malformed' } as const);
    if (!verdict.ok) {
      // Counted once per message, however many times a reconnecting view is given it.
      const fingerprint = `${String(key)}:${crypto.createHash('sha256').update(typeof body === 'string' ? body : body instanceof Uint8Array ? body : JSON.stringify(body ?? null)).digest('hex')}`;
      if (!this.droppedKeys.has(fingerprint)) {
        this.droppedKeys.add(fingerprint);
        this.dropped[verdict.why] += 1;
        this.emit();
      }
      return;
    }
    const id = rowId(key as string);
    const known = this.rows.get(id);
    // A reconnect gives the latest again; an older one never replaces a newer one.
    if (known && known.event.at > verdict.event.at) return;
    this.rows.set(id, { event: verdict.event, receivedAt: new Date().toISOString() });
    this.keys.set(id, key as string);
    if (this.live && !verdict.event.left) this.makeAskQueue(id, key as string);
    this.emit();
  }

  /**
   * The row's ask queue, made as soon as the row is seen (a sender's attach creates it: only the
   * instructor may), so the attendee's agent is listening before the instructor ever asks.
   */
  private makeAskQueue(id: string, key: string): void {
    if (this.askQueuesMade.has(id) || !this.connection) return;
    this.askQueuesMade.add(id);
    const sender = this.connection.open_sender({ target: { address: askAddress(key) } });
    sender.once('sender_open', () => sender.close());
    sender.once('sender_error', () => this.askQueuesMade.delete(id));
  }

  private takeAnswer(ctx: EventContext): void {
    const message = ctx.message;
    if (!message || !ctx.delivery) return;
    const raw = bodyText(message.body);
    const body = raw instanceof Uint8Array ? Buffer.from(raw) : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.alloc(0);
    const verdict = judgeAnswer(message.application_properties ?? null, body.byteLength);
    try {
      if (!verdict.ok) return;
      const answer = verdict.value;
      const id = rowId(answer.row);
      const hubDir = hubDirOf(this.config);
      const at = new Date().toISOString();
      // Only an answer to the row's open ask counts; a zip must be a zip.
      if (!nextAskState(readAsks(hubDir)[id] ?? null, { kind: 'answered', ask: answer.ask, answer: answer.answer, at }).counted) return;
      let file: string | undefined;
      if (answer.answer === 'sent') {
        if (!body.subarray(0, 4).equals(ZIP_MAGIC)) return;
        file = path.join(diagnosticsDir(hubDir), zipFileName(this.rows.get(id)?.event.name ?? 'attendee', id, at));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.partial`, body);
        fs.renameSync(`${file}.partial`, file);
      }
      recordAsk(hubDir, id, { kind: 'answered', ask: answer.ask, answer: answer.answer, at, ...(file ? { file } : {}) });
      this.emit();
    } catch (error) {
      // The hub dir could not take it (disk full): the row stays "asked"; the instructor asks again.
      this.reason = `an answer could not be filed (${error instanceof Error ? error.message : String(error)})`;
      this.emit();
    } finally {
      // Filed, not worth filing, or not fileable: it leaves the hub either way, never piling up there.
      ctx.delivery.accept();
    }
  }
}
