// Which wires `wire cut|heal|delay [A B]` means: every wire when no broker is named, else the
// wires between A and B in either direction. A line in the topology has no direction, and a
// partition between two brokers must stop both the connections A opens and those B opens.
import type { WireSpec } from '../../../shared/wire-state.js';
import { LabError } from '../lab-error.js';

const pairName = (l: Pick<WireSpec, 'from' | 'to'>) => `${l.from} -> ${l.to}`;

/**
 * Indexes of the chosen wires. `brokers` are the lab's broker ids when a lab is set up (so a typo
 * is told apart from a pair with no wire between them); without a lab, the wires' own ends.
 */
export function selectWires(wires: readonly Pick<WireSpec, 'from' | 'to'>[], ends: readonly string[], brokers?: readonly string[]): number[] {
  if (ends.length === 0) return wires.map((_, i) => i);
  const example = wires[0] ? `${wires[0].from} ${wires[0].to}` : brokers && brokers.length >= 2 ? `${brokers[0]} ${brokers[1]}` : '<broker> <broker>';
  if (ends.length !== 2) throw new LabError('BAD_REQUEST', `Name both ends of a wire, or none for every wire (got "${ends.join(' ')}").`, `For example \`amq-ha-lab wire cut ${example}\`.`);
  const [a, b] = ends as [string, string];
  const known = brokers && brokers.length > 0 ? brokers : [...new Set(wires.flatMap((l) => [l.from, l.to]))];
  for (const end of [a, b]) {
    if (!known.includes(end)) throw new LabError('BAD_REQUEST', `"${end}" is not a broker of this lab (${known.join(', ')}).`, `For example \`amq-ha-lab wire cut ${example}\`.`);
  }
  if (a === b) throw new LabError('BAD_REQUEST', `A wire joins two brokers; "${a}" was named twice.`, `For example \`amq-ha-lab wire cut ${example}\`.`);
  const chosen = wires.flatMap((l, i) => ((l.from === a && l.to === b) || (l.from === b && l.to === a) ? [i] : []));
  if (chosen.length === 0) {
    throw new LabError('BAD_REQUEST', `There is no wire between ${a} and ${b}.`, `The wires: ${wires.map(pairName).join(', ') || 'none'}.`);
  }
  return chosen;
}
