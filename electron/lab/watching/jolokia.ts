// Asks a broker what it is, over its Jolokia endpoint (HTTP on the console port). One bulk
// request per poll: the broker MBean, the haQueue MBean and its address, and the cluster-connection. The broker name is found with an
// ObjectName pattern, so it does not matter what `create --name/--host` wrote.
// Jolokia's jolokia-access.xml only accepts Origin `*://localhost*`, hence the fixed header.
import { HA_QUEUE, type ClusterStats, type QueueStats } from '../../../shared/lab-state.js';
import { isLive, type JolokiaResult } from '../../../shared/derive/broker-facts.js';

export { isLive, type JolokiaResult };

export interface JolokiaTarget {
  consolePort: number;
  user: string;
  password: string;
  host?: string;
  /** '/console/jolokia' from 2.4 on; '/jolokia' on older brokers. */
  path?: string;
}


const BROKER_ATTRIBUTES = ['Backup', 'Active', 'ReplicaSync', 'HAPolicy', 'NodeID', 'Started', 'Version'];
const QUEUE_ATTRIBUTES = ['MessageCount', 'MessagesAdded', 'ConsumerCount', 'DeliveringCount'];
const CLUSTER_ATTRIBUTES = ['Topology', 'MessageLoadBalancingType'];
const CLUSTER_MBEAN = 'org.apache.activemq.artemis:broker=*,component=cluster-connections,name=*';

function queueMBeanPattern(queue: string): string {
  return `org.apache.activemq.artemis:broker=*,component=addresses,address="${queue}",subcomponent=queues,routing-type="anycast",queue="${queue}"`;
}

function addressMBeanPattern(address: string): string {
  return `org.apache.activemq.artemis:broker=*,component=addresses,address="${address}"`;
}

export function jolokiaUrl(target: JolokiaTarget): string {
  return `http://${target.host ?? '127.0.0.1'}:${target.consolePort}${target.path ?? '/console/jolokia'}`;
}

function headers(target: JolokiaTarget): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`,
    Origin: 'http://localhost',
    'Content-Type': 'application/json',
  };
}

interface JolokiaReply {
  status: number;
  value?: unknown;
  error?: string;
}

/** Posts a bulk request; returns each reply, or throws on transport/HTTP failure. */
export async function jolokiaBulk(target: JolokiaTarget, requests: object[], timeoutMs = 1500): Promise<JolokiaReply[]> {
  const response = await fetch(jolokiaUrl(target), {
    method: 'POST',
    headers: headers(target),
    body: JSON.stringify(requests),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as unknown;
  if (!Array.isArray(body)) throw new Error('unexpected Jolokia reply');
  return body as JolokiaReply[];
}

const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The attributes of the one MBean a pattern read matched; null when it failed (e.g. 404: no such MBean here). */
function onlyMBean(reply: JolokiaReply | undefined): Record<string, unknown> | null {
  if (!reply || reply.status !== 200 || !reply.value || typeof reply.value !== 'object') return null;
  const first = Object.values(reply.value as Record<string, unknown>)[0];
  return first && typeof first === 'object' ? (first as Record<string, unknown>) : null;
}

/**
 * `members=N` from a cluster-connection's Topology text, whose last line reads
 * "nodes=2 members=2" (2.31.2 and 2.44.0); null when the text has no such count.
 */
export function topologyMembers(topology: unknown): number | null {
  if (typeof topology !== 'string') return null;
  const all = [...topology.matchAll(/members=(\d+)/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : null;
}

export function queueStatsOf(attrs: Record<string, unknown> | null): QueueStats | null {
  if (!attrs) return null;
  const messageCount = num(attrs.MessageCount);
  if (messageCount === null) return null;
  return {
    messageCount,
    messagesAdded: num(attrs.MessagesAdded) ?? 0,
    consumerCount: num(attrs.ConsumerCount) ?? 0,
    deliveringCount: num(attrs.DeliveringCount) ?? 0,
  };
}

export function clusterStatsOf(cluster: Record<string, unknown> | null, address: Record<string, unknown> | null): ClusterStats | null {
  if (!cluster) return null;
  const remote = address?.RemoteQueueNames;
  return {
    members: topologyMembers(cluster.Topology),
    loadBalancing: str(cluster.MessageLoadBalancingType),
    remoteBindings: Array.isArray(remote) ? remote.length : null,
  };
}

/** Reads the broker's HA attributes and the haQueue depth. Never throws. */
export async function readBrokerState(target: JolokiaTarget, timeoutMs = 1500): Promise<JolokiaResult> {
  const requestedAt = Date.now();
  try {
    // Separate reads, so a missing MBean (no cluster-connection, no queue yet) fails alone.
    const [broker, queue, cluster, address] = await jolokiaBulk(
      target,
      [
        { type: 'read', mbean: 'org.apache.activemq.artemis:broker=*', attribute: BROKER_ATTRIBUTES },
        { type: 'read', mbean: queueMBeanPattern(HA_QUEUE), attribute: QUEUE_ATTRIBUTES },
        { type: 'read', mbean: CLUSTER_MBEAN, attribute: CLUSTER_ATTRIBUTES },
        { type: 'read', mbean: addressMBeanPattern(HA_QUEUE), attribute: 'RemoteQueueNames' },
      ],
      timeoutMs,
    );
    if (!broker || broker.status !== 200 || typeof broker.value !== 'object' || broker.value === null) {
      // The HTTP server answers before the broker registers its MBean while starting.
      return { reachable: false, requestedAt, reason: broker?.error ?? 'broker MBean not registered yet' };
    }
    const entries = Object.entries(broker.value as Record<string, Record<string, unknown>>);
    const first = entries[0];
    if (!first) return { reachable: false, requestedAt, reason: 'broker MBean not registered yet' };
    const [mbean, attrs] = first;
    const brokerName = /broker="?([^",]*)"?/.exec(mbean)?.[1] ?? mbean;
    const haQueue = queueStatsOf(onlyMBean(queue));
    return {
      reachable: true,
      requestedAt,
      brokerName,
      backup: bool(attrs.Backup),
      active: bool(attrs.Active),
      replicaSync: bool(attrs.ReplicaSync),
      haPolicy: str(attrs.HAPolicy),
      nodeId: str(attrs.NodeID),
      started: bool(attrs.Started),
      version: str(attrs.Version),
      haQueueCount: haQueue?.messageCount ?? null,
      haQueue,
      cluster: clusterStatsOf(onlyMBean(cluster), onlyMBean(address)),
    };
  } catch (error) {
    const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
    return { reachable: false, requestedAt, reason };
  }
}


/**
 * Creates a durable anycast queue (and its address) through the broker MBean's 8-argument
 * `createQueue`, present from 2.0 to today. About 20 ms, where `artemis queue create` costs a JVM
 * start (2-5 s on a busy laptop). Resolves 'exists' when the queue is already there.
 */
export async function createAnycastQueue(
  target: JolokiaTarget,
  brokerName: string,
  queue: string,
  timeoutMs = 10_000,
): Promise<'created' | 'exists'> {
  const [reply] = await jolokiaBulk(
    target,
    [
      {
        type: 'exec',
        mbean: `org.apache.activemq.artemis:broker="${brokerName}"`,
        operation: 'createQueue(java.lang.String,java.lang.String,java.lang.String,java.lang.String,boolean,int,boolean,boolean)',
        // address, routing type, name, filter, durable, max consumers (-1: unlimited), purge on no consumers, auto-create address
        arguments: [queue, 'ANYCAST', queue, null, true, -1, false, true],
      },
    ],
    timeoutMs,
  );
  if (reply?.status === 200) return 'created';
  if (reply?.error && /AMQ229019|already exists/i.test(reply.error)) return 'exists';
  throw new Error(reply?.error ?? 'no reply');
}
