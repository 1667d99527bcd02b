// broker.xml for the members of a clustered lab (no backup): the real 2.31.2 and 2.44.0 files
// created by `artemis create`, edited as the clustered-queue lab asks, mid-story too (configure).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editBrokerXml } from '../../../electron/lab/instances/broker-xml.js';
import { CLUSTER_CONNECTION_ORDER } from '../../../electron/lab/instances/broker-xml-cluster.js';
import { LAB_HA_TUNING, type BrokerXmlPlan } from '../../../electron/lab/instances/broker-xml-plan.js';
import { childElements, firstChild, parseXml, textOf } from '../../../electron/lab/instances/xml-dom.js';

const fixtures = path.resolve(__dirname, '../../fixtures');
const read = (rel: string) => fs.readFileSync(path.join(fixtures, rel), 'utf8');

const CASES = [
  { version: '2.31.2', file: 'artemis-2.31.2/master-broker.xml', dialect: 'master-slave' },
  { version: '2.44.0', file: 'artemis-2.44.0/primary-broker.xml', dialect: 'primary-backup' },
] as const;

function member(dialect: BrokerXmlPlan['dialect'], settings: BrokerXmlPlan['settings'], haTuning: BrokerXmlPlan['haTuning'] = LAB_HA_TUNING): BrokerXmlPlan {
  return { role: 'member', ha: 'none', settings, dialect, host: '127.0.0.1', selfPort: 62816, peers: [{ name: 'clusterBroker2', port: 62916 }], haTuning };
}

function core(xml: string): Element {
  return firstChild(parseXml(xml).root, 'core')!;
}

const clusterConnection = (c: Element) => firstChild(firstChild(c, 'cluster-connections')!, 'cluster-connection')!;
const catchAll = (c: Element) => childElements(firstChild(c, 'address-settings')!, 'address-setting').find((s) => s.getAttribute('match') === '#')!;

describe.each(CASES)('a cluster member on $version', ({ file, dialect }) => {
  const created = editBrokerXml(read(file), member(dialect, { loadBalancing: 'ON_DEMAND' }));
  const c = core(created.xml);

  it('has no HA policy, a static connector to its peer and ON_DEMAND', () => {
    expect(firstChild(c, 'ha-policy')).toBeNull();
    const cc = clusterConnection(c);
    expect(textOf(firstChild(cc, 'message-load-balancing'))).toBe('ON_DEMAND');
    // 2.31.2's create writes max-hops 0: no binding then crosses the bridge (measured).
    expect(textOf(firstChild(cc, 'max-hops'))).toBe('1');
    expect(childElements(firstChild(cc, 'static-connectors')!, 'connector-ref').map(textOf)).toEqual(['clusterBroker2']);
    expect(created.changes.join('\n')).toMatch(/removed the ha-policy/);
  });

  it('defines haQueue (anycast) in <addresses>, once', () => {
    const addresses = childElements(firstChild(c, 'addresses')!, 'address');
    const ha = addresses.filter((a) => a.getAttribute('name') === 'haQueue');
    expect(ha).toHaveLength(1);
    const queue = firstChild(firstChild(ha[0]!, 'anycast')!, 'queue')!;
    expect(queue.getAttribute('name')).toBe('haQueue');
    expect(created.xml).not.toContain('xmlns=""');
    expect(editBrokerXml(created.xml, member(dialect, { loadBalancing: 'ON_DEMAND' })).changes).toEqual([]);
  });

  it('leaves redistribution-delay out until a step asks (Artemis default -1: never)', () => {
    expect(firstChild(catchAll(c), 'redistribution-delay')).toBeNull();
  });

  it('mid-story: redistribution-delay 0 in the catch-all address-setting, STRICT in schema order', () => {
    const redistributing = editBrokerXml(created.xml, member(dialect, { loadBalancing: 'ON_DEMAND', redistributionDelayMs: 0 }, null));
    expect(textOf(firstChild(catchAll(core(redistributing.xml)), 'redistribution-delay'))).toBe('0');
    expect(redistributing.changes).toEqual([expect.stringMatching(/^redistribution-delay=0 ms/)]);

    const strict = editBrokerXml(redistributing.xml, member(dialect, { loadBalancing: 'STRICT', redistributionDelayMs: 0 }, null));
    const cc = clusterConnection(core(strict.xml));
    expect(textOf(firstChild(cc, 'message-load-balancing'))).toBe('STRICT');
    expect(strict.changes).toEqual(['cluster-connection message-load-balancing=STRICT.']);
    // 2.31.2's XSD is a sequence: every child in the schema's order.
    const ranks = childElements(cc).map((e) => CLUSTER_CONNECTION_ORDER.indexOf(e.localName as (typeof CLUSTER_CONNECTION_ORDER)[number]));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    // The redistribution setting and the queue survive the second edit.
    expect(textOf(firstChild(catchAll(core(strict.xml)), 'redistribution-delay'))).toBe('0');
    expect(childElements(firstChild(core(strict.xml), 'addresses')!, 'address').map((a) => a.getAttribute('name'))).toContain('haQueue');
  });
});

describe('brokers that are not cluster members', () => {
  it('a replicated primary gets no haQueue in broker.xml (up creates it on the live broker)', () => {
    const xml = editBrokerXml(read('artemis-2.44.0/primary-broker.xml'), {
      role: 'primary', ha: 'replication', dialect: 'primary-backup', host: '127.0.0.1', selfPort: 61616, peers: [{ name: 'replicatedSlave', port: 61716 }], haTuning: LAB_HA_TUNING,
    }).xml;
    expect(childElements(firstChild(core(xml), 'addresses')!, 'address').map((a) => a.getAttribute('name'))).toEqual(['DLQ', 'ExpiryQueue']);
  });
});
