// A wire change in words, for the timeline and the action lock's "waiting for …".
import type { WireChange } from './wire-control.js';

export function describeWireChange(ends: readonly string[], change: WireChange): string {
  const which = ends.length === 2 ? `${ends[0]}–${ends[1]}` : 'every wire';
  const parts: string[] = [];
  if (change.cut === true) parts.push(`${which} cut (connections dropped, new ones refused)`);
  if (change.cut === false) parts.push(`${which} healed`);
  if (change.latencyMs !== undefined) parts.push(change.latencyMs > 0 ? `${which} delayed by ${change.latencyMs} ms each way` : `${which} without added delay`);
  if (change.isolate?.length) parts.push(`${change.isolate.join(', ')} cut off the network (the pinger's target fails)`);
  if (change.rejoin?.length) parts.push(`${change.rejoin.join(', ')} back on the network`);
  return parts.join('; ') || `${which} unchanged`;
}
