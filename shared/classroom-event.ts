// What an attendee's lab tells the classroom hub: one versioned, schema-checked event that is the
// attendee's whole latest state (the hub keeps only the last per row, so every event stands alone).
// Checked with zod when it is built and again when the instructor reads it; never a password, a
// home-dir path or a file (attendee-state.ts scrubs text before it gets here).
import { z } from 'zod';

/** The version this build writes; a reader drops (and counts) events of a later one. */
export const CLASSROOM_EVENT_VERSION = 1;
/** An event's size on the wire (its JSON, UTF-8); larger ones are shortened by the sender, dropped by the reader. */
export const CLASSROOM_EVENT_MAX_BYTES = 8 * 1024;

/** The hub's event address (multicast) and the last-value queue the instructor reads. */
export const CLASSROOM_ADDRESS = 'classroom';
export const CLASSROOM_QUEUE = 'classroom.latest';
/** The application property the last-value queue is keyed by: the attendee's secret row key. */
export const ROW_KEY = 'row';

const text = (max: number) => z.string().max(max);
const isoTime = z.string().max(40);

export const stepStatusSchema = z.enum(['pending', 'running', 'passed', 'failed', 'skipped']);

/** How many of the attendee's latest changes an event carries (the row's short timeline). */
export const CLASSROOM_RECENT_MAX = 10;

/**
 * One of the attendee's recent changes, as the lab's change feed said it (shared/change-feed.ts),
 * cut to what the instructor's timeline shows: no step detail, a ledger check as its counts.
 */
export const recentChangeSchema = z.union([
  z.object({ type: z.enum(['step-started', 'step-passed', 'step-failed', 'step-skipped']), at: isoTime, step: text(64), ms: z.number().nullable() }).strict(),
  z.object({ type: z.literal('broker-became'), at: isoTime, broker: text(32), as: z.enum(['live', 'backup', 'stopped']), crashed: z.boolean() }).strict(),
  z.object({ type: z.literal('failover-timed'), at: isoTime, group: text(32), ms: z.number(), from: text(32).nullable(), to: text(32).nullable() }).strict(),
  z.object({ type: z.literal('failback-timed'), at: isoTime, group: text(32), ms: z.number(), broker: text(32).nullable() }).strict(),
  z.object({ type: z.literal('split-brain-raised'), at: isoTime, group: text(32), brokers: z.array(text(32)).max(8) }).strict(),
  z.object({ type: z.literal('split-brain-cleared'), at: isoTime, group: text(32) }).strict(),
  z
    .object({ type: z.literal('ledger-check'), at: isoTime, label: text(80), sent: z.number().int().min(0), present: z.number().int().min(0), lost: z.number().int().min(0), duplicated: z.number().int().min(0) })
    .strict(),
]);

export const classroomEventSchema = z
  .object({
    v: z.literal(CLASSROOM_EVENT_VERSION),
    /** When the attendee's app built it. */
    at: isoTime,
    /** Increases with each event of one attendee's app run. */
    seq: z.number().int().min(0),
    name: text(64).min(1),
    lab: text(64),
    labTitle: text(120),
    /** Minutes the lab says the whole story takes (the instructor's "stuck" bound). */
    labMinutes: z.number().int().min(1).max(600),
    steps: z
      .array(
        z.object({
          id: text(64),
          title: text(120),
          status: stepStatusSchema,
          /** How many times it failed (the instructor's "failed twice"). */
          failures: z.number().int().min(0),
          /** When it last changed status; null before it ever did. */
          at: isoTime.nullable(),
          ms: z.number().nullable(),
          detail: text(400).nullable(),
        }),
      )
      .max(40),
    /** The first step not passed or skipped, and since when it has been the current one. */
    current: z.object({ id: text(64), since: isoTime }).nullable(),
    brokers: z.array(z.object({ name: text(32), role: text(16), process: text(16), live: z.boolean() })).max(8),
    failure: z.object({ step: text(64), text: text(400), hint: text(400).nullable(), at: isoTime.nullable() }).nullable(),
    hand: z.boolean(),
    /** Set by `classroom leave`: the row stays, marked as gone. */
    left: z.boolean(),
    versions: z.object({ os: text(80), java: text(80), broker: text(120), app: text(40) }),
    /** The attendee's latest changes, oldest first: failovers and failbacks, brokers, split brain, ledger checks, steps. */
    recent: z.array(recentChangeSchema).max(CLASSROOM_RECENT_MAX),
  })
  .strict();

export type ClassroomEvent = z.infer<typeof classroomEventSchema>;
export type ClassroomStep = ClassroomEvent['steps'][number];
export type RecentChange = z.infer<typeof recentChangeSchema>;

export type EventVerdict = { ok: true; event: ClassroomEvent } | { ok: false; why: 'malformed' | 'oversized' | 'future-version' };

/** The reader's judgement of a message body: the event, or why it is dropped. */
export function judgeEvent(body: unknown): EventVerdict {
  let raw: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
    if (bytes > CLASSROOM_EVENT_MAX_BYTES) return { ok: false, why: 'oversized' };
    try {
      raw = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      return { ok: false, why: 'malformed' };
    }
  } else {
    return { ok: false, why: 'malformed' };
  }
  const v = (raw as { v?: unknown } | null)?.v;
  if (typeof v === 'number' && v > CLASSROOM_EVENT_VERSION) return { ok: false, why: 'future-version' };
  const parsed = classroomEventSchema.safeParse(raw);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, why: 'malformed' };
}

/** The event as sent: JSON, UTF-8. */
export function encodeEvent(event: ClassroomEvent): string {
  return JSON.stringify(event);
}
