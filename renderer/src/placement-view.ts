// Where each message of a run is after a split, in words: on both brokers it is in two places,
// on one it is stranded there, on none it is lost.
import type { PlacementRow } from '../../shared/lab-state.js';

export function seqRange(r: PlacementRow): string {
  return r.firstSeq === r.lastSeq ? `#${r.firstSeq}` : `#${r.firstSeq}–${r.lastSeq}`;
}

export function placementWords(r: PlacementRow, browsed: string[], labelOf: (id: string) => string): { where: string; verdict: string; tone: 'warn' | 'bad' } {
  if (r.on.length === 0) return { where: 'nowhere', verdict: 'lost', tone: 'bad' };
  if (r.on.length === 1) return { where: `only ${labelOf(r.on[0]!)}`, verdict: `stranded on ${labelOf(r.on[0]!)}`, tone: 'warn' };
  const all = r.on.length === browsed.length;
  return { where: all && browsed.length === 2 ? 'both' : r.on.map(labelOf).join(', '), verdict: r.on.length === 2 ? 'in two places' : `in ${r.on.length} places`, tone: 'warn' };
}
