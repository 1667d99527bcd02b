// The broker.xml edits that turn instances made by `artemis create` into the lab's brokers (a
// replicated or shared-store pair, a cluster member), in the version's own terms. Edited as XML
// (xmlbuilder2), never as text: `create` writes different shapes per version (docs/versions.md).
// Each part of the file has its own module; this one applies them in one fixed order, because
// new elements go where they are added, so the order shapes the file and its report.
import { editAcceptors } from './broker-xml-acceptors.js';
import { defineLabQueue, editRedistribution } from './broker-xml-addresses.js';
import { editClusterConnections, editConnectors } from './broker-xml-cluster.js';
import { editHaPolicy } from './broker-xml-ha-policy.js';
import { editNetworkCheck } from './broker-xml-network-check.js';
import type { BrokerXmlPlan, XmlEditResult } from './broker-xml-plan.js';
import { firstChild, parseXml, serializeXml, setChildText, textOf } from './xml-dom.js';

export function editBrokerXml(source: string, plan: BrokerXmlPlan): XmlEditResult {
  const doc = parseXml(source);
  const core = firstChild(doc.root, 'core') ?? (doc.root.localName === 'core' ? doc.root : null);
  if (!core) throw new Error('broker.xml has no <core> element');
  const changes: string[] = [];

  editAcceptors(core, plan, changes);
  const announced = editConnectors(core, plan, changes);
  const clustered = editClusterConnections(core, plan, announced, changes);

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

/** What the created broker.xml says about the journal, for lab.json. */
export function journalTypeOf(source: string): 'aio' | 'nio' {
  const doc = parseXml(source);
  const core = firstChild(doc.root, 'core');
  const type = core ? textOf(firstChild(core, 'journal-type')) : null;
  return type === 'ASYNCIO' ? 'aio' : 'nio';
}
