// The attendee's progress on disk: step states, the lab's own timeline events (what the lab did or
// noticed; the brokers' events are in their logs) and the failover/failback stopwatches, in
// <labDir>/run/progress.json. Every face merges its changes into the file under a short lock and
// reads the others' from it, so the CLI, serve and the app show one lab, and a restart resumes it.
import fs from 'node:fs';
import path from 'node:path';
import type { HaEvent, StepState } from '../../../shared/lab-state.js';
import type { GroupClock } from '../../../shared/derive/stopwatches.js';
import { findLab, DEFAULT_LAB_ID } from '../../../shared/labs/index.js';
import { writeJsonAtomic } from './atomic-json.js';
import { withLock } from './file-lock.js';
import { runDir } from '../processes/pid-files.js';
import { parseLabFile } from './earlier-shapes.js';

/** One HA group's failover/failback clocks as saved (shared/derive/stopwatches.ts moves them on). */
export type { GroupClock };

export interface LabProgress {
  schema: 1;
  steps: StepState[];
  /** Lab events only (code "LAB"), in time order. */
  events: HaEvent[];
  /** Failover/failback clocks per HA group (its primary's id). */
  stopwatch: Record<string, GroupClock>;
}

export interface ProgressChange {
  /** Steps whose state changed (whole states, matched by id). */
  steps?: StepState[];
  events?: HaEvent[];
  stopwatch?: LabProgress['stopwatch'];
}

export const MAX_SAVED_EVENTS = 400;
/** Held for one read-merge-write of a small file; anything longer is a stuck or dead writer. */
const WRITE_LOCK_WAIT_MS = 5000;

export function progressPath(labDir: string): string {
  return path.join(runDir(labDir), 'progress.json');
}

export function eventKey(e: HaEvent): string {
  return `${e.time}|${e.broker}|${e.code}|${e.text}`;
}

function isProgress(value: unknown): value is LabProgress {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<LabProgress>;
  return v.schema === 1 && Array.isArray(v.steps) && Array.isArray(v.events) && !!v.stopwatch && typeof v.stopwatch === 'object';
}

/** The saved progress, or null when there is none. A damaged file is moved aside, never lost. */
export function readProgress(labDir: string): LabProgress | null {
  const file = progressPath(labDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = parseLabFile(text);
    if (isProgress(parsed)) return upgradeClocks(parsed);
  } catch {
    /* damaged: below */
  }
  try {
    fs.renameSync(file, `${file}.damaged-${Date.now()}`);
  } catch {
    /* another face moved it first */
  }
  return null;
}

/** Progress saved before labs had several HA groups kept one clock: the seed lab's pair's. */
function upgradeClocks(p: LabProgress): LabProgress {
  const old = p.stopwatch as unknown as Partial<GroupClock>;
  if (!('failover' in old) && !('failback' in old)) return p;
  const group = findLab(DEFAULT_LAB_ID)!.topology.brokers[0]!.id;
  return { ...p, stopwatch: { [group]: { failover: old.failover ?? null, failback: old.failback ?? null, displaced: [] } } };
}

/** Merges `change` into the saved progress; `base` is the step list a lab without a file starts from. */
export function mergeProgress(saved: LabProgress | null, change: ProgressChange, base: StepState[]): LabProgress {
  const current: LabProgress = saved ?? { schema: 1, steps: base, events: [], stopwatch: {} };
  const changed = new Map((change.steps ?? []).map((s) => [s.id, s]));
  const known = new Set(current.steps.map((s) => s.id));
  const steps = [...current.steps.map((s) => changed.get(s.id) ?? s), ...[...changed.values()].filter((s) => !known.has(s.id))];
  const keys = new Set(current.events.map(eventKey));
  const events = [...current.events, ...(change.events ?? []).filter((e) => !keys.has(eventKey(e)))]
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
    .slice(-MAX_SAVED_EVENTS);
  return { schema: 1, steps, events, stopwatch: { ...current.stopwatch, ...change.stopwatch } };
}

/** Read, merge, write whole (a kill mid-write leaves the old file). */
export async function saveProgress(labDir: string, change: ProgressChange, base: StepState[]): Promise<LabProgress> {
  const file = progressPath(labDir);
  return withLock(`${file}.lock`, { face: 'a lab process', action: 'save progress' }, { waitMs: WRITE_LOCK_WAIT_MS }, async () => {
    const next = mergeProgress(readProgress(labDir), change, base);
    writeJsonAtomic(file, next, 2);
    return next;
  });
}
