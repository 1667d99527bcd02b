// Which links `link cut|heal|delay [A B]` means: every link when no broker is named, else the
// links between A and B in either direction. A line in the topology has no direction, and a
// partition between two brokers must stop both the connections A opens and those B opens.
import type { LinkSpec } from '../../../shared/link-state.js';
import { LabError } from '../lab-error.js';

const pairName = (l: Pick<LinkSpec, 'from' | 'to'>) => `${l.from} -> ${l.to}`;

/**
 * Indexes of the chosen links. `brokers` are the lab's broker ids when a lab is set up (so a typo
 * is told apart from a pair with no link between them); without a lab, the links' own ends.
 */
export function selectLinks(links: readonly Pick<LinkSpec, 'from' | 'to'>[], ends: readonly string[], brokers?: readonly string[]): number[] {
  if (ends.length === 0) return links.map((_, i) => i);
  const example = links[0] ? `${links[0].from} ${links[0].to}` : 'master backup';
  if (ends.length !== 2) throw new LabError('BAD_REQUEST', `Name both ends of a link, or none for every link (got "${ends.join(' ')}").`, `For example \`amq-ha-lab link cut ${example}\`.`);
  const [a, b] = ends as [string, string];
  const known = brokers && brokers.length > 0 ? brokers : [...new Set(links.flatMap((l) => [l.from, l.to]))];
  for (const end of [a, b]) {
    if (!known.includes(end)) throw new LabError('BAD_REQUEST', `"${end}" is not a broker of this lab (${known.join(', ')}).`, `For example \`amq-ha-lab link cut ${example}\`.`);
  }
  if (a === b) throw new LabError('BAD_REQUEST', `A link joins two brokers; "${a}" was named twice.`, `For example \`amq-ha-lab link cut ${example}\`.`);
  const chosen = links.flatMap((l, i) => ((l.from === a && l.to === b) || (l.from === b && l.to === a) ? [i] : []));
  if (chosen.length === 0) {
    throw new LabError('BAD_REQUEST', `There is no link between ${a} and ${b}.`, `The links: ${links.map(pairName).join(', ') || 'none'}.`);
  }
  return chosen;
}
