// Is a running broker hung? Pure rules over two observations: the OS says the process is stopped
// (Linux, at once: hung for sure), or Jolokia, which answered this JVM before, has not for
// HUNG_AFTER_MS (silent: busy, starved or hung — a live broker in a failback's final handshake
// answers nothing for 5-15 s in the browser runs, docs/failback.md). A JVM that never answered yet
// is starting, not hung.
import type { BrokerSnapshot } from '../lab-state.js';

/**
 * Silence long enough to call it hung: three Jolokia polls in a row unanswered (each waits
 * 1.5 s). Shorter, and a GC pause on a loaded laptop would raise the alarm.
 */
export const HUNG_AFTER_MS = 5000;

export type Hung = NonNullable<BrokerSnapshot['hung']>;

export interface HungWatch {
  /** When Jolokia last answered this JVM (ms), null before its first answer. */
  answeredAt: number | null;
  /** When the OS was first seen holding the process stopped, null while it runs. */
  stoppedAt: number | null;
  /** What the snapshot says now. */
  state: Hung | null;
}

/** The hung state now, for one episode from its first `since` until the broker answers again. */
export function hungOf(watch: HungWatch, running: boolean, now: number): Hung | null {
  if (!running) return null;
  let next: Hung | null = null;
  // Silent since its last answer, which came before the stop (polls are 250 ms apart).
  if (watch.stoppedAt !== null) next = { since: new Date(Math.min(watch.answeredAt ?? watch.stoppedAt, watch.stoppedAt)).toISOString(), why: 'stopped' };
  else if (watch.answeredAt !== null && now - watch.answeredAt >= HUNG_AFTER_MS) next = { since: new Date(watch.answeredAt).toISOString(), why: 'silent' };
  if (!next) return null;
  // One episode keeps its start, and a process seen stopped stays "hung" until it answers again.
  return watch.state ? { since: watch.state.since, why: watch.state.why === 'stopped' ? 'stopped' : next.why } : next;
}

/** The timeline's line when a broker becomes hung or answers again; null when nothing changed. */
export function hungText(label: string, before: Hung | null, after: Hung | null, now: number): string | null {
  if (!before && after) {
    return after.why === 'stopped'
      ? `${label} is hung: its JVM is stopped (SIGSTOP or a debugger) and answers nothing; its peers see silence until their connection TTL runs out.`
      : `${label} is not answering: Jolokia has had no answer for ${Math.round(HUNG_AFTER_MS / 1000)} s (busy, starved or hung).`;
  }
  const seconds = before ? Math.round((now - Date.parse(before.since)) / 1000) : 0;
  if (before && !after) return before.why === 'stopped' ? `${label} answers again after ${seconds} s hung.` : `${label} answers again after ${seconds} s.`;
  return null;
}
