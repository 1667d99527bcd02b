// The instructor's asks for diagnostics, one per row: asked, then declined or arrived (with the
// file). Kept in the hub dir (asks.json) so every instructor face (the page, `watch`, `status`,
// `ask`) sees the same; an answer counts only for the row's latest ask, so a zip nobody asked for
// (or a second one for the same ask) is never written to disk.
import fs from 'node:fs';
import path from 'node:path';
import type { AskState } from '../../shared/classroom-ask.js';
import { writeJsonAtomic } from '../lab/state/atomic-json.js';

export type AskEvent = { kind: 'asked'; ask: string; at: string } | { kind: 'answered'; ask: string; answer: 'declined' | 'sent'; at: string; file?: string };

/** The row's ask after `event`, and whether the event counted (an answer to another or an answered ask does not). */
export function nextAskState(state: AskState | null, event: AskEvent): { state: AskState | null; counted: boolean } {
  if (event.kind === 'asked') return { state: { ask: event.ask, askedAt: event.at, state: 'asked', answeredAt: null, file: null }, counted: true };
  if (!state || state.ask !== event.ask || state.state !== 'asked') return { state, counted: false };
  return {
    state: { ...state, state: event.answer === 'sent' ? 'arrived' : 'declined', answeredAt: event.at, file: event.answer === 'sent' ? (event.file ?? null) : null },
    counted: true,
  };
}

export function asksPath(hubDir: string): string {
  return path.join(hubDir, 'asks.json');
}

/** Where arrived zips are filed: `diagnostics/` in the hub dir. */
export function diagnosticsDir(hubDir: string): string {
  return path.join(hubDir, 'diagnostics');
}

export function readAsks(hubDir: string): Record<string, AskState> {
  try {
    const parsed = JSON.parse(fs.readFileSync(asksPath(hubDir), 'utf8')) as { schema?: number; rows?: Record<string, AskState> };
    return parsed.schema === 1 && parsed.rows ? parsed.rows : {};
  } catch {
    return {};
  }
}

/** Applies one event to the row's ask on disk; returns whether it counted. */
export function recordAsk(hubDir: string, rowId: string, event: AskEvent): boolean {
  const rows = readAsks(hubDir);
  const { state, counted } = nextAskState(rows[rowId] ?? null, event);
  if (counted && state) writeJsonAtomic(asksPath(hubDir), { schema: 1, rows: { ...rows, [rowId]: state } }, 2);
  return counted;
}

/** A file name for a zip: the attendee's name as far as it is safe, the row, the time. */
export function zipFileName(name: string, rowId: string, at: string): string {
  const safe = name.replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'attendee';
  return `${safe}-${rowId}-${at.replace(/[:.]/g, '-')}.zip`;
}
