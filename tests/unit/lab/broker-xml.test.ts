import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editBrokerXml, journalTypeOf } from '../../../electron/lab/instances/broker-xml.js';
import { LAB_HA_TUNING, type BrokerXmlPlan } from '../../../electron/lab/instances/broker-xml-plan.js';
import { rewriteUrl } from '../../../electron/lab/instances/endpoint-url.js';
import { editBootstrapXml, editJolokiaAccess } from '../../../electron/lab/instances/web-console-xml.js';
import { childElements, firstChild, parseXml, textOf } from '../../../electron/lab/instances/xml-dom.js';

const fixtures = path.resolve(__dirname, '../../fixtures');
const read = (rel: string) => fs.readFileSync(path.join(fixtures, rel), 'utf8');

const CASES = [
  { file: 'artemis-2.44.0/primary-broker.xml', broker: 'master', dialect: 'primary-backup', role: 'primary', self: 61616, peer: 61716, peerName: 'replicatedSlave' },
  { file: 'artemis-2.44.0/backup-broker.xml', broker: 'backup', dialect: 'primary-backup', role: 'backup', self: 61716, peer: 61616, peerName: 'replicatedMaster' },
  { file: 'artemis-2.31.2/master-broker.xml', broker: 'master', dialect: 'master-slave', role: 'master', self: 61616, peer: 61716, peerName: 'replicatedSlave' },
  { file: 'artemis-2.31.2/slave-broker.xml', broker: 'backup', dialect: 'master-slave', role: 'slave', self: 61716, peer: 61616, peerName: 'replicatedMaster' },
] as const;

function planFor(c: (typeof CASES)[number], haTuning: BrokerXmlPlan['haTuning'] = LAB_HA_TUNING): BrokerXmlPlan {
  return {
    role: c.broker === 'master' ? 'primary' : 'backup',
    ha: 'replication',
    dialect: c.dialect,
    host: '127.0.0.1',
    selfPort: c.self,
    peers: [{ name: c.peerName, port: c.peer }],
    haTuning,
  };
}

function core(xml: string): Element {
  return firstChild(parseXml(xml).root, 'core')!;
}

describe.each(CASES)('editBrokerXml on $file', (c) => {
  const source = read(c.file);
  const result = editBrokerXml(source, planFor(c));
  const edited = core(result.xml);

  it('keeps only the artemis acceptor, on 127.0.0.1 and its own port', () => {
    const acceptors = childElements(firstChild(edited, 'acceptors')!, 'acceptor');
    expect(acceptors.map((a) => a.getAttribute('name'))).toEqual(['artemis']);
    expect(textOf(acceptors[0]!)).toMatch(new RegExp(`^tcp://127\\.0\\.0\\.1:${c.self}\\?`));
    expect(textOf(acceptors[0]!)).toContain('protocols=CORE,AMQP,STOMP,HORNETQ,MQTT,OPENWIRE');
  });

  it('replaces UDP discovery with a static connector to the peer', () => {
    expect(firstChild(edited, 'broadcast-groups')).toBeNull();
    expect(firstChild(edited, 'discovery-groups')).toBeNull();
    const connectors = childElements(firstChild(edited, 'connectors')!, 'connector');
    expect(connectors.map((n) => [n.getAttribute('name'), textOf(n)])).toEqual([
      ['artemis', `tcp://127.0.0.1:${c.self}`],
      [c.peerName, `tcp://127.0.0.1:${c.peer}`],
    ]);
    const cc = firstChild(firstChild(edited, 'cluster-connections')!, 'cluster-connection')!;
    expect(firstChild(cc, 'discovery-group-ref')).toBeNull();
    expect(childElements(firstChild(cc, 'static-connectors')!, 'connector-ref').map(textOf)).toEqual([c.peerName]);
  });

  it('puts the lab timings into the cluster-connection, in schema order', () => {
    const cc = firstChild(firstChild(edited, 'cluster-connections')!, 'cluster-connection')!;
    const names = childElements(cc).map((e) => e.localName);
    expect(names).toEqual(['connector-ref', 'check-period', 'connection-ttl', 'retry-interval', 'message-load-balancing', 'max-hops', 'static-connectors']);
    expect(textOf(firstChild(cc, 'check-period'))).toBe('2000');
    expect(textOf(firstChild(cc, 'connection-ttl'))).toBe('10000');
    expect(textOf(firstChild(cc, 'retry-interval'))).toBe('500');
  });

  it(`writes the HA policy as <${c.role}> with the seed's settings`, () => {
    const replication = firstChild(firstChild(edited, 'ha-policy')!, 'replication')!;
    const roles = childElements(replication);
    expect(roles.map((r) => r.localName)).toEqual([c.role]);
    const role = roles[0]!;
    if (c.broker === 'master') {
      const check = c.dialect === 'primary-backup' ? 'check-for-active-server' : 'check-for-live-server';
      expect(textOf(firstChild(role, check))).toBe('true');
      expect(firstChild(role, c.dialect === 'primary-backup' ? 'check-for-live-server' : 'check-for-active-server')).toBeNull();
    } else {
      expect(textOf(firstChild(role, 'allow-failback'))).toBe('true');
      expect(textOf(firstChild(role, 'max-saved-replicated-journals-size'))).toBe('0');
    }
  });

  it('keeps the rest of the file: comments, security, addresses, cluster credentials', () => {
    expect(result.xml).toContain('Licensed to the Apache Software Foundation');
    expect(result.xml).toContain('<!-- should the broker detect dead locks and other issues -->');
    expect(textOf(firstChild(edited, 'cluster-user'))).toBe('clusterUser');
    expect(childElements(firstChild(edited, 'addresses')!, 'address').map((a) => a.getAttribute('name'))).toEqual(['DLQ', 'ExpiryQueue']);
    expect(result.xml).toMatch(/^<\?xml version="1.0"\?>\n<!--/);
    // Every element still lives in the broker's namespace (no xmlns="" on new elements).
    expect(result.xml).not.toContain('xmlns=""');
  });

  it('explains each change and changes nothing the second time', () => {
    expect(result.changes.join('\n')).toMatch(/static-connectors/);
    expect(result.changes.join('\n')).toMatch(/removed acceptors amqp/);
    const again = editBrokerXml(result.xml, planFor(c));
    expect(again.changes).toEqual([]);
    expect(again.xml).toBe(result.xml);
  });

  it('leaves the template timings alone without HA tuning', () => {
    const untuned = core(editBrokerXml(source, planFor(c, null)).xml);
    const cc = firstChild(firstChild(untuned, 'cluster-connections')!, 'cluster-connection')!;
    expect(firstChild(cc, 'check-period')).toBeNull();
    expect(firstChild(cc, 'connection-ttl')).toBeNull();
  });
});

describe('editBrokerXml on other shapes', () => {
  it('renames <master> to <primary> keeping its settings, for a 2.32+ broker', () => {
    const master = read('artemis-2.31.2/master-broker.xml');
    const result = editBrokerXml(master, { ...planFor(CASES[0]) });
    const replication = firstChild(firstChild(core(result.xml), 'ha-policy')!, 'replication')!;
    const primary = firstChild(replication, 'primary')!;
    expect(firstChild(replication, 'master')).toBeNull();
    expect(textOf(firstChild(primary, 'vote-on-replication-failure'))).toBe('true');
    expect(textOf(firstChild(primary, 'check-for-active-server'))).toBe('true');
  });

  it('fills the seed-era empty <master/>, and adds a cluster-connection where there is none', () => {
    const xml = `<?xml version='1.0'?>
<configuration xmlns="urn:activemq">
   <core xmlns="urn:activemq:core">
      <acceptors>
         <acceptor name="artemis">tcp://0.0.0.0:61616</acceptor>
      </acceptors>
      <ha-policy>
         <replication>
            <master/>
         </replication>
      </ha-policy>
   </core>
</configuration>
`;
    const result = editBrokerXml(xml, { ...planFor(CASES[2]) });
    const c = core(result.xml);
    expect(textOf(firstChild(firstChild(c, 'acceptors')!, 'acceptor'))).toBe('tcp://127.0.0.1:61616');
    const role = firstChild(firstChild(firstChild(c, 'ha-policy')!, 'replication')!, 'master')!;
    expect(textOf(firstChild(role, 'check-for-live-server'))).toBe('true');
    const cc = firstChild(firstChild(c, 'cluster-connections')!, 'cluster-connection')!;
    expect(childElements(cc).map((e) => e.localName)).toEqual([
      'connector-ref', 'check-period', 'connection-ttl', 'retry-interval', 'message-load-balancing', 'max-hops', 'static-connectors',
    ]);
    expect(result.xml).toContain('<acceptor name="artemis">tcp://127.0.0.1:61616</acceptor>');
  });

  it('reports the journal type create chose', () => {
    expect(journalTypeOf(read('artemis-2.44.0/primary-broker.xml'))).toBe('aio');
    expect(journalTypeOf(read('artemis-2.44.0/primary-broker.xml').replace('<journal-type>ASYNCIO<', '<journal-type>NIO<'))).toBe('nio');
  });

  it('rewrites URLs keeping their parameters', () => {
    expect(rewriteUrl('tcp://0.0.0.0:61616?protocols=CORE;useEpoll=true', '127.0.0.1', 61716)).toBe('tcp://127.0.0.1:61716?protocols=CORE;useEpoll=true');
    expect(rewriteUrl('http://localhost:8161', '127.0.0.1', 8261)).toBe('http://127.0.0.1:8261');
  });
});

describe('editBootstrapXml', () => {
  it('binds the web console to loopback on the broker port (2.27+ <binding uri>)', () => {
    const source = read('artemis-2.44.0/bootstrap.xml').replace('http://127.0.0.1:8161', 'http://localhost:8161');
    const result = editBootstrapXml(source, { host: '127.0.0.1', consolePort: 8261 });
    const binding = firstChild(firstChild(parseXml(result.xml).root, 'web')!, 'binding')!;
    expect(binding.getAttribute('uri')).toBe('http://127.0.0.1:8261');
    expect(result.changes[0]).toMatch(/loopback/);
    expect(editBootstrapXml(result.xml, { host: '127.0.0.1', consolePort: 8261 }).changes).toEqual([]);
  });

  it('handles the older <web bind="..."> form', () => {
    const source = `<?xml version="1.0"?>\n<broker xmlns="http://activemq.apache.org/schema">\n   <web bind="http://localhost:8161" path="web">\n      <app url="console" war="console.war"/>\n   </web>\n</broker>\n`;
    const result = editBootstrapXml(source, { host: '127.0.0.1', consolePort: 8161 });
    expect(firstChild(parseXml(result.xml).root, 'web')!.getAttribute('bind')).toBe('http://127.0.0.1:8161');
  });
});

describe('editJolokiaAccess', () => {
  it('lets both loopback names through and keeps strict checking', () => {
    const source = read('artemis-2.44.0/jolokia-access.xml');
    const result = editJolokiaAccess(source);
    const cors = firstChild(parseXml(result.xml).root, 'cors')!;
    expect(childElements(cors, 'allow-origin').map(textOf)).toEqual(['*://127.0.0.1*', '*://localhost*']);
    expect(firstChild(cors, 'strict-checking')).not.toBeNull();
    expect(childElements(cors).at(-1)!.localName).toBe('strict-checking');
    expect(result.changes).toHaveLength(1);
    expect(editJolokiaAccess(result.xml).changes).toEqual([]);
  });
});
