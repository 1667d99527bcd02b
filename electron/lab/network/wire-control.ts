// What a face does to the wire: declare it before wired brokers start, cut / heal / slow wires
// and cut brokers off their network, and end it with `down`. Each change is written to
// run/links.json and, with a relay process running, waited for until applied.
import type { WireSpec, WiresFile, WiresStatusFile, WireSnapshot } from '../../../shared/wire-state.js';
import { LabError } from '../lab-error.js';
import { selectWires } from './wire-selection.js';
import { declareWires, noWires, readWires, readWiresStatus, wishWires, wishReachable } from './wires-file.js';
import { wireView } from './wire-view.js';
import { runningRelay, startRelays, stopRelays, waitForApplied } from './relay-process.js';

/** Declares the lab's wires and makes sure the relay process runs them; a port it cannot take is one clear error. */
export async function ensureWire(labDir: string, specs: readonly WireSpec[], checkTargetPort: number): Promise<{ status: WiresStatusFile; adopted: boolean }> {
  await declareWires(labDir, specs, checkTargetPort);
  const started = await startRelays(labDir);
  const failed = started.status.wires.filter((l) => l.state === 'failed');
  const target = started.status.checkTarget;
  if (failed.length > 0 || target?.state === 'failed') {
    const what = [...failed.map((l) => `${l.from} -> ${l.to} on ${l.listenPort} (${l.lastError ?? 'cannot listen'})`), ...(target?.state === 'failed' ? [`the check target (${target.lastError ?? target.port})`] : [])];
    throw new LabError('PORT_IN_USE', `The lab's wire cannot listen: ${what.join('; ')}.`, 'Stop the program using that port, or set the lab up again with another --port-offset.');
  }
  return started;
}

export interface WireChange {
  cut?: boolean;
  latencyMs?: number;
  /** Brokers cut off their network: their check target fails. */
  isolate?: string[];
  /** Brokers back on their network. */
  rejoin?: string[];
}

/** Applies a change to the chosen wires (both ends named, or none for every wire); returns the file as written. */
export async function changeWire(labDir: string, action: string, ends: readonly string[], change: WireChange, brokers?: readonly string[]): Promise<WiresFile> {
  const current = readWires(labDir);
  if (!current) throw noWires(labDir);
  // Chosen before the lock too, so a typo is one clear line before anything is written.
  selectWires(current.wires, ends, brokers);
  const known = brokers && brokers.length > 0 ? brokers : current.wires.flatMap((l) => [l.from, l.to]);
  for (const id of [...(change.isolate ?? []), ...(change.rejoin ?? [])]) {
    if (!known.includes(id)) throw new LabError('BAD_REQUEST', `"${id}" is not a broker of this lab (${[...new Set(known)].join(', ')}).`, 'Name one of them after --isolate.');
  }
  let written = current;
  const { isolate, rejoin, ...wish } = change;
  // Cut off the network before the wire drops: a broker must not see its peer gone while its pinger still says all is well.
  if (isolate?.length) written = await wishReachable(labDir, action, isolate, false);
  if (wish.cut !== undefined || wish.latencyMs !== undefined) written = await wishWires(labDir, action, (wires) => selectWires(wires, ends, brokers), wish);
  if (rejoin?.length) written = await wishReachable(labDir, action, rejoin, true);
  if (await runningRelay(labDir)) await waitForApplied(labDir, written.revision);
  return written;
}

/** Ends the relay process (down): every wire dropped, its ports closed. */
export async function endWire(labDir: string): Promise<WiresStatusFile | null> {
  return (await runningRelay(labDir)) ? stopRelays(labDir) : null;
}

/** The wire as the snapshot shows it now; a wires file broken by hand shows as no wire (`wire status` says why). */
export function currentWire(labDir: string): WireSnapshot | null {
  try {
    return wireView(readWires(labDir), readWiresStatus(labDir));
  } catch {
    return null;
  }
}
