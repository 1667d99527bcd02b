// What the topology implies: start and stop order, HA groups, and the lines a picture draws.
import type { BrokerDef, LabDefinition, LabTopology } from './lab-definition.js';

export function brokerIds(topology: LabTopology): string[] {
  return topology.brokers.map((b) => b.id);
}

export function brokerDef(topology: LabTopology, id: string): BrokerDef | undefined {
  return topology.brokers.find((b) => b.id === id);
}

/** Primaries and members first, then backups, each in the topology's order. */
export function startOrder(topology: LabTopology): BrokerDef[] {
  return [...topology.brokers.filter((b) => b.role !== 'backup'), ...topology.brokers.filter((b) => b.role === 'backup')];
}

/** Backups first, so no client follows a failover to a broker about to stop. */
export function stopOrder(topology: LabTopology): BrokerDef[] {
  return [...startOrder(topology)].reverse();
}

/** Brokers that back each other up: one primary and its backups (members have none). */
export function haGroups(topology: LabTopology): Map<string, BrokerDef[]> {
  const groups = new Map<string, BrokerDef[]>();
  for (const b of topology.brokers) {
    if (b.ha === 'none' || !b.group) continue;
    groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
  }
  return groups;
}

export type LineKind = 'replication' | 'shared-store' | 'bridge';

export interface TopologyLine {
  from: string;
  to: string;
  kind: LineKind;
}

/**
 * The lines between brokers: within an HA group, the backups' edge to the primary is replication
 * or the shared journal; between members (or groups), the cluster bridges. Each pair once.
 */
export function topologyLines(topology: LabTopology): TopologyLine[] {
  const edges: TopologyLine[] = [];
  const seen = new Set<string>();
  for (const b of topology.brokers) {
    for (const peerId of b.connectsTo) {
      const peer = brokerDef(topology, peerId);
      if (!peer) continue;
      const key = [b.id, peer.id].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const sameGroup = !!b.group && b.group === peer.group && b.ha !== 'none';
      edges.push({ from: b.id, to: peer.id, kind: sameGroup ? (b.ha === 'shared-store' ? 'shared-store' : 'replication') : 'bridge' });
    }
  }
  return edges;
}

/** Problems in a lab definition, as sentences; empty when it is sound. */
export function labProblems(lab: LabDefinition): string[] {
  const problems: string[] = [];
  const ids = brokerIds(lab.topology);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`${lab.id}: broker ids repeat (${dup.join(', ')}).`);
  const instances = lab.topology.brokers.map((b) => b.instance);
  if (new Set(instances).size !== instances.length) problems.push(`${lab.id}: instance names repeat.`);
  const offsets = lab.topology.brokers.map((b) => b.portOffset);
  if (new Set(offsets).size !== offsets.length) problems.push(`${lab.id}: two brokers share a port offset.`);
  for (const b of lab.topology.brokers) {
    for (const peer of b.connectsTo) if (!ids.includes(peer)) problems.push(`${lab.id}: ${b.id} connects to unknown broker ${peer}.`);
    if (b.connectsTo.includes(b.id)) problems.push(`${lab.id}: ${b.id} connects to itself.`);
    if (b.ha !== 'none' && !b.group) problems.push(`${lab.id}: ${b.id} has HA ${b.ha} but no group.`);
    if (b.role === 'member' && b.ha !== 'none') problems.push(`${lab.id}: member ${b.id} cannot have HA ${b.ha}.`);
    if (b.group) {
      const primary = brokerDef(lab.topology, b.group);
      if (!primary || primary.role !== 'primary') problems.push(`${lab.id}: ${b.id}'s group ${b.group} is not a primary of this lab.`);
      else if (primary.ha !== b.ha) problems.push(`${lab.id}: ${b.id} and its primary use different HA kinds.`);
    }
  }
  const onWire = new Set<string>();
  for (const { between: [a, b] } of lab.topology.wires ?? []) {
    for (const end of [a, b]) {
      if (!ids.includes(end)) problems.push(`${lab.id}: a wire ends at unknown broker ${end}.`);
      if (onWire.has(end)) problems.push(`${lab.id}: ${end} is on two wires (a broker announces one address to its cluster).`);
      onWire.add(end);
    }
    if (a === b) problems.push(`${lab.id}: a wire joins ${a} to itself.`);
    const joined = brokerDef(lab.topology, a)?.connectsTo.includes(b) || brokerDef(lab.topology, b)?.connectsTo.includes(a);
    if (a !== b && !joined) problems.push(`${lab.id}: the wire ${a}–${b} joins brokers that do not connect to each other.`);
  }
  for (const [group, members] of haGroups(lab.topology)) {
    if (!members.some((m) => m.role === 'backup')) problems.push(`${lab.id}: group ${group} has no backup.`);
  }
  const stepIds = lab.story.map((s) => s.id);
  const dupSteps = stepIds.filter((id, i) => stepIds.indexOf(id) !== i);
  if (dupSteps.length) problems.push(`${lab.id}: step ids repeat (${dupSteps.join(', ')}).`);
  for (const step of lab.story) {
    for (const action of step.act) {
      const brokers = 'broker' in action && action.broker ? [action.broker] : 'brokers' in action ? action.brokers : [];
      for (const broker of brokers) if (!ids.includes(broker)) problems.push(`${lab.id}: step ${step.id} acts on unknown broker ${broker}.`);
    }
    const rules = [step.failEarly, ...step.act.map((a) => (a.do === 'wait' ? a.failEarly : undefined))].flat();
    for (const rule of rules) {
      if (rule && !ids.includes(rule.broker)) problems.push(`${lab.id}: step ${step.id} fails early on unknown broker ${rule.broker}.`);
    }
    for (const ref of step.command?.matchAll(/\{(\w+)\.(bin|url|port)\}/g) ?? []) {
      if (!ids.includes(ref[1]!)) problems.push(`${lab.id}: step ${step.id}'s command names unknown broker ${ref[1]}.`);
    }
  }
  return problems;
}
