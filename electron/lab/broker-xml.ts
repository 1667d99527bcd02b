// The broker.xml and bootstrap.xml edits that turn two `artemis create --replicated` instances
// into the seed's live/backup pair, in the version's own terms. Edited as XML (xmlbuilder2),
// never as text: `create` writes different shapes per version (see artemis-facts.md).
import type { HaDialect, NodeName } from '../../shared/lab-state.js';
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
  node: NodeName;
  dialect: HaDialect;
  host: string;
  selfPort: number;
  peerPort: number;
  /** Connector name for the peer; the peer's instance name reads well in the console. */
  peerName: string;
  haTuning: HaTuning | null;
}

export interface XmlEditResult {
  xml: string;
  /** Human lines saying what changed and why; empty when nothing changed. */
  changes: string[];
}

export const KEPT_ACCEPTOR = 'artemis';

export function roleElementName(dialect: HaDialect, node: NodeName): string {
  if (dialect === 'primary-backup') return node === 'master' ? 'primary' : 'backup';
  return node === 'master' ? 'master' : 'slave';
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
const SAME_ROLE: Record<string, NodeName> = { master: 'master', primary: 'master', slave: 'backup', backup: 'backup' };

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
  const peerUrl = `tcp://${plan.host}:${plan.peerPort}`;

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
  const peerConnector = childElements(connectors, 'connector').find((c) => c.getAttribute('name') === plan.peerName);
  if (!peerConnector || textOf(peerConnector) !== peerUrl) {
    if (peerConnector) setChildTextOn(peerConnector, peerUrl);
    else {
      const c = newElement(connectors, 'connector', peerUrl);
      c.setAttribute('name', plan.peerName);
      appendIndented(connectors, c);
    }
    changes.push(`connector '${plan.peerName}' -> ${peerUrl}: the peer's address, written down instead of discovered.`);
  }

  // UDP multicast discovery fails on many laptops, VPNs and hotel Wi-Fi: use static connectors.
  let removedDiscovery = false;
  for (const name of ['broadcast-groups', 'discovery-groups']) {
    for (const el of childElements(core, name)) {
      removeElement(el);
      removedDiscovery = true;
    }
  }
  const { el: clusterConnections } = ensureChild(core, 'cluster-connections');
  let connections = childElements(clusterConnections, 'cluster-connection');
  if (connections.length === 0) {
    const cc = newElement(clusterConnections, 'cluster-connection');
    cc.setAttribute('name', 'my-cluster');
    appendIndented(clusterConnections, cc);
    setChildText(cc, 'connector-ref', KEPT_ACCEPTOR, CLUSTER_CONNECTION_ORDER);
    setChildText(cc, 'message-load-balancing', 'ON_DEMAND', CLUSTER_CONNECTION_ORDER);
    setChildText(cc, 'max-hops', '1', CLUSTER_CONNECTION_ORDER);
    connections = [cc];
    changes.push(`added cluster-connection 'my-cluster': replication travels over it.`);
  }
  for (const cc of connections) {
    for (const ref of childElements(cc, 'discovery-group-ref')) {
      removeElement(ref);
      removedDiscovery = true;
    }
    setChildText(cc, 'connector-ref', KEPT_ACCEPTOR, CLUSTER_CONNECTION_ORDER);
    const existing = firstChild(cc, 'static-connectors');
    const refs = existing ? childElements(existing, 'connector-ref').map((r) => textOf(r)) : [];
    if (!existing || refs.length !== 1 || refs[0] !== plan.peerName) {
      if (existing) removeElement(existing);
      const sc = appendIndented(cc, newElement(cc, 'static-connectors'), CLUSTER_CONNECTION_ORDER);
      appendIndented(sc, newElement(sc, 'connector-ref', plan.peerName));
      changes.push(`cluster-connection '${cc.getAttribute('name')}' finds its peer through static-connectors -> ${plan.peerName}.`);
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

  // HA policy, in the version's own words.
  const { el: haPolicy } = ensureChild(core, 'ha-policy');
  for (const other of childElements(haPolicy).filter((e) => e.localName !== 'replication')) {
    removeElement(other);
    changes.push(`removed ha-policy '${other.localName}': this lab replicates.`);
  }
  const { el: replication } = ensureChild(haPolicy, 'replication');
  const wanted = roleElementName(plan.dialect, plan.node);
  let role = firstChild(replication, wanted);
  for (const other of childElements(replication).filter((e) => ROLE_NAMES.includes(e.localName) && e.localName !== wanted)) {
    // Same role in the other dialect (master <-> primary): keep its settings under the right name.
    if (!role && SAME_ROLE[other.localName] === plan.node) {
      role = newElement(replication, wanted);
      for (const child of Array.from(other.childNodes)) role.appendChild(child);
      replication.insertBefore(role, other);
    }
    removeElement(other);
    changes.push(`ha-policy <${other.localName}> replaced by <${wanted}> (the name Artemis ${plan.dialect === 'primary-backup' ? '2.32+' : 'below 2.32'} uses).`);
  }
  if (!role) role = ensureChild(replication, wanted).el;
  if (plan.node === 'master') {
    const name = plan.dialect === 'primary-backup' ? 'check-for-active-server' : 'check-for-live-server';
    if (setChildText(role, name, 'true')) {
      changes.push(`<${wanted}> ${name}=true: a restarted master first asks whether the backup took over, so the two never both serve clients.`);
    }
  } else {
    if (setChildText(role, 'allow-failback', 'true')) {
      changes.push(`<${wanted}> allow-failback=true: when the master comes back, the backup hands over and waits again.`);
    }
    if (setChildText(role, 'max-saved-replicated-journals-size', '0')) {
      changes.push(`<${wanted}> max-saved-replicated-journals-size=0: no stale oldreplica journal copies pile up on each restart.`);
    }
  }

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
