// The Jolokia client against a stand-in HTTP server that answers like Artemis 2.44 does
// (bulk POST replies captured from a real broker).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterStatsOf, createAnycastQueue, isLive, queueStatsOf, readBrokerState, topologyMembers } from '../../../electron/lab/watching/jolokia.js';

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

const BROKER = 'org.apache.activemq.artemis:broker="127.0.0.1"';
const QUEUE = 'org.apache.activemq.artemis:address="haQueue",broker="127.0.0.1",component=addresses,queue="haQueue",routing-type="anycast",subcomponent=queues';

function brokerReply(attrs: Record<string, unknown>) {
  return { request: { type: 'read' }, value: { [BROKER]: attrs }, status: 200 };
}

async function serve(handler: (req: http.IncomingMessage, body: string) => { status: number; body: unknown }): Promise<number> {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const out = handler(req, body);
      res.writeHead(out.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return (server!.address() as AddressInfo).port;
}

describe('readBrokerState', () => {
  it('sends Basic auth and Origin http://localhost (Jolokia refuses other origins) and reads a live primary', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const port = await serve((req) => {
      seen = req.headers;
      return {
        status: 200,
        body: [
          brokerReply({ Active: true, Started: true, ReplicaSync: true, Version: '2.44.0', Backup: false, HAPolicy: 'Replication Primary w/quorum voting', NodeID: 'n1' }),
          { request: {}, value: { [QUEUE]: { MessageCount: 10 } }, status: 200 },
        ],
      };
    });
    const r = await readBrokerState({ consolePort: port, user: 'admin', password: 'secret' });
    expect(seen.origin).toBe('http://localhost');
    expect(seen.authorization).toBe(`Basic ${Buffer.from('admin:secret').toString('base64')}`);
    expect(r).toMatchObject({ reachable: true, brokerName: '127.0.0.1', active: true, backup: false, replicaSync: true, haQueueCount: 10 });
    expect(isLive(r)).toBe(true);
  });

  it('a passive backup has no queue MBean: haQueue is null, not 0', async () => {
    const port = await serve(() => ({
      status: 200,
      body: [
        brokerReply({ Active: false, Started: true, ReplicaSync: true, Backup: true }),
        { request: {}, error_type: 'javax.management.InstanceNotFoundException', error: 'No MBean with pattern', status: 404 },
      ],
    }));
    const r = await readBrokerState({ consolePort: port, user: 'admin', password: 'admin' });
    expect(r).toMatchObject({ reachable: true, backup: true, haQueueCount: null });
    expect(isLive(r)).toBe(false);
  });

  it('before 2.15 (no Active attribute) a started non-backup broker is live', () => {
    expect(isLive({ reachable: true, requestedAt: 0, brokerName: 'b', backup: false, active: null, replicaSync: null, haPolicy: null, nodeId: null, started: true, version: '2.6.0', haQueueCount: null, haQueue: null, cluster: null })).toBe(true);
  });

  it('a 403 (wrong origin or credentials) and a closed port are "unreachable", never a throw', async () => {
    const port = await serve(() => ({ status: 403, body: {} }));
    expect(await readBrokerState({ consolePort: port, user: 'admin', password: 'bad' })).toMatchObject({ reachable: false, reason: 'HTTP 403' });
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    expect(await readBrokerState({ consolePort: port, user: 'admin', password: 'admin' })).toMatchObject({ reachable: false });
  });

  it('gives up within its timeout when the broker hangs', async () => {
    server = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const t0 = Date.now();
    const r = await readBrokerState({ consolePort: port, user: 'a', password: 'b' }, 200);
    expect(r).toMatchObject({ reachable: false, reason: 'timed out' });
    expect(Date.now() - t0).toBeLessThan(2000);
    server.closeAllConnections();
  });
});

describe('createAnycastQueue', () => {
  it('calls the broker MBean createQueue with a durable anycast queue, and says when it already exists', async () => {
    const bodies: unknown[] = [];
    let calls = 0;
    const port = await serve((_req, body) => {
      bodies.push(JSON.parse(body));
      calls += 1;
      return calls === 1
        ? { status: 200, body: [{ request: {}, value: 'Queue [name=haQueue, address=haQueue, routingType=ANYCAST, durable=true]', status: 200 }] }
        : {
            status: 200,
            body: [{ request: {}, error_type: 'org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException', error: 'AMQ229019: Queue haQueue already exists on address haQueue', status: 500 }],
          };
    });
    const target = { consolePort: port, user: 'admin', password: 'admin' };
    expect(await createAnycastQueue(target, '127.0.0.1', 'haQueue')).toBe('created');
    expect(bodies[0]).toEqual([
      expect.objectContaining({
        type: 'exec',
        mbean: 'org.apache.activemq.artemis:broker="127.0.0.1"',
        arguments: ['haQueue', 'ANYCAST', 'haQueue', null, true, -1, false, true],
      }),
    ]);
    expect(await createAnycastQueue(target, '127.0.0.1', 'haQueue')).toBe('exists');
  });
});

describe('cluster readings', () => {
  // The cluster-connection's Topology as 2.44.0 returned it (node ids shortened).
  const TOPOLOGY =
    'topology on Topology@22bbcc3a[owner=ClusterConnectionImpl@1128600792[nodeUUID=a962d025, connector=TransportConfiguration(name=artemis, factory=org-apache-activemq-artemis-core-remoting-impl-netty-NettyConnectorFactory)?port=62816&host=127-0-0-1, address=, server=ActiveMQServerImpl::name=127.0.0.1]]:\n\ta962d025 => TopologyMember[id=a962d025, connector=Pair[a=TransportConfiguration(name=artemis)?port=62816&host=127-0-0-1, b=null], backupGroupName=null, scaleDownGroupName=null]\n\tb4933130 => TopologyMember[id=b4933130, connector=Pair[a=TransportConfiguration(name=artemis)?port=62916&host=127-0-0-1, b=null], backupGroupName=null, scaleDownGroupName=null]\n\tnodes=2\tmembers=2';

  it('counts the members from the Topology text, and says null when it cannot', () => {
    expect(topologyMembers(TOPOLOGY)).toBe(2);
    expect(topologyMembers(TOPOLOGY.replace('nodes=2\tmembers=2', 'nodes=1\tmembers=1'))).toBe(1);
    expect(topologyMembers('no count here')).toBeNull();
    expect(topologyMembers(undefined)).toBeNull();
  });

  it('joins the cluster-connection and the address into one view; no cluster-connection means none', () => {
    expect(clusterStatsOf({ Topology: TOPOLOGY, MessageLoadBalancingType: 'STRICT' }, { RemoteQueueNames: ['haQueueb4933130'] })).toEqual({ members: 2, loadBalancing: 'STRICT', remoteBindings: 1 });
    expect(clusterStatsOf({ Topology: TOPOLOGY, MessageLoadBalancingType: 'ON_DEMAND' }, null)).toEqual({ members: 2, loadBalancing: 'ON_DEMAND', remoteBindings: null });
    expect(clusterStatsOf(null, { RemoteQueueNames: [] })).toBeNull();
  });

  it('reads the queue counters, and none without MessageCount', () => {
    expect(queueStatsOf({ MessageCount: 10, MessagesAdded: 30, ConsumerCount: 0, DeliveringCount: 0 })).toEqual({ messageCount: 10, messagesAdded: 30, consumerCount: 0, deliveringCount: 0 });
    expect(queueStatsOf({ ConsumerCount: 1 })).toBeNull();
    expect(queueStatsOf(null)).toBeNull();
  });
});
