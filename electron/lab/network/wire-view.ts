// The wire as the snapshot shows it: one line per pair of brokers (both directions merged), what
// the lab wants of it next to what the relay does, so a cut that was asked for but is not applied
// (no relay process) never passes for a partition.
import type { LinksFile, LinksStatusFile, WireLinkView, WireSnapshot } from '../../../shared/link-state.js';

/** The worse direction speaks for the line: half a partition is still a partition, half a relay no relay. */
const RANK: Record<WireLinkView['state'], number> = { failed: 4, 'not-relayed': 3, cut: 2, open: 1, closed: 0 };

export function wireView(file: LinksFile | null, status: LinksStatusFile | null): WireSnapshot | null {
  if (!file) return null;
  const running = status?.state === 'running' ? status : null;
  const lines = new Map<string, WireLinkView>();
  for (const link of file.links) {
    // One line per pair, named in the order the lab declared it (its first direction).
    const key = [link.from, link.to].sort().join('|');
    const [a, b] = [link.from, link.to];
    const relay = running?.links.find((l) => l.from === link.from && l.to === link.to) ?? null;
    const state: WireLinkView['state'] = relay ? relay.state : 'not-relayed';
    const line = lines.get(key) ?? { a, b, cut: false, latencyMs: 0, state, connections: 0, lastError: null };
    line.cut ||= link.cut;
    line.latencyMs = Math.max(line.latencyMs, link.latencyMs);
    if (RANK[state] > RANK[line.state]) line.state = state;
    line.connections += relay?.connections ?? 0;
    line.lastError ??= relay?.lastError ?? null;
    lines.set(key, line);
  }
  return {
    links: [...lines.values()],
    unreachable: [...(file.checkTarget?.unreachable ?? [])].sort(),
    relayRunning: running !== null,
  };
}
