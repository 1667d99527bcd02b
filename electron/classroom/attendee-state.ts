// The attendee's classroom event from the lab's state: built whenever the store's change feed says
// something changed (agent.ts), from the snapshot that showed it and the recent changes. What the
// instructor sees is decided here and nowhere else: names, steps, roles, the last failure, the
// short timeline; every text scrubbed of paths and secrets; the whole event kept under 8 KB.
import type { LabChange } from '../../shared/change-feed.js';
import type { LabSnapshot, StepStatus } from '../../shared/lab-state.js';
import { findLab } from '../../shared/labs/index.js';
import {
  CLASSROOM_EVENT_MAX_BYTES,
  CLASSROOM_EVENT_VERSION,
  CLASSROOM_RECENT_MAX,
  classroomEventSchema,
  encodeEvent,
  type ClassroomEvent,
  type RecentChange,
} from '../../shared/classroom-event.js';
import { maskKnownValues, maskPaths, maskText, type PrivatePath } from '../lab/diagnostics/mask-secrets.js';

/** What the classroom remembers between two snapshots: when each step changed and how often it failed. */
export interface StepMemory {
  status: StepStatus;
  at: string | null;
  failures: number;
}
export interface AttendeeMemory {
  steps: Record<string, StepMemory>;
  current: { id: string; since: string } | null;
  seq: number;
  /** The latest changes the feed told, oldest first, at most CLASSROOM_RECENT_MAX. */
  recent: RecentChange[];
}

export const EMPTY_MEMORY: AttendeeMemory = { steps: {}, current: null, seq: 0, recent: [] };

/** What the attendee chose and the machine is: not in the lab's snapshot. */
export interface AttendeeProfile {
  name: string;
  hand: boolean;
  left: boolean;
  versions: { os: string; java: string; app: string };
  /** Folders whose paths never leave the machine (home, lab dir, installs); replaced by a short word. */
  privatePaths: PrivatePath[];
  /** Values masked wherever they stand (the lab's passwords). */
  secrets: string[];
}

/** The lab's snapshot as far as the classroom reads it. */
export type ClassroomInput = Pick<LabSnapshot, 'lab' | 'steps' | 'brokers' | 'config' | 'labDir' | 'installsDir'>;

function scrub(text: string, profile: AttendeeProfile, max: number): string {
  // The masks backtrack on long lines; what is kept is at most `max` characters anyway.
  let out = maskPaths(maskKnownValues(maskText(text.slice(0, max * 4)), profile.secrets), profile.privatePaths);
  // Any absolute path left (a file the lab named): only its last part travels.
  out = out.replace(/(?<![\w>~.…])(?:[A-Za-z]:)?(?:[\\/][^\s\\/'"():,;]+){2,}/g, (m) => `…/${m.split(/[\\/]/).pop()}`);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Moves the memory on by what the lab says now: a step that changed status gets its time; a new failure counts. */
export function rememberSteps(memory: AttendeeMemory, input: ClassroomInput, now: string): AttendeeMemory {
  const steps: Record<string, StepMemory> = {};
  for (const s of input.steps) {
    const before = memory.steps[s.id];
    if (!before) steps[s.id] = { status: s.status, at: s.status === 'pending' ? null : now, failures: s.status === 'failed' ? 1 : 0 };
    else if (before.status !== s.status) steps[s.id] = { status: s.status, at: now, failures: before.failures + (s.status === 'failed' ? 1 : 0) };
    else steps[s.id] = before;
  }
  const currentId = input.steps.find((s) => s.status !== 'passed' && s.status !== 'skipped')?.id ?? null;
  const current = currentId === null ? null : memory.current?.id === currentId ? memory.current : { id: currentId, since: now };
  return { steps, current, seq: memory.seq + 1, recent: memory.recent };
}

/** A change as the instructor's timeline keeps it; null for what it leaves out (a step back to pending, another lab). */
function recentOf(change: LabChange): RecentChange | null {
  const at = change.at;
  const name = (s: string | null) => (s === null ? null : s.slice(0, 32));
  switch (change.type) {
    case 'step-started':
    case 'step-skipped':
      return { type: change.type, at, step: change.step.slice(0, 64), ms: null };
    case 'step-passed':
    case 'step-failed':
      return { type: change.type, at, step: change.step.slice(0, 64), ms: change.ms };
    case 'broker-became':
      return { type: change.type, at, broker: change.broker.slice(0, 32), as: change.as, crashed: change.crashed };
    case 'failover-timed':
      return { type: change.type, at, group: change.group.slice(0, 32), ms: change.ms, from: name(change.from), to: name(change.to) };
    case 'failback-timed':
      return { type: change.type, at, group: change.group.slice(0, 32), ms: change.ms, broker: name(change.broker) };
    case 'split-brain-raised':
      return { type: change.type, at, group: change.group.slice(0, 32), brokers: change.brokers.slice(0, 8).map((b) => b.slice(0, 32)) };
    case 'split-brain-cleared':
      return { type: change.type, at, group: change.group.slice(0, 32) };
    case 'ledger-check': {
      const { label, sent, present, lost, duplicated } = change.check;
      return { type: change.type, at, label: label.slice(0, 80), sent, present, lost, duplicated };
    }
    case 'step-reset':
    case 'lab-chosen':
      return null;
  }
}

/** Moves the memory's timeline on by what the feed said; another lab starts it afresh. */
export function rememberChanges(memory: AttendeeMemory, changes: readonly LabChange[]): AttendeeMemory {
  let recent = memory.recent;
  for (const change of changes) {
    if (change.type === 'lab-chosen') recent = [];
    const entry = recentOf(change);
    if (entry) recent = [...recent, entry];
  }
  return { ...memory, recent: recent.slice(-CLASSROOM_RECENT_MAX) };
}

/** The event for this moment; throws only on a bug (the schema is this file's own promise). */
export function attendeeEvent(input: ClassroomInput, memory: AttendeeMemory, profile: AttendeeProfile, now: string): ClassroomEvent {
  const lab = findLab(input.lab);
  const titleOf = (id: string) => lab?.story.find((s) => s.id === id)?.title ?? id;
  const lastFailed = [...input.steps]
    .filter((s) => s.status === 'failed')
    .sort((a, b) => (memory.steps[b.id]?.at ?? '').localeCompare(memory.steps[a.id]?.at ?? ''))[0];
  const details = new Map(input.steps.map((s) => [s.id, s.detail ? scrub(s.detail, profile, 400) : null]));
  const cut = (text: string | null, max: number) => (text === null || max === 0 ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text);
  let detailMax = 400;
  let recent = memory.recent;
  for (;;) {
    const event: ClassroomEvent = {
      v: CLASSROOM_EVENT_VERSION,
      at: now,
      seq: memory.seq,
      name: scrub(profile.name, profile, 64) || 'attendee',
      lab: input.lab.slice(0, 64),
      labTitle: (lab?.title ?? input.lab).slice(0, 120),
      labMinutes: Math.max(1, Math.min(600, lab?.minutes ?? 30)),
      steps: input.steps.slice(0, 40).map((s) => ({
        id: s.id.slice(0, 64),
        title: titleOf(s.id).slice(0, 120),
        status: s.status,
        failures: memory.steps[s.id]?.failures ?? 0,
        at: memory.steps[s.id]?.at ?? null,
        ms: s.ms,
        detail: cut(details.get(s.id) ?? null, detailMax),
      })),
      current: memory.current,
      brokers: input.brokers.slice(0, 8).map((n) => ({ name: n.name.slice(0, 32), role: n.role, process: n.process, live: n.live })),
      failure: lastFailed
        ? {
            step: lastFailed.id,
            text: scrub(lastFailed.detail ?? 'failed', profile, 400),
            hint: lastFailed.hint ? scrub(lastFailed.hint, profile, 400) : null,
            at: memory.steps[lastFailed.id]?.at ?? null,
          }
        : null,
      hand: profile.hand,
      left: profile.left,
      versions: {
        os: profile.versions.os.slice(0, 80),
        java: profile.versions.java.slice(0, 80),
        broker: (input.config?.broker.label ?? input.config?.broker.version ?? 'not set up').slice(0, 120),
        app: profile.versions.app.slice(0, 40),
      },
      recent,
    };
    // Step details are what grows: shorten them until the event fits, then the timeline from its oldest.
    if (Buffer.byteLength(encodeEvent(event), 'utf8') <= CLASSROOM_EVENT_MAX_BYTES || (detailMax === 0 && recent.length === 0)) return classroomEventSchema.parse(event);
    if (detailMax > 0) detailMax = detailMax > 60 ? Math.floor(detailMax / 2) : 0;
    else recent = recent.slice(Math.ceil(recent.length / 2));
  }
}
