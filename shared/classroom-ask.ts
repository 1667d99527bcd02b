// The instructor's request for an attendee's diagnostics, and the attendee's answer: small,
// versioned, zod-checked when built and when read (the same rules as the state event). The one
// large message of the classroom is the zip itself, sent only after the attendee said yes.
import { z } from 'zod';

export const ASK_VERSION = 1;
/** An ask or a decline on the wire; the zip is the one message allowed to be larger. */
export const ASK_MAX_BYTES = 8 * 1024;
/** The zip the attendee sends: logs are tails of 2000 lines, so a lab's zip is far below this. */
export const DIAGNOSTICS_MAX_BYTES = 8 * 1024 * 1024;

/** Each attendee's ask queue is named by their secret row key, so only they (and the instructor) can name it. */
export const ASK_ADDRESS_PREFIX = 'classroom.ask.';
/** Where answers go: a decline (a few bytes) or the zip; only the instructor reads it. */
export const ANSWER_ADDRESS = 'classroom.diagnostics';

export function askAddress(rowKey: string): string {
  return `${ASK_ADDRESS_PREFIX}${rowKey}`;
}

/** What the attendee is told the zip holds, word for word what electron/lab/diagnostics writes. */
export const DIAGNOSTICS_CONTENTS =
  "the doctor's checks, versions, lab.json, each broker's broker.xml, artemis.profile and last 2000 log lines, the lab's snapshot and state files; passwords masked, your home, lab and installs folders replaced by ~, <lab> and <installs>";

const id = z.string().regex(/^[0-9a-f]{16,64}$/);
const isoTime = z.string().max(40);

export const askMessageSchema = z.object({ v: z.literal(ASK_VERSION), ask: id, at: isoTime, from: z.string().max(120) }).strict();
export type AskMessage = z.infer<typeof askMessageSchema>;

/** Application properties of an answer: whose row, which ask, and what (the zip's bytes are the body of a "sent"). */
export const answerPropertiesSchema = z
  .object({ v: z.literal(ASK_VERSION), row: z.string().min(16).max(64), ask: id, answer: z.enum(['declined', 'sent']) })
  .passthrough();
export type AnswerProperties = z.infer<typeof answerPropertiesSchema>;

export type AskVerdict<T> = { ok: true; value: T } | { ok: false; why: 'malformed' | 'oversized' | 'future-version' };

function versionOf(raw: unknown): number | null {
  const v = (raw as { v?: unknown } | null)?.v;
  return typeof v === 'number' ? v : null;
}

/** The attendee's reading of a message on its ask queue. */
export function judgeAsk(body: unknown): AskVerdict<AskMessage> {
  if (typeof body !== 'string') return { ok: false, why: 'malformed' };
  if (Buffer.byteLength(body, 'utf8') > ASK_MAX_BYTES) return { ok: false, why: 'oversized' };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if ((versionOf(raw) ?? 0) > ASK_VERSION) return { ok: false, why: 'future-version' };
  const parsed = askMessageSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, why: 'malformed' };
}

/** The instructor's reading of an answer: its properties, and for a zip its size. */
export function judgeAnswer(properties: unknown, bodyBytes: number): AskVerdict<AnswerProperties> {
  if ((versionOf(properties) ?? 0) > ASK_VERSION) return { ok: false, why: 'future-version' };
  const parsed = answerPropertiesSchema.safeParse(properties);
  if (!parsed.success) return { ok: false, why: 'malformed' };
  const max = parsed.data.answer === 'sent' ? DIAGNOSTICS_MAX_BYTES : ASK_MAX_BYTES;
  if (bodyBytes > max) return { ok: false, why: 'oversized' };
  return { ok: true, value: parsed.data };
}

/** One row's ask as the instructor sees it. */
export interface AskState {
  ask: string;
  askedAt: string;
  state: 'asked' | 'declined' | 'arrived';
  answeredAt: string | null;
  /** The zip, on the instructor's machine, once it arrived. */
  file: string | null;
}

/** An ask as the attendee sees it: waiting for their answer, then what became of it. */
export interface PendingAsk {
  ask: string;
  askedAt: string;
  from: string;
  state: 'pending' | 'sending' | 'sent' | 'declined' | 'failed';
  reason: string | null;
  /** What the zip holds (DIAGNOSTICS_CONTENTS). */
  contains: string;
}

export const ASK_WORDS: Record<AskState['state'], string> = { asked: 'diagnostics asked', declined: 'diagnostics declined', arrived: 'diagnostics arrived' };
