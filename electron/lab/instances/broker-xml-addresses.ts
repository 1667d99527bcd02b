// broker.xml's addresses and address-settings, for clusters: the lab's queue on every member,
// and whether messages move to the member that has the consumers.
import { HA_QUEUE } from '../../../shared/lab-state.js';
import { appendIndented, childElements, ensureChild, newElement, setChildText } from './xml-dom.js';

/**
 * haQueue in <addresses>, on every member: auto-creation is local only (measured on 2.44.0: a
 * consumer on broker2 created it there alone, and broker1 had only the remote binding and no
 * queue MBean), so each member deploys it at start (AMQ221080/AMQ221003) and routes to it.
 */
export function defineLabQueue(core: Element, changes: string[]): void {
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

/** redistribution-delay for every address (match "#"): messages left where no consumer is move to one that is. */
export function editRedistribution(core: Element, delayMs: number | undefined, changes: string[]): void {
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
