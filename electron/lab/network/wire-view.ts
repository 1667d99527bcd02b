// The wire as the snapshot shows it: one line per pair of brokers (both directions merged), what
// the lab wants of it next to what the relay does, so a cut that was asked for but is not applied
// (no relay process) never passes for a partition.
import type { WiresFile, WiresStatusFile, WireView, WireSnapshot } from '../../../shared/wire-state.js';

/** The worse direction speaks for the line: half a partition is still a partition, half a relay no relay. */
const RANK: Record<WireView['state'], number> = { failed: 4, 'not-relayed': 3, cut: 2, open: 1, closed: 0 };

export function wireView(file: WiresFile | null, status: WiresStatusFile | null): WireSnapshot | null {
  if (!file) return null;
  const running = status?.state === 'running' ? status : null;
  const lines = new Map<string, WireView>();
  for (const wire of file.wires) {
    // One line per pair, named in the order the lab declared it (its first direction).
    const key = [wire.from, wire.to].sort().join('|');
    const [a, b] = [wire.from, wire.to];
    const relay = running?.wires.find((l) => l.from === wire.from && l.to === wire.to) ?? null;
    const state: WireView['state'] = relay ? relay.state : 'not-relayed';
    const line = lines.get(key) ?? { a, b, cut: false, latencyMs: 0, state, connections: 0, lastError: null };
    line.cut ||= wire.cut;
    line.latencyMs = Math.max(line.latencyMs, wire.latencyMs);
    if (RANK[state] > RANK[line.state]) line.state = state;
    line.connections += relay?.connections ?? 0;
    line.lastError ??= relay?.lastError ?? null;
    lines.set(key, line);
  }
  return {
    wires: [...lines.values()],
    unreachable: [...(file.checkTarget?.unreachable ?? [])].sort(),
    relayRunning: running !== null,
  };
}
