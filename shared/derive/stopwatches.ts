// Failover and failback clocks, per HA group, from what the lab observes of each broker. Pure:
// deriving the snapshot moves them on (derive.ts) and the store keeps what comes out.
import type { Stopwatch, Stopwatches } from '../lab-state.js';

/** What the clocks need to know of one broker right now. */
export interface BrokerObservation {
  name: string;
  /** Its HA group (the primary's id); members without HA have none and start no clock. */
  group: string | null;
  /** The group's primary: only it takes the live role back (failback); a backup restarts as a backup. */
  primary: boolean;
  running: boolean;
  /** Serving clients now. */
  live: boolean;
  /** Whether it was live the last time it was seen running (a crashed live broker no longer says so). */
  wasLive: boolean;
  startedAt: string | null;
  stopRequestedAt: string | null;
  crashRequestedAt: string | null;
}

/** One HA group's failover/failback clocks, as kept in the store and saved with the progress. */
export interface GroupClock {
  failover: Stopwatch | null;
  failback: Stopwatch | null;
  /** Brokers whose stop started a failover and that have not been live since: a restart of one is a failback. */
  displaced: string[];
}

export const EMPTY_CLOCK: GroupClock = { failover: null, failback: null, displaced: [] };

/**
 * Failover: a live broker's stop or kill is issued while another broker of its group stands by,
 * until another broker of the group is live. Failback: a displaced broker restarts after the
 * failover, until it is live again; only the primary fails back (a restarted backup waits as a backup). Stop requests come from the run files, so a stop issued by
 * another face still starts the clock; `down` stops backups first, so it starts none.
 */
export function advanceClock(clock: GroupClock, members: BrokerObservation[], now: string): GroupClock {
  let { failover, failback, displaced } = clock;
  const standsBy = (name: string) => members.some((m) => m.name !== name && m.running && !m.stopRequestedAt && !m.crashRequestedAt);
  for (const m of members) {
    const trigger = latest(m.stopRequestedAt, m.crashRequestedAt);
    if (!trigger || !m.wasLive || !standsBy(m.name)) continue;
    if (!failover || failover.startedAt < trigger) {
      failover = { startedAt: trigger, endedAt: null, ms: null, broker: m.name, to: null };
      if (!displaced.includes(m.name)) displaced = [...displaced, m.name];
    }
  }
  if (failover && !failover.endedAt) {
    const taker = members.find((m) => m.name !== failover!.broker && m.running && m.live);
    if (taker) failover = { ...finish(failover, now), to: taker.name };
  }
  if (failover?.endedAt) {
    for (const m of members) {
      if (!displaced.includes(m.name) || !m.startedAt || m.startedAt <= failover.startedAt) continue;
      if (!m.primary) {
        displaced = displaced.filter((d) => d !== m.name);
        continue;
      }
      if (!failback || failback.startedAt < m.startedAt) failback = { startedAt: m.startedAt, endedAt: null, ms: null, broker: m.name, to: null };
    }
  }
  if (failback && !failback.endedAt) {
    const back = members.find((m) => m.name === failback!.broker && m.running && m.live);
    if (back) {
      failback = { ...finish(failback, now), to: back.name };
      displaced = displaced.filter((d) => d !== back.name);
    }
  }
  // A displaced broker live again in a later run (by any road) is no longer displaced; while its
  // graceful stop is still under way it is live in the old run, and still displaced.
  const since = failover?.startedAt ?? '';
  displaced = displaced.filter((d) => !members.some((m) => m.name === d && m.running && m.live && !!m.startedAt && m.startedAt > since));
  return { failover, failback, displaced };
}

/** The most recently started of the groups' clocks: what a one-pair lab's timeline shows. */
export function latestOf(clocks: Iterable<Stopwatches>): Stopwatches {
  let failover: Stopwatch | null = null;
  let failback: Stopwatch | null = null;
  for (const c of clocks) {
    if (c.failover && (!failover || c.failover.startedAt > failover.startedAt)) failover = c.failover;
    if (c.failback && (!failback || c.failback.startedAt > failback.startedAt)) failback = c.failback;
  }
  return { failover, failback };
}

export function sameClock(a: Stopwatches, b: Stopwatches): boolean {
  return JSON.stringify([a.failover, a.failback]) === JSON.stringify([b.failover, b.failback]);
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

function finish(watch: Stopwatch, endedAt: string): Stopwatch {
  return { ...watch, endedAt, ms: Math.max(0, Date.parse(endedAt) - Date.parse(watch.startedAt)) };
}

/** The saved stopwatch is news: a later trigger, or the same one now finished. */
export function newerWatch(saved: Stopwatch | null, mine: Stopwatch | null): boolean {
  if (!saved) return false;
  if (!mine || saved.startedAt > mine.startedAt) return true;
  return saved.startedAt === mine.startedAt && !mine.endedAt && !!saved.endedAt;
}
