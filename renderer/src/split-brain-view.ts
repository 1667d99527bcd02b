// Split brain as the page sees it: two brokers of one HA group both running and live, each
// taking messages the other never sees. Judged from the snapshot alone, whatever caused it.
import type { NodeSnapshot } from '../../shared/lab-state.js';
import type { LabTopology } from '../../shared/labs/lab-definition.js';
import { haGroups } from '../../shared/labs/topology.js';

export interface SplitGroup {
  group: string;
  /** The live brokers' labels, in the topology's order. */
  labels: string[];
  ids: string[];
}

export function splitBrainGroups(topology: LabTopology, nodes: NodeSnapshot[] | null | undefined): SplitGroup[] {
  const live = new Set((nodes ?? []).filter((n) => n.process === 'running' && n.live).map((n) => n.name));
  const out: SplitGroup[] = [];
  for (const [group, members] of haGroups(topology)) {
    const both = members.filter((m) => live.has(m.id));
    if (both.length >= 2) out.push({ group, labels: both.map((m) => m.label), ids: both.map((m) => m.id) });
  }
  return out;
}

/** "Primary and Backup", "A, B and C". */
export function joinLabels(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
