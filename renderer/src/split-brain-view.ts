// Split brain as the page shows it: the snapshot's own list (judged once, in
// shared/derive/split-brain.ts), each group's brokers named by their cards' labels.
import type { LabSnapshot } from '../../shared/lab-state.js';

export interface SplitGroup {
  group: string;
  /** The live brokers' labels, in the topology's order. */
  labels: string[];
  ids: string[];
}

export function splitBrainGroups(snapshot: Pick<LabSnapshot, 'splitBrain' | 'brokers'> | null | undefined): SplitGroup[] {
  const labelOf = (id: string) => snapshot?.brokers.find((n) => n.name === id)?.label ?? id;
  return (snapshot?.splitBrain ?? []).map((g) => ({ group: g.group, ids: g.brokers, labels: g.brokers.map(labelOf) }));
}

/** "Primary and Backup", "A, B and C". */
export function joinLabels(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
