// The instructor's rows: one per attendee row key (two attendees of one name are two rows), the
// ones that need help first. Shared by the CLI (`classroom status`, `watch`) and the page.
import type { AskState } from './classroom-ask.js';
import type { ClassroomEvent } from './classroom-event.js';

export type HelpReason = 'hand' | 'failed-twice' | 'stuck';

export interface ClassroomRow {
  /** A short public id of the attendee's row (a hash of its secret key: shown, never the key). */
  id: string;
  event: ClassroomEvent;
  /** When the hub gave this state to the instructor's view. */
  receivedAt: string;
  help: HelpReason[];
  /** Steps passed or skipped, of all. */
  done: number;
  total: number;
  /** The instructor's latest ask for this attendee's diagnostics, and its answer. */
  ask?: AskState | null;
}

export interface DroppedCounts {
  malformed: number;
  oversized: number;
  'future-version': number;
}

export interface ClassroomView {
  title: string;
  /** `host:port` attendees join. */
  address: string;
  /** The line attendees type (code and pin included): shown big enough to project. */
  joinLine: string;
  rows: ClassroomRow[];
  dropped: DroppedCounts;
  /** When the view last heard from the hub; null: never. */
  connected: boolean;
  reason: string | null;
}

/** How long a step may take before the attendee counts as stuck: the lab's minutes shared by its steps. */
export function stepBudgetMs(event: Pick<ClassroomEvent, 'labMinutes' | 'steps'>): number {
  return (event.labMinutes * 60_000) / Math.max(1, event.steps.length);
}

export function helpReasons(event: ClassroomEvent, now: number): HelpReason[] {
  if (event.left) return [];
  const reasons: HelpReason[] = [];
  if (event.hand) reasons.push('hand');
  if (event.steps.some((s) => s.failures >= 2 && s.status !== 'passed' && s.status !== 'skipped')) reasons.push('failed-twice');
  if (event.current && now - Date.parse(event.current.since) > stepBudgetMs(event)) reasons.push('stuck');
  return reasons;
}

export function toRow(id: string, event: ClassroomEvent, receivedAt: string, now: number): ClassroomRow {
  return {
    id,
    event,
    receivedAt,
    help: helpReasons(event, now),
    done: event.steps.filter((s) => s.status === 'passed' || s.status === 'skipped').length,
    total: event.steps.length,
  };
}

/** Needs help first (a raised hand before a failure before a long step), then by name, then by id. */
export function sortRows(rows: readonly ClassroomRow[]): ClassroomRow[] {
  const weight = (r: ClassroomRow) => (r.help.includes('hand') ? 0 : r.help.includes('failed-twice') ? 1 : r.help.includes('stuck') ? 2 : r.event.left ? 4 : 3);
  return [...rows].sort((a, b) => weight(a) - weight(b) || a.event.name.localeCompare(b.event.name) || a.id.localeCompare(b.id));
}

/** The view with only one lab's rows (the instructor's filter); the labs present, for the choice. */
export function viewOfLab(view: ClassroomView, lab: string | null | undefined): ClassroomView {
  return lab ? { ...view, rows: view.rows.filter((r) => r.event.lab === lab) } : view;
}

export function labsOf(view: ClassroomView): string[] {
  return [...new Set(view.rows.map((r) => r.event.lab))];
}

export const HELP_WORDS: Record<HelpReason, string> = {
  hand: 'hand raised',
  'failed-twice': 'a step failed twice',
  stuck: 'long on one step',
};
