// What the topology says of the lab's wire, in words: the short label on the line, the sentence
// behind it (hover and screen readers), and the name of the button that cuts or heals it. Pure,
// so the words are tested without a DOM.
import type { WireView, WireSnapshot } from '../../shared/wire-state.js';


export function wireOf(wire: WireSnapshot | null | undefined, ends: readonly [string, string]): WireView | undefined {
  return wire?.wires.find((l) => ends.includes(l.a) && ends.includes(l.b));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The few words written on the line. */
export function wireLabel(wire: WireView): string {
  const delay = wire.latencyMs ? ` · +${wire.latencyMs} ms` : '';
  switch (wire.state) {
    case 'open':
      return `wire · ${wire.connections} conn.${delay}`;
    case 'cut':
      return `cut${delay}`;
    case 'failed':
      return 'relay failed';
    case 'closed':
      return 'not relaying';
    case 'not-relayed':
      return 'not relayed';
  }
}

/**
 * The ends as the lab declares them (topology.wires), not as the relay lists them: the words
 * then read "Primary and Backup" whichever direction the engine reports first.
 */
type Ends = readonly [string, string];

/** The whole sentence: what the wire does now and, when it carries nothing, why. */
export function wireSentence(wire: WireView, ends: Ends, labelOf: (id: string) => string): string {
  const between = `The wire between ${labelOf(ends[0])} and ${labelOf(ends[1])}`;
  const delay = wire.latencyMs ? ` ${wire.latencyMs} ms are added each way.` : '';
  switch (wire.state) {
    case 'open':
      return `${between} is open: ${plural(wire.connections, 'connection')} through it now.${delay}`;
    case 'cut':
      return `${between} is cut: the lab's relay drops and refuses every connection between them; both brokers keep running.${delay}`;
    case 'failed':
      return `${between} is not relayed: the relay could not listen${wire.lastError ? ` (${wire.lastError})` : ''}.`;
    case 'closed':
      return `${between} is closed: the relay is not relaying it${wire.lastError ? ` (${wire.lastError})` : ''}.`;
    case 'not-relayed':
      return `${between} is not relayed: no relay process runs, so the brokers cannot reach each other through it (the lab starts it with the first broker).`;
  }
}

/** Cut what the lab wants open, heal what it wants cut (a failed relay is still wanted open). */
export function wireButton(wire: WireView, ends: Ends, labelOf: (id: string) => string): { cut: boolean; name: string; text: string } {
  const between = `${labelOf(ends[0])} and ${labelOf(ends[1])}`;
  return wire.cut ? { cut: false, name: `Heal the wire between ${between}`, text: 'Heal' } : { cut: true, name: `Cut the wire between ${between}`, text: '✂ Cut' };
}
