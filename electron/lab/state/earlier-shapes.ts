// Lab files written before the lab said "broker" and "wire" keep their old keys: an attendee's lab
// made by an earlier version opens unchanged, and each file takes the new shape the next time the
// lab writes it anyway (nothing rewrites a file just to rename it).
//
// Only keys that were renamed are listed, so a reader never mistakes another field for an old one.
// A key is renamed wherever it sits in the file: the renamed fields are nested (events, batches,
// stopwatches, consumers, gaps), and none of the lab's broker ids is one of these words.

/** Keys renamed in every lab file (shared/lab-state.ts, traffic-state.ts, consumers-state.ts, soak-report.ts). */
export const EARLIER_BROKER_KEYS: Readonly<Record<string, string>> = {
  node: 'broker',
  nodes: 'brokers',
  fromNode: 'fromBroker',
  toNode: 'toBroker',
};

/**
 * Keys renamed in the wire's files, run/links.json and run/links-status.json (shared/wire-state.ts).
 * Only there: elsewhere `links` may be the topology picture's lines, which kept their meaning.
 */
export const EARLIER_WIRE_KEYS: Readonly<Record<string, string>> = {
  ...EARLIER_BROKER_KEYS,
  links: 'wires',
};

/**
 * The parsed file with every renamed key under its new name. A key whose new name is already
 * present is dropped: the new one, written by this version, wins.
 */
export function inCurrentShape(value: unknown, renamed: Readonly<Record<string, string>> = EARLIER_BROKER_KEYS): unknown {
  if (Array.isArray(value)) return value.map((v) => inCurrentShape(v, renamed));
  if (!value || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    const to = Object.hasOwn(renamed, key) ? renamed[key]! : key;
    if (to !== key && Object.hasOwn(source, to)) continue;
    out[to] = inCurrentShape(v, renamed);
  }
  return out;
}

/** JSON.parse for a lab file: the new shape whichever version wrote it. */
export function parseLabFile(text: string, renamed: Readonly<Record<string, string>> = EARLIER_BROKER_KEYS): unknown {
  return inCurrentShape(JSON.parse(text), renamed);
}
