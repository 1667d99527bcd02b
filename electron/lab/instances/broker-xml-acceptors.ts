// broker.xml's acceptors: the port clients use and, for a clustered broker, one for its cluster
// connection and replication alone. Apart, because each acceptor has its own Netty threads: on
// the clients' acceptor a failback's last handshake shared a thread with a client whose send
// waits for the journal lock that handshake holds, and nothing moved for 30 s (docs/failback.md).
import type { BrokerXmlPlan } from './broker-xml-plan.js';
import { portOf, rewriteUrl } from './endpoint-url.js';
import { appendIndented, childElements, firstChild, newElement, removeElement, setChildTextOn, textOf } from './xml-dom.js';

export const KEPT_ACCEPTOR = 'artemis';
export const CLUSTER_ACCEPTOR = 'cluster';
/** CORE only: nothing but brokers dial it. The socket buffers are the clients' acceptor's (as artemis create writes them). */
const CLUSTER_ACCEPTOR_PARAMS = 'tcpSendBufferSize=1048576;tcpReceiveBufferSize=1048576;protocols=CORE;useEpoll=true';

/** One acceptor, on loopback. `artemis` speaks CORE, AMQP, STOMP, MQTT and OpenWire already. */
export function editAcceptors(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
  const acceptors = firstChild(core, 'acceptors');
  if (!acceptors) return;
  const all = childElements(acceptors, 'acceptor');
  const keep = all.find((a) => a.getAttribute('name') === KEPT_ACCEPTOR) ?? all[0];
  const cluster = all.find((a) => a.getAttribute('name') === CLUSTER_ACCEPTOR);
  const dropped: string[] = [];
  for (const acceptor of all) {
    if (acceptor === keep || (acceptor === cluster && plan.clusterPort)) continue;
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
  if (plan.clusterPort) {
    const url = `tcp://${plan.host}:${plan.clusterPort}?${CLUSTER_ACCEPTOR_PARAMS}`;
    if (!cluster || textOf(cluster) !== url) {
      if (cluster) setChildTextOn(cluster, url);
      else {
        const el = newElement(acceptors, 'acceptor', url);
        el.setAttribute('name', CLUSTER_ACCEPTOR);
        appendIndented(acceptors, el);
      }
      changes.push(`acceptor '${CLUSTER_ACCEPTOR}' on ${plan.host}:${plan.clusterPort} for the cluster connection and replication only: their own network threads, never waiting behind a client.`);
    }
  }
  if (dropped.length) {
    changes.push(
      `removed acceptors ${dropped.join(', ')}: port ${plan.selfPort} speaks every protocol, and the extra ports clash with RabbitMQ or Mosquitto on many laptops.`,
    );
  }
}
