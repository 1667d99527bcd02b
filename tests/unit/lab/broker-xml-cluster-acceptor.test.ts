// A clustered broker's replication gets its own acceptor (docs/failback.md: on the clients'
// acceptor the failback's last handshake could wait 30 s behind a client's send). Clients keep
// 61616; the cluster connection announces and dials the cluster acceptor; a second edit (a
// mid-story configure) changes nothing; a lab made before it (no clusterPort) keeps one acceptor.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editBrokerXml } from '../../../electron/lab/instances/broker-xml.js';
import { LAB_HA_TUNING, type BrokerXmlPlan } from '../../../electron/lab/instances/broker-xml-plan.js';
import { childElements, firstChild, parseXml, textOf } from '../../../electron/lab/instances/xml-dom.js';

const source = fs.readFileSync(path.resolve(__dirname, '../../fixtures/artemis-2.44.0/primary-broker.xml'), 'utf8');
const plan: BrokerXmlPlan = {
  role: 'primary', ha: 'replication', dialect: 'primary-backup', host: '127.0.0.1',
  selfPort: 61616, clusterPort: 61666, peers: [{ name: 'replicatedSlave', port: 61766 }], haTuning: LAB_HA_TUNING,
};

function named(xml: string, list: string, item: string): Record<string, string> {
  const core = firstChild(parseXml(xml).root, 'core')!;
  return Object.fromEntries(childElements(firstChild(core, list)!, item).map((e) => [e.getAttribute('name')!, textOf(e)!]));
}

describe('the cluster acceptor', () => {
  const result = editBrokerXml(source, plan);

  it('listens for brokers only (CORE) beside the clients’ acceptor, which keeps every protocol', () => {
    const acceptors = named(result.xml, 'acceptors', 'acceptor');
    expect(Object.keys(acceptors)).toEqual(['artemis', 'cluster']);
    expect(acceptors.artemis).toMatch(/^tcp:\/\/127\.0\.0\.1:61616\?.*protocols=CORE,AMQP/);
    expect(acceptors.cluster).toBe('tcp://127.0.0.1:61666?tcpSendBufferSize=1048576;tcpReceiveBufferSize=1048576;protocols=CORE;useEpoll=true');
  });

  it('is what the cluster connection announces, and the peer is dialled at its own cluster port', () => {
    const connectors = named(result.xml, 'connectors', 'connector');
    expect(connectors).toEqual({ artemis: 'tcp://127.0.0.1:61616', cluster: 'tcp://127.0.0.1:61666', replicatedSlave: 'tcp://127.0.0.1:61766' });
    expect(result.xml).toMatch(/<cluster-connection name="my-cluster">\s*<connector-ref>cluster<\/connector-ref>/);
    expect(result.changes.join('\n')).toContain("acceptor 'cluster' on 127.0.0.1:61666 for the cluster connection and replication only");
  });

  it('is written once: editing the result again changes nothing', () => {
    expect(editBrokerXml(result.xml, plan)).toEqual({ xml: result.xml, changes: [] });
  });

  it('is not added for a lab set up before it had one', () => {
    const old = editBrokerXml(source, { ...plan, clusterPort: null, peers: [{ name: 'replicatedSlave', port: 61716 }] });
    expect(Object.keys(named(old.xml, 'acceptors', 'acceptor'))).toEqual(['artemis']);
    expect(old.xml).toMatch(/<connector-ref>artemis<\/connector-ref>/);
  });
});
