// Where the topology picture puts things: one row of boxes, an HA group's brokers side by side,
// lines between neighbours straight and between others arched over the row, and one journal
// disk under each shared-store group. Pure, so the picture's geometry is tested without a DOM.
import type { BrokerDef, LabTopology } from '../../shared/labs/lab-definition.js';
import { topologyLines, type LineKind } from '../../shared/labs/topology.js';

export interface BoxPlace {
  broker: BrokerDef;
  x: number;
  y: number;
}

export interface LinePlace {
  from: string;
  to: string;
  kind: Exclude<LineKind, 'shared-store'>;
  /** SVG path data. */
  d: string;
  /** The middle of the line, where a wire's mark and its Cut/Heal button sit. */
  mid: { x: number; y: number };
  /** The lab's wire runs along this line (topology.wires), as its declared ends. */
  wire: [string, string] | null;
}

export interface DiskPlace {
  group: string;
  /** Centre of the disk symbol. */
  cx: number;
  cy: number;
  /** Paths from each member's box to the disk. */
  spokes: Array<{ broker: string; d: string }>;
}

export interface TopologyLayout {
  width: number;
  height: number;
  boxW: number;
  boxH: number;
  boxes: BoxPlace[];
  lines: LinePlace[];
  disks: DiskPlace[];
}

export interface LayoutSize {
  boxW: number;
  boxH: number;
  gap: number;
}

export const FULL_SIZE: LayoutSize = { boxW: 184, boxH: 84, gap: 52 };
export const SMALL_SIZE: LayoutSize = { boxW: 100, boxH: 36, gap: 26 };
/** A wired lab's full picture: a wider gap leaves room on the line for the wire's label and its Cut/Heal button. */
export const WIRED_SIZE: LayoutSize = { ...FULL_SIZE, gap: 124 };

/** Topology order, but each HA group's brokers together (where its primary first appears). */
export function rowOrder(topology: LabTopology): BrokerDef[] {
  const keys: string[] = [];
  const byKey = new Map<string, BrokerDef[]>();
  for (const b of topology.brokers) {
    const key = b.group ?? b.id;
    if (!byKey.has(key)) {
      keys.push(key);
      byKey.set(key, []);
    }
    byKey.get(key)!.push(b);
  }
  return keys.flatMap((k) => byKey.get(k)!);
}

export function layoutTopology(topology: LabTopology, size: LayoutSize = FULL_SIZE): TopologyLayout {
  const { boxW, boxH, gap } = size;
  const row = rowOrder(topology);
  const edges = topologyLines(topology);
  const index = new Map(row.map((b, i) => [b.id, i]));
  // Room above the row for arches (the farthest pair arches highest) and below for disks.
  const maxSpan = Math.max(1, ...edges.filter((l) => l.kind !== 'shared-store').map((l) => Math.abs(index.get(l.to)! - index.get(l.from)!)));
  const archRoom = edges.some((l) => l.kind !== 'shared-store' && Math.abs(index.get(l.to)! - index.get(l.from)!) > 1) ? Math.round(boxH * 0.2) * maxSpan + 4 : 6;
  const hasDisk = edges.some((l) => l.kind === 'shared-store');
  const diskRoom = hasDisk ? Math.round(boxH * 1.05) : 6;
  const top = archRoom;
  const boxes = row.map((broker, i) => ({ broker, x: 4 + i * (boxW + gap), y: top }));
  const at = (id: string) => boxes[index.get(id)!]!;
  const width = 8 + row.length * boxW + (row.length - 1) * gap;
  const height = top + boxH + diskRoom;

  const lines: LinePlace[] = [];
  for (const edge of edges) {
    if (edge.kind === 'shared-store') continue;
    const [a, b] = [at(edge.from), at(edge.to)].sort((p, q) => p.x - q.x) as [BoxPlace, BoxPlace];
    const span = Math.round((b.x - a.x) / (boxW + gap));
    let d: string;
    let mid: LinePlace['mid'];
    if (span <= 1) {
      const y = a.y + boxH / 2;
      d = `M ${a.x + boxW} ${y} L ${b.x} ${y}`;
      mid = { x: (a.x + boxW + b.x) / 2, y };
    } else {
      // Over the boxes in between: leave the top edges a little inside each box, arch up.
      const x1 = a.x + boxW * 0.7;
      const x2 = b.x + boxW * 0.3;
      // A cubic's peak is 3/4 of its control points' lift: the farthest pair fills the room above.
      const lift = Math.round(((archRoom - 6) / 0.75) * (span / maxSpan));
      d = `M ${x1} ${a.y} C ${x1} ${a.y - lift}, ${x2} ${b.y - lift}, ${x2} ${b.y}`;
      mid = { x: (x1 + x2) / 2, y: a.y - 0.75 * lift };
    }
    const wire = topology.wires?.find((w) => w.between.includes(edge.from) && w.between.includes(edge.to))?.between ?? null;
    lines.push({ from: edge.from, to: edge.to, kind: edge.kind, d, mid, wire: wire ? [wire[0], wire[1]] : null });
  }

  const disks: DiskPlace[] = [];
  const sharedGroups = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.kind !== 'shared-store') continue;
    const group = topology.brokers.find((b) => b.id === edge.from)?.group ?? edge.from;
    const members = sharedGroups.get(group) ?? new Set<string>();
    members.add(edge.from).add(edge.to);
    sharedGroups.set(group, members);
  }
  for (const [group, members] of sharedGroups) {
    const places = row.filter((b) => members.has(b.id)).map((b) => at(b.id));
    const cx = (places[0]!.x + places.at(-1)!.x + boxW) / 2;
    const cy = top + boxH + diskRoom * 0.45;
    const spokes = places.map((p) => {
      const x = p.x + boxW / 2;
      return { broker: p.broker.id, d: `M ${x} ${p.y + boxH} C ${x} ${cy}, ${x} ${cy}, ${cx} ${cy}` };
    });
    disks.push({ group, cx, cy, spokes });
  }
  return { width, height, boxW, boxH, boxes, lines, disks };
}
