// broker.xml's acceptors: the one port a lab broker listens on.
import type { BrokerXmlPlan } from './broker-xml-plan.js';
import { portOf, rewriteUrl } from './endpoint-url.js';
import { childElements, firstChild, removeElement, setChildTextOn, textOf } from './xml-dom.js';

export const KEPT_ACCEPTOR = 'artemis';

/** One acceptor, on loopback. `artemis` speaks CORE, AMQP, STOMP, MQTT and OpenWire already. */
export function editAcceptors(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
  const acceptors = firstChild(core, 'acceptors');
  if (!acceptors) return;
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
