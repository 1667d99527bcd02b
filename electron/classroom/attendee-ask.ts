// The attendee's side of an ask for diagnostics: the agent writes an ask it received to
// classroom-ask.json (beside the membership), a face writes the attendee's answer there, and the
// agent acts on it. Nothing is sent unless the answer is "send": a decline, or no answer at all,
// never runs the diagnostics.
import fs from 'node:fs';
import path from 'node:path';
import { DIAGNOSTICS_CONTENTS, type AskMessage, type PendingAsk } from '../../shared/classroom-ask.js';
import { LabError } from '../lab/lab-error.js';
import { writeJsonAtomic } from '../lab/state/atomic-json.js';
import { userConfigDir } from './membership.js';

/** On disk: the ask, the row it is for (a new membership forgets it), and the attendee's answer once given. */
export interface SavedAsk extends PendingAsk {
  rowKey: string;
  answer: 'send' | 'decline' | null;
  /** The hub has the answer (the zip, or the word "declined"). */
  told: boolean;
}

export type AttendeeAskEvent =
  | { kind: 'received'; message: AskMessage }
  | { kind: 'answered'; accept: boolean }
  | { kind: 'sending' }
  | { kind: 'told' }
  | { kind: 'sent'; note: string }
  | { kind: 'failed'; reason: string };

/** The ask after `event`; null when the event does not apply (an answer with nothing pending, a second answer). */
export function nextPendingAsk(saved: SavedAsk | null, rowKey: string, event: AttendeeAskEvent): SavedAsk | null {
  if (event.kind === 'received') {
    // The same ask told twice (a redelivery) keeps its answer; a new one starts over.
    if (saved && saved.ask === event.message.ask) return null;
    return { rowKey, ask: event.message.ask, askedAt: event.message.at, from: event.message.from, state: 'pending', reason: null, contains: DIAGNOSTICS_CONTENTS, answer: null, told: false };
  }
  if (!saved) return null;
  switch (event.kind) {
    case 'answered':
      if (saved.state !== 'pending' || saved.answer !== null) return null;
      // Declined is final at once: nothing is collected, nothing but the word "declined" is sent.
      return event.accept ? { ...saved, answer: 'send' } : { ...saved, answer: 'decline', state: 'declined' };
    case 'sending':
      // From "sending" too: an agent that stopped half-way starts the sending again.
      return saved.answer === 'send' && (saved.state === 'pending' || saved.state === 'sending') ? { ...saved, state: 'sending' } : null;
    case 'told':
      return saved.state === 'declined' && !saved.told ? { ...saved, told: true } : null;
    case 'sent':
      return saved.state === 'sending' ? { ...saved, state: 'sent', reason: event.note, told: true } : null;
    case 'failed':
      return saved.state === 'sending' ? { ...saved, state: 'failed', reason: event.reason } : null;
  }
}

export function askPath(dir = userConfigDir()): string {
  return path.join(dir, 'classroom-ask.json');
}

export function readSavedAsk(dir = userConfigDir(), rowKey?: string): SavedAsk | null {
  try {
    const saved = JSON.parse(fs.readFileSync(askPath(dir), 'utf8')) as SavedAsk;
    return typeof saved.ask === 'string' && (rowKey === undefined || saved.rowKey === rowKey) ? saved : null;
  } catch {
    return null;
  }
}

/** Applies an event to the saved ask; returns the new one, or null when it did not apply. */
export function applyAskEvent(rowKey: string, event: AttendeeAskEvent, dir = userConfigDir()): SavedAsk | null {
  const next = nextPendingAsk(readSavedAsk(dir, rowKey), rowKey, event);
  if (next) {
    writeJsonAtomic(askPath(dir), next, 2);
    fs.chmodSync(askPath(dir), 0o600);
  }
  return next;
}

export function forgetAsk(dir = userConfigDir()): void {
  fs.rmSync(askPath(dir), { force: true });
}

/** The ask as a face shows it (no row key). */
export function pendingAskView(saved: SavedAsk | null): PendingAsk | null {
  if (!saved) return null;
  const { rowKey: _rowKey, answer: _answer, told: _told, ...view } = saved;
  return view;
}

const ANSWER_BOUND_MS = 120_000;

/**
 * The attendee's answer, from any face: written for the agent, which sends the zip (or the word
 * "declined"); waits a bounded while for the agent to say how it went.
 */
export async function answerAsk(accept: boolean, rowKey: string, ensureAgent: () => Promise<unknown>, dir = userConfigDir(), boundMs = ANSWER_BOUND_MS): Promise<PendingAsk> {
  const saved = readSavedAsk(dir, rowKey);
  if (!saved) throw new LabError('BAD_REQUEST', 'The instructor has not asked for your diagnostics.');
  const next = applyAskEvent(rowKey, { kind: 'answered', accept }, dir);
  if (!next) throw new LabError('BAD_REQUEST', `You already answered this ask (${saved.state}).`);
  await ensureAgent();
  // Declined is done: the agent tells the hub the word on its own time.
  if (!accept) return pendingAskView(next)!;
  const started = Date.now();
  for (;;) {
    const now = readSavedAsk(dir, rowKey);
    if (!now || now.ask !== saved.ask || now.state === 'sent' || now.state === 'failed' || Date.now() - started > boundMs) return pendingAskView(now ?? next)!;
    await new Promise((r) => setTimeout(r, 100));
  }
}
