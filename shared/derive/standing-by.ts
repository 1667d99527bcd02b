// Standing by, judged over the snapshot: what `up` waits for of each backup.
import type { LabSnapshot, BrokerSnapshot } from '../lab-state.js';
import type { BrokerDef, LabTopology } from '../labs/lab-definition.js';

/**
 * A backup is standing by: passive, and (replication) synchronized; with several backups of one
 * primary only one replicates, and the others wait their turn (Backup true, not synchronized).
 */
export function standingBy(s: LabSnapshot, broker: BrokerDef, topology: LabTopology): boolean {
  const n = s.brokers.find((x) => x.name === broker.id);
  if (!n || n.process !== 'running' || n.live) return false;
  if (broker.ha !== 'replication') return n.backup === true;
  if (n.replicaSync === true) return true;
  const replicating = (x: BrokerSnapshot) => x.process === 'running' && !x.live && x.replicaSync === true;
  return n.backup === true && topology.brokers.some((b) => b.id !== broker.id && b.group === broker.group && b.role === 'backup' && s.brokers.some((x) => x.name === b.id && replicating(x)));
}
