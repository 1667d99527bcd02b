// Split brain, judged once for every face (docs/architecture.md): two or more brokers of one HA
// group — replication or shared store — that both run and both serve clients, each taking
// messages the other never sees. The snapshot lists such a group at once (the page's alarm and
// the cards); the timeline and the change feed raise the alarm once it has held for
// SPLIT_BRAIN_CONFIRM_MS, and clear it when it ends.
import type { LabSnapshot, BrokerName, BrokerSnapshot } from '../lab-state.js';
import type { LabTopology } from '../labs/lab-definition.js';
import { haGroups } from '../labs/topology.js';

// 0.5 s is two Jolokia rounds, so one stale reading is not taken for a split brain (a failback
// hands over through the log's AMQ221002 before the other's AMQ221007, so the two never overlap
// longer). Not longer: "Do it for me" heals and repairs within 1.5-2 s of the second broker going
// live (bench: the alarm came in 1 run of 3 at 1.5 s).
export const SPLIT_BRAIN_CONFIRM_MS = 500;

export type SplitBrain = LabSnapshot['splitBrain'][number];

export interface GroupLiveness {
  group: string;
  /** Brokers of the group that run and are live now, in the topology's order. */
  live: BrokerName[];
}

/** Since when a group has had two live brokers (ms), and whether the alarm was raised. */
export interface SplitBrainMemory {
  since: number;
  raised: boolean;
}

export interface SplitBrainNews {
  group: string;
  started: boolean;
  live: BrokerName[];
}

/** The one rule: per HA group, its brokers that run (not starting, not stopping) and are live. */
export function liveByGroup(topology: LabTopology, brokers: readonly BrokerSnapshot[]): GroupLiveness[] {
  const live = new Set(brokers.filter((n) => n.process === 'running' && n.live).map((n) => n.name));
  return [...haGroups(topology)].map(([group, members]) => ({ group, live: members.filter((m) => live.has(m.id)).map((m) => m.id) }));
}

/** Moves each group's memory on to `now`; returns it and what became news (raised, or over). */
export function advanceSplitBrain(
  memory: Readonly<Record<string, SplitBrainMemory>>,
  groups: readonly GroupLiveness[],
  now: number,
): { memory: Record<string, SplitBrainMemory>; news: SplitBrainNews[] } {
  const next: Record<string, SplitBrainMemory> = {};
  const news: SplitBrainNews[] = [];
  for (const { group, live } of groups) {
    const before = memory[group];
    if (live.length < 2) {
      if (before?.raised) news.push({ group, started: false, live });
      continue;
    }
    const since = before?.since ?? now;
    const raised = before?.raised || now - since >= SPLIT_BRAIN_CONFIRM_MS;
    if (raised && !before?.raised) news.push({ group, started: true, live });
    next[group] = { since, raised };
  }
  return { memory: next, news };
}

export function splitBrainText(n: SplitBrainNews, labelOf: (id: string) => string): string {
  const names = n.live.map(labelOf).join(' and ');
  return n.started
    ? `Split brain: ${names} are both live. Each takes messages the other never sees; clients on either side carry on.`
    : n.live.length === 1
      ? `Split brain over: only ${names} is live now.`
      : 'Split brain over: no broker of the pair is live now.';
}
