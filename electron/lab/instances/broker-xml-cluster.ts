// broker.xml's connectors and cluster-connection: how a broker announces itself and finds its
// peers, written down as static connectors rather than discovered.
import { CLUSTER_ACCEPTOR, KEPT_ACCEPTOR } from './broker-xml-acceptors.js';
import type { BrokerXmlPlan } from './broker-xml-plan.js';
import { appendIndented, childElements, ensureChild, firstChild, newElement, removeElement, setChildText, setChildTextOn, textOf } from './xml-dom.js';

export const WIRE_CONNECTOR = 'through-the-wire';

/** cluster-connection is an xsd:sequence up to 2.3x (xsd:all later): keep the schema's order. */
export const CLUSTER_CONNECTION_ORDER = [
  'address', 'connector-ref', 'check-period', 'connection-ttl', 'min-large-message-size', 'call-timeout',
  'retry-interval', 'retry-interval-multiplier', 'max-retry-interval', 'initial-connect-attempts',
  'reconnect-attempts', 'use-duplicate-detection', 'forward-when-no-consumers', 'message-load-balancing',
  'max-hops', 'confirmation-window-size', 'producer-window-size', 'call-failover-timeout',
  'notification-interval', 'notification-attempts', 'scale-down-connector', 'static-connectors',
  'discovery-group-ref',
] as const;

/** Connector `name` at `url` (added or updated), or gone when `url` is null; returns whether it was added or updated. */
function setConnector(connectors: Element, name: string, url: string | null): boolean {
  const existing = childElements(connectors, 'connector').find((c) => c.getAttribute('name') === name);
  if (url === null) {
    if (existing) removeElement(existing, true);
    return false;
  }
  if (existing && textOf(existing) === url) return false;
  if (existing) setChildTextOn(existing, url);
  else {
    const c = newElement(connectors, 'connector', url);
    c.setAttribute('name', name);
    appendIndented(connectors, c);
  }
  return true;
}

/** The connectors; returns the URL the broker announces to its cluster when that is the wire's, else null. */
export function editConnectors(core: Element, plan: BrokerXmlPlan, changes: string[]): string | null {
  const { el: connectors } = ensureChild(core, 'connectors');
  setConnector(connectors, KEPT_ACCEPTOR, `tcp://${plan.host}:${plan.selfPort}`);
  // What it announces to its cluster: its cluster acceptor, where it has one.
  setConnector(connectors, CLUSTER_ACCEPTOR, plan.clusterPort ? `tcp://${plan.host}:${plan.clusterPort}` : null);
  const announced = plan.announcePort ? `tcp://${plan.host}:${plan.announcePort}` : null;
  if (setConnector(connectors, WIRE_CONNECTOR, announced)) {
    changes.push(`connector '${WIRE_CONNECTOR}' -> ${announced}: the address this broker announces to its cluster is the lab's relay, so replication and bridges cross the wire the lab can cut.`);
  }
  for (const peer of plan.peers) {
    const peerUrl = `tcp://${plan.host}:${peer.port}`;
    if (!setConnector(connectors, peer.name, peerUrl)) continue;
    changes.push(
      peer.throughWire
        ? `connector '${peer.name}' -> ${peerUrl}: the peer, reached through the lab's relay (the wire), not directly.`
        : `connector '${peer.name}' -> ${peerUrl}: the peer's address, written down instead of discovered.`,
    );
  }
  return announced;
}

/** The cluster-connection (none for a broker without peers); returns whether the broker is clustered. */
export function editClusterConnections(core: Element, plan: BrokerXmlPlan, announced: string | null, changes: string[]): boolean {
  // UDP multicast discovery fails on many laptops, VPNs and hotel Wi-Fi: use static connectors.
  let removedDiscovery = false;
  for (const name of ['broadcast-groups', 'discovery-groups']) {
    for (const el of childElements(core, name)) {
      removeElement(el);
      removedDiscovery = true;
    }
  }
  const clustered = plan.peers.length > 0;
  if (!clustered) {
    for (const el of childElements(core, 'cluster-connections')) {
      removeElement(el);
      changes.push('removed the cluster-connection: this broker stands alone.');
    }
  }
  const clusterConnections = clustered ? ensureChild(core, 'cluster-connections').el : null;
  let connections = clusterConnections ? childElements(clusterConnections, 'cluster-connection') : [];
  if (clusterConnections && connections.length === 0) {
    const cc = newElement(clusterConnections, 'cluster-connection');
    cc.setAttribute('name', 'my-cluster');
    appendIndented(clusterConnections, cc);
    setChildText(cc, 'connector-ref', plan.clusterPort ? CLUSTER_ACCEPTOR : KEPT_ACCEPTOR, CLUSTER_CONNECTION_ORDER);
    setChildText(cc, 'message-load-balancing', 'ON_DEMAND', CLUSTER_CONNECTION_ORDER);
    setChildText(cc, 'max-hops', '1', CLUSTER_CONNECTION_ORDER);
    connections = [cc];
    changes.push(`added cluster-connection 'my-cluster': ${plan.ha === 'none' ? 'the cluster bridges' : 'replication'} travel over it.`);
  }
  for (const cc of connections) {
    for (const ref of childElements(cc, 'discovery-group-ref')) {
      removeElement(ref);
      removedDiscovery = true;
    }
    const ref = announced ? WIRE_CONNECTOR : plan.clusterPort ? CLUSTER_ACCEPTOR : KEPT_ACCEPTOR;
    if (setChildText(cc, 'connector-ref', ref, CLUSTER_CONNECTION_ORDER) && ref === CLUSTER_ACCEPTOR) {
      changes.push(`cluster-connection '${cc.getAttribute('name')}' announces connector '${CLUSTER_ACCEPTOR}': peers replicate to its cluster acceptor, not the clients'.`);
    }
    const existing = firstChild(cc, 'static-connectors');
    const refs = existing ? childElements(existing, 'connector-ref').map((r) => textOf(r)) : [];
    const wantedRefs = plan.peers.map((p) => p.name);
    if (!existing || refs.join('|') !== wantedRefs.join('|')) {
      if (existing) removeElement(existing);
      const sc = appendIndented(cc, newElement(cc, 'static-connectors'), CLUSTER_CONNECTION_ORDER);
      for (const ref of wantedRefs) appendIndented(sc, newElement(sc, 'connector-ref', ref));
      changes.push(`cluster-connection '${cc.getAttribute('name')}' finds its peers through static-connectors -> ${wantedRefs.join(', ')}.`);
    }
    // Measured: 2.31.2's `create --clustered` writes max-hops 0 (2.44.0's writes 1), and with 0 no
    // binding crosses the bridge: AMQ221027 on both, yet RemoteQueueNames stays empty and nothing is forwarded.
    if (plan.ha === 'none' && setChildText(cc, 'max-hops', '1', CLUSTER_CONNECTION_ORDER)) {
      changes.push('cluster-connection max-hops=1: each member forwards to its peers (with 0, which some versions\' create writes, no queue is known across the bridge).');
    }
    const balancing = plan.settings?.loadBalancing;
    if (balancing && setChildText(cc, 'message-load-balancing', balancing, CLUSTER_CONNECTION_ORDER)) {
      changes.push(`cluster-connection message-load-balancing=${balancing}.`);
    }
    if (plan.haTuning) {
      const t = plan.haTuning;
      const tuned = [
        setChildText(cc, 'check-period', String(t.checkPeriodMs), CLUSTER_CONNECTION_ORDER),
        setChildText(cc, 'connection-ttl', String(t.connectionTtlMs), CLUSTER_CONNECTION_ORDER),
        setChildText(cc, 'retry-interval', String(t.retryIntervalMs), CLUSTER_CONNECTION_ORDER),
      ].some(Boolean);
      if (tuned) {
        changes.push(
          `lab timings: check-period ${t.checkPeriodMs} ms, connection-ttl ${t.connectionTtlMs} ms, retry-interval ${t.retryIntervalMs} ms, so a stopped peer is noticed in seconds.`,
        );
      }
    }
  }
  if (removedDiscovery) changes.push('removed UDP broadcast/discovery groups: multicast fails on many laptops, VPNs and hotel Wi-Fi.');
  return clustered;
}
