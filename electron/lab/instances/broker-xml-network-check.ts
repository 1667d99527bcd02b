// broker.xml's pinger (network-check-*), for labs that show a broker cut off from the network.
import type { BrokerXmlPlan } from './broker-xml-plan.js';
import { childElements, removeElement, setChildText } from './xml-dom.js';

/** The pinger's pace: a cut-off broker notices within about a second. */
export const LAB_NETWORK_CHECK = { periodMs: 1000, timeoutMs: 1000 };

/** The pinger: a broker that cannot reach its check target counts itself cut off from the network. */
export function editNetworkCheck(core: Element, plan: BrokerXmlPlan, changes: string[]): void {
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
