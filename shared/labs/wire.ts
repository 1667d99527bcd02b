// Where the wire sits, as a pure function of the topology and the brokers' cluster ports (the
// acceptor their cluster connection and replication use): each wired broker is reached by its
// peer through a relay port (its cluster port + 1000) and announces that port to the cluster, so
// replication (which dials the announced address) crosses the relay too; the pinger's check
// target is one HTTP port per lab.
import type { WireSpec } from '../wire-state.js';
import type { LabTopology } from './lab-definition.js';

export const RELAY_PORT_SHIFT = 1000;
const CHECK_TARGET_BASE_PORT = 62600;

/** The port a broker's peers dial for cluster traffic and replication. */
export type ClusterPortOf = (brokerId: string) => number;

export function relayPortInto(clusterPort: number): number {
  return clusterPort + RELAY_PORT_SHIFT;
}

/** The broker on the other end of `id`'s wire, or null when it has none. */
export function wiredPeerOf(topology: LabTopology, id: string): string | null {
  const wire = topology.wires?.find((l) => l.between.includes(id));
  if (!wire) return null;
  return wire.between[0] === id ? wire.between[1] : wire.between[0];
}

export function hasWire(topology: LabTopology): boolean {
  return (topology.wires?.length ?? 0) > 0;
}

/** Both directions of every wire: A's connections to B through B's relay port, and back. */
export function wireSpecs(topology: LabTopology, clusterPortOf: ClusterPortOf): WireSpec[] {
  return (topology.wires ?? []).flatMap(({ between: [a, b] }) => [
    { from: a, to: b, listenPort: relayPortInto(clusterPortOf(b)), targetPort: clusterPortOf(b) },
    { from: b, to: a, listenPort: relayPortInto(clusterPortOf(a)), targetPort: clusterPortOf(a) },
  ]);
}

/** The port `from` dials to reach `to`: through the wire when they share one, else `to`'s cluster port. */
export function dialPort(topology: LabTopology, from: string, to: string, clusterPortOf: ClusterPortOf): number {
  return wiredPeerOf(topology, from) === to ? relayPortInto(clusterPortOf(to)) : clusterPortOf(to);
}

/** The address a wired broker announces to the cluster (its relay port); null when it has no wire. */
export function announcedPort(topology: LabTopology, id: string, clusterPortOf: ClusterPortOf): number | null {
  return wiredPeerOf(topology, id) === null ? null : relayPortInto(clusterPortOf(id));
}

export function checkTargetPort(labPortOffset: number): number {
  return CHECK_TARGET_BASE_PORT + labPortOffset;
}

/** What a broker's network-check-URL-list points at: its own path on the lab's check target. */
export function checkTargetUrl(port: number, brokerId: string): string {
  return `http://127.0.0.1:${port}/${encodeURIComponent(brokerId)}`;
}

/** The highest port the wire takes (relays and check target); 0 for a lab without a wire. */
export function highestWirePort(topology: LabTopology, clusterPortOf: ClusterPortOf, labPortOffset: number): number {
  if (!hasWire(topology)) return 0;
  return Math.max(checkTargetPort(labPortOffset), ...wireSpecs(topology, clusterPortOf).map((s) => s.listenPort));
}
