// The broker.xml and bootstrap.xml edits that turn two `artemis create --replicated` instances
// into the seed's live/backup pair, in the version's own terms. Edited as XML (xmlbuilder2),
// never as text: `create` writes different shapes per version (docs/versions.md).
import { HA_QUEUE, type HaDialect } from '../../../shared/lab-state.js';
import type { BrokerRole, BrokerSettings, HaKind } from '../../../shared/labs/lab-definition.js';
import {
  appendIndented,
  childElements,
  ensureChild,
  firstChild,
  newElement,
  parseXml,
  removeElement,
  serializeXml,
  setChildText,
  textOf,
} from './xml-dom.js';

export interface HaTuning {
  /** cluster-connection check-period: how often the link to the peer is pinged. */
  checkPeriodMs: number;
  /** cluster-connection connection-ttl: silence after which the peer counts as gone. */
  connectionTtlMs: number;
  /** cluster-connection retry-interval: pause between reconnect attempts. */
  retryIntervalMs: number;
}

/** Lab values: a crashed master is noticed in seconds, not the template's 30 s+ (benchmarked). */
// 10 s, not 5: measured, a failback re-synchronizing a journal on a busy 2-core laptop (browser,
// two brokers, live traffic) missed a 5 s TTL, the replica voted itself live and the live shut down.
export const LAB_HA_TUNING: HaTuning = { checkPeriodMs: 2000, connectionTtlMs: 10_000, retryIntervalMs: 500 };

export interface BrokerXmlPlan {
  role: BrokerRole;
  ha: HaKind;
  settings?: BrokerSettings;
  dialect: HaDialect;
  host: string;
  selfPort: number;
  /** The brokers its cluster-connection reaches; connector names are their instance names, which read well in the console. */
  peers: { name: string; port: number; throughWire?: boolean }[];
  haTuning: HaTuning | null;
  /** A wired broker announces its relay port to the cluster, so peers (and replication) reach it through the wire. */
  announcePort?: number | null;
  /** Where its pinger looks (settings.networkCheck), from the lab's check target. */
  networkCheckUrl?: string | null;
}

/** The pinger's pace: a cut-off broker notices within about a second. */
export const LAB_NETWORK_CHECK = { periodMs: 1000, timeoutMs: 1000 };

export const WIRE_CONNECTOR = 'through-the-wire';

export interface XmlEditResult {
  xml: string;
  /** Human lines saying what changed and why; empty when nothing changed. */
  changes: string[];
}

export const KEPT_ACCEPTOR = 'artemis';

export function roleElementName(dialect: HaDialect, role: BrokerRole): string {
  if (dialect === 'primary-backup') return role === 'backup' ? 'backup' : 'primary';
  return role === 'backup' ? 'slave' : 'master';
}

/** cluster-connection is an xsd:sequence up to 2.3x (xsd:all later): keep the schema's order. */
export const CLUSTER_CONNECTION_ORDER = [
  'address', 'connector-ref', 'check-period', 'connection-ttl', 'min-large-message-size', 'call-timeout',
  'retry-interval', 'retry-interval-multiplier', 'max-retry-interval', 'initial-connect-attempts',
  'reconnect-attempts', 'use-duplicate-detection', 'forward-when-no-consumers', 'message-load-balancing',
  'max-hops', 'confirmation-window-size', 'producer-window-size', 'call-failover-timeout',
  'notification-interval', 'notification-attempts', 'scale-down-connector', 'static-connectors',
  'discovery-group-ref',
] as const;

const ROLE_NAMES = ['master', 'primary', 'slave', 'backup'];
const SAME_ROLE: Record<string, BrokerRole> = { master: 'primary', primary: 'primary', slave: 'backup', backup: 'backup' };

/** tcp://host:port?params with host and port replaced. */
export function rewriteUrl(url: string, host: string, port: number): string {
  const m = /^(\w+:\/\/)(\[[^\]]*\]|[^:/?]*)(?::(\d+))?(.*)$/s.exec(url.trim());
  if (!m) return url;
  return `${m[1]}${host}:${port}${m[4]}`;
}

function portOf(url: string): string | null {
  return /:(\d+)/.exec(url.replace(/^\w+:\/\//, ''))?.[1] ?? null;
}

export function editBrokerXml(source: string, plan: BrokerXmlPlan): XmlEditResult {
  const doc = parseXml(source);
  const core = firstChild(doc.root, 'core') ?? (doc.root.localName === 'core' ? doc.root : null);
  if (!core) throw new Error('broker.xml has no <core> element');
  const changes: string[] = [];
  const selfUrl = `tcp://${plan.host}:${plan.selfPort}`;

  // Acceptors: one, on loopback. `artemis` speaks CORE, AMQP, STOMP, MQTT and OpenWire already.
  const acceptors = firstChild(core, 'acceptors');
  if (acceptors) {
    const all = childElements(acceptors, 'acceptor');
    const keep = all.find((a) => a.getAttribute('name') === KEPT_ACCEPTOR) ?? all[0];
    const dropped: string[] = [];
    for (const acceptor of all) {
      if (acceptor === keep) continue;
      dropped.push(`${acceptor.getAttribute('name') ?? '?'} ${portOf(textOf(acceptor) ?? '') ?? ''}`.trim());
      removeElement(acceptor, true);
    }
    if (keep) {
      const before = textOf(keep) ?? '';
      const after = rewriteUrl(before, plan.host, plan.selfPort);
      if (after !== before) {
        setChildTextOn(keep, after);
        changes.push(`acceptor '${keep.getAttribute('name')}' listens on ${plan.host}:${plan.selfPort} only (loopback: nothing outside this machine can reach the lab).`);
      }
    }
    if (dropped.length) {
      changes.push(
        `removed acceptors ${dropped.join(', ')}: port ${plan.selfPort} speaks every protocol, and the extra ports clash with RabbitMQ or Mosquitto on many laptops.`,
      );
    }
  }

  // Connectors: how this broker announces itself, and where its peer is.
  const { el: connectors } = ensureChild(core, 'connectors');
  const selfConnector = childElements(connectors, 'connector').find((c) => c.getAttribute('name') === KEPT_ACCEPTOR);
  if (!selfConnector) {
    const c = newElement(connectors, 'connector', selfUrl);
    c.setAttribute('name', KEPT_ACCEPTOR);
    appendIndented(connectors, c);
  } else if (textOf(selfConnector) !== selfUrl) {
    setChildTextOn(selfConnector, selfUrl);
  }
  const announced = plan.announcePort ? `tcp://${plan.host}:${plan.announcePort}` : null;
  const wireConnector = childElements(connectors, 'connector').find((c) => c.getAttribute('name') === WIRE_CONNECTOR);
  if (announced && (!wireConnector || textOf(wireConnector) !== announced)) {
    if (wireConnector) setChildTextOn(wireConnector, announced);
    else {
      const c = newElement(connectors, 'connector', announced);
      c.setAttribute('name', WIRE_CONNECTOR);
      appendIndented(connectors, c);
    }
    changes.push(`connector '${WIRE_CONNECTOR}' -> ${announced}: the address this broker announces to its cluster is the lab's relay, so replication and bridges cross the wire the lab can cut.`);
  }
  if (!announced && wireConnector) removeElement(wireConnector, true);
  for (const peer of plan.peers) {
    const peerUrl = `tcp://${plan.host}:${peer.port}`;
    const peerConnector = childElements(connectors, 'connector').find((c) => c.getAttribute('name') === peer.name);
    if (peerConnector && textOf(peerConnector) === peerUrl) continue;
    if (peerConnector) setChildTextOn(peerConnector, peerUrl);
    else {
      const c = newElement(connectors, 'connector', peerUrl);
      c.setAttribute('name', peer.name);
      appendIndented(connectors, c);
    }
    changes.push(
      peer.throughWire
        ? `connector '${peer.name}' -> ${peerUrl}: the peer, reached through the lab's relay (the wire), not directly.`
        : `connector '${peer.name}' -> ${peerUrl}: the peer's address, written down instead of discovered.`,
    );
  }

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
    setChildText(cc, 'connector-ref', KEPT_ACCEPTOR, CLUSTER_CONNECTION_ORDER);
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
    setChildText(cc, 'connector-ref', announced ? WIRE_CONNECTOR : KEPT_ACCEPTOR, CLUSTER_CONNECTION_ORDER);
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

  editHaPolicy(core, plan, changes);
  editNetworkCheck(core, plan, changes);
  editRedistribution(core, plan.settings?.redistributionDelayMs, changes);
  if (plan.ha === 'none' && clustered) defineLabQueue(core, changes);

  // Measured on 2.44.0: without it, a message whose acknowledgement the crash swallowed arrives
  // on the backup with delivery-count 0, indistinguishable from a duplicate copy.
  if (setChildText(core, 'persist-delivery-count-before-delivery', 'true')) {
    changes.push(
      'persist-delivery-count-before-delivery=true: a message delivered again after a failover says so (its delivery count survives the crash), so a client tells a redelivery from a duplicate.',
    );
  }

  const xml = serializeXml(doc);
  return { xml, changes: xml === source ? [] : changes };
}

/**
 * haQueue in <addresses>, on every member: auto-creation is local only (measured on 2.44.0: a
 * consumer on broker2 created it there alone, and broker1 had only the remote binding and no
 * queue MBean), so each member deploys it at start (AMQ221080/AMQ221003) and routes to it.
 */
function defineLabQueue(core: Element, changes: string[]): void {
  const { el: addresses } = ensureChild(core, 'addresses');
  if (childElements(addresses, 'address').some((a) => a.getAttribute('name') === HA_QUEUE)) return;
  const address = newElement(addresses, 'address');
  address.setAttribute('name', HA_QUEUE);
  appendIndented(addresses, address);
  const anycast = appendIndented(address, newElement(address, 'anycast'));
  const queue = appendIndented(anycast, newElement(anycast, 'queue'));
  queue.setAttribute('name', HA_QUEUE);
  changes.push(`address ${HA_QUEUE} with its anycast queue, deployed at start on every member: auto-creation would make it only where a client first connects.`);
}

/** The pinger: a broker that cannot reach its check target counts itself cut off from the network. */
function editNetworkCheck(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
  const wanted = plan.settings?.networkCheck;
  if (wanted === undefined) return;
  const names = ['network-check-URL-list', 'network-check-period', 'network-check-timeout'];
  if (!wanted || !plan.networkCheckUrl) {
    const present = names.flatMap((n) => childElements(core, n));
    for (const el of present) removeElement(el);
    if (present.length) changes.push('no pinger (network-check-URL-list removed): the broker never asks whether it is the one cut off.');
    return;
  }
  const changed = [
    setChildText(core, 'network-check-URL-list', plan.networkCheckUrl),
    setChildText(core, 'network-check-period', String(LAB_NETWORK_CHECK.periodMs)),
    setChildText(core, 'network-check-timeout', String(LAB_NETWORK_CHECK.timeoutMs)),
  ].some(Boolean);
  if (changed) {
    changes.push(
      `pinger: network-check-URL-list=${plan.networkCheckUrl} every ${LAB_NETWORK_CHECK.periodMs} ms: a broker that cannot reach it counts itself cut off (a live stops serving, a backup does not take over).`,
    );
  }
}

/** redistribution-delay for every address (match "#"): messages left where no consumer is move to one that is. */
function editRedistribution(core: Element, delayMs: number | undefined, changes: string[]): void {
  if (delayMs === undefined) return;
  const { el: settings } = ensureChild(core, 'address-settings');
  let all = childElements(settings, 'address-setting').find((e) => e.getAttribute('match') === '#');
  if (!all) {
    all = newElement(settings, 'address-setting');
    all.setAttribute('match', '#');
    appendIndented(settings, all);
  }
  if (setChildText(all, 'redistribution-delay', String(delayMs))) {
    changes.push(
      delayMs < 0
        ? 'redistribution-delay=-1: messages stay on the broker they landed on, even with no consumer there.'
        : `redistribution-delay=${delayMs} ms: messages on a broker without consumers move to one that has them (with ON_DEMAND).`,
    );
  }
}

/** The HA policy, in the version's own words: replication, a shared store, or none. */
function editHaPolicy(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
  if (plan.ha === 'none') {
    for (const el of childElements(core, 'ha-policy')) {
      removeElement(el);
      changes.push('removed the ha-policy: a cluster member without a backup.');
    }
    return;
  }
  const kind = plan.ha === 'replication' ? 'replication' : 'shared-store';
  const { el: haPolicy } = ensureChild(core, 'ha-policy');
  for (const other of childElements(haPolicy).filter((e) => e.localName !== kind)) {
    removeElement(other);
    changes.push(`removed ha-policy '${other.localName}': this broker uses ${kind}.`);
  }
  const { el: policy } = ensureChild(haPolicy, kind);
  const wanted = roleElementName(plan.dialect, plan.role);
  let role = firstChild(policy, wanted);
  for (const other of childElements(policy).filter((e) => ROLE_NAMES.includes(e.localName) && e.localName !== wanted)) {
    // Same role in the other dialect (master <-> primary): keep its settings under the right name.
    if (!role && SAME_ROLE[other.localName] === plan.role) {
      role = newElement(policy, wanted);
      for (const child of Array.from(other.childNodes)) role.appendChild(child);
      policy.insertBefore(role, other);
    }
    removeElement(other);
    changes.push(`ha-policy <${other.localName}> replaced by <${wanted}> (the name Artemis ${plan.dialect === 'primary-backup' ? '2.32+' : 'below 2.32'} uses).`);
  }
  if (!role) role = ensureChild(policy, wanted).el;
  const settings = plan.settings ?? {};
  if (plan.role !== 'backup') {
    if (kind === 'replication') {
      const name = plan.dialect === 'primary-backup' ? 'check-for-active-server' : 'check-for-live-server';
      const check = settings.checkForLive !== false;
      if (setChildText(role, name, String(check))) {
        changes.push(
          check
            ? `<${wanted}> ${name}=true: a restarted primary first asks whether a backup took over, so the two never both serve clients.`
            : `<${wanted}> ${name}=false: a restarted primary goes live without asking whether a backup took over.`,
        );
      }
    }
    if (kind === 'replication' && settings.voteOnReplicationFailure !== undefined) {
      if (setChildText(role, 'vote-on-replication-failure', String(settings.voteOnReplicationFailure))) {
        changes.push(
          settings.voteOnReplicationFailure
            ? `<${wanted}> vote-on-replication-failure=true: a primary that loses its backup asks a quorum whether it may stay live.`
            : `<${wanted}> vote-on-replication-failure=false: a primary that loses its backup stays live without asking anyone.`,
        );
      }
    }
    if (kind === 'shared-store' && settings.failoverOnShutdown !== undefined) {
      if (setChildText(role, 'failover-on-shutdown', String(settings.failoverOnShutdown))) {
        changes.push(
          `<${wanted}> failover-on-shutdown=${settings.failoverOnShutdown}: ${settings.failoverOnShutdown ? 'a graceful stop hands over to the backup too' : 'only a failure hands over; a graceful stop leaves the backup waiting'}.`,
        );
      }
    }
    return;
  }
  const failback = settings.allowFailback !== false;
  if (setChildText(role, 'allow-failback', String(failback))) {
    changes.push(
      failback
        ? `<${wanted}> allow-failback=true: when the primary comes back, the backup hands over and waits again.`
        : `<${wanted}> allow-failback=false: a backup that took over stays live when the primary comes back.`,
    );
  }
  const saved = settings.savedReplicatedJournals ?? 0;
  if (kind === 'replication' && setChildText(role, 'max-saved-replicated-journals-size', String(saved))) {
    changes.push(
      saved === 0
        ? `<${wanted}> max-saved-replicated-journals-size=0: no stale oldreplica journal copies pile up on each restart.`
        : `<${wanted}> max-saved-replicated-journals-size=${saved}: when it copies its live again, its own journal is kept as data/*/oldreplica.N (what it alone held stays on disk).`,
    );
  }
  if (kind === 'shared-store' && settings.failoverOnShutdown !== undefined && setChildText(role, 'failover-on-shutdown', String(settings.failoverOnShutdown))) {
    changes.push(`<${wanted}> failover-on-shutdown=${settings.failoverOnShutdown}.`);
  }
}

function setChildTextOn(el: Element, value: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument.createTextNode(value));
}

export interface BootstrapPlan {
  host: string;
  consolePort: number;
}

/** Binds the embedded web server (console, Jolokia) to loopback. */
export function editBootstrapXml(source: string, plan: BootstrapPlan): XmlEditResult {
  const doc = parseXml(source);
  const changes: string[] = [];
  const web = firstChild(doc.root, 'web');
  if (web) {
    // Up to ~2.26 the address is <web bind="...">; later <web><binding uri="..."> (one or more).
    const targets: { el: Element; attr: string }[] = [];
    if (web.hasAttribute('bind')) targets.push({ el: web, attr: 'bind' });
    for (const binding of childElements(web, 'binding')) targets.push({ el: binding, attr: 'uri' });
    for (const { el, attr } of targets) {
      const before = el.getAttribute(attr) ?? '';
      const after = rewriteUrl(before, plan.host, plan.consolePort);
      if (after !== before) {
        el.setAttribute(attr, after);
        changes.push(`web console and Jolokia bound to ${after} (loopback only).`);
      }
    }
  }
  const xml = serializeXml(doc);
  return { xml, changes: xml === source ? [] : changes };
}

/** What the created broker.xml says about the journal, for lab.json. */
export function journalTypeOf(source: string): 'aio' | 'nio' {
  const doc = parseXml(source);
  const core = firstChild(doc.root, 'core');
  const type = core ? textOf(firstChild(core, 'journal-type')) : null;
  return type === 'ASYNCIO' ? 'aio' : 'nio';
}

/** Origins the lab's consoles are opened from; Node clients send `Origin: http://localhost`. */
export const LAB_ORIGINS = ['*://localhost*', '*://127.0.0.1*'] as const;

/**
 * `create --http-host 127.0.0.1` writes `<allow-origin>*://127.0.0.1*</allow-origin>` only, so a
 * console opened as http://localhost:8161 (the seed's URL) gets 403 from Jolokia. Allow both
 * loopback names; strict checking stays on.
 */
export function editJolokiaAccess(source: string): XmlEditResult {
  const doc = parseXml(source);
  const changes: string[] = [];
  const { el: cors } = ensureChild(doc.root, 'cors');
  const present = new Set(childElements(cors, 'allow-origin').map((e) => textOf(e)));
  for (const origin of LAB_ORIGINS) {
    if (present.has(origin)) continue;
    appendIndented(cors, newElement(cors, 'allow-origin', origin), ['allow-origin', 'ignore-scheme', 'strict-checking']);
    changes.push(`Jolokia also accepts Origin ${origin}, so the console works as http://localhost:<port> and http://127.0.0.1:<port>.`);
  }
  const xml = serializeXml(doc);
  return { xml, changes: xml === source ? [] : changes };
}
