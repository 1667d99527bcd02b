// Which broker is live, and what a client needs to reach one: the lookups every job that talks
// to a broker shares.
import net from 'node:net';
import type { LabSnapshot, NodeName } from '../../../shared/lab-state.js';
import { nodeOf } from '../../../shared/labs/checks.js';
import { brokerDef } from '../../../shared/labs/topology.js';
import type { NodeEndpoint } from '../messages/ledger-actions.js';
import { nodeConfig } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { requireConfig, type OpsLab } from './ops-lab.js';

/** The live broker that runs (the first, when a split brain has two). */
export function liveNode(s: LabSnapshot): NodeName | null {
  const live = s.nodes.filter((n) => n.live && n.process === 'running');
  return live.length === 1 ? live[0]!.name : (live[0]?.name ?? null);
}

/**
 * The live node, once its acceptor takes connections: a backup that just took over logs
 * AMQ221007 a moment before it opens its acceptors, and a client arriving in between would be
 * refused.
 */
export async function requireLive(lab: OpsLab, node?: NodeName): Promise<NodeName> {
  const live = node ?? liveNode(lab.monitor.snapshot());
  if (!live) throw new LabError('NOT_RUNNING', 'No broker is live right now.', 'Run `amq-ha-lab up` (or start a primary) first.').fixedBy('start-broker');
  if (!nodeOf(lab.monitor.snapshot(), live)?.live) {
    throw new LabError('NOT_RUNNING', `The ${live} broker is not live right now.`, 'Run `amq-ha-lab status` to see which broker is live.');
  }
  const port = nodeConfig(requireConfig(lab), live).acceptorPort;
  const deadline = Date.now() + BOUNDS.acceptor;
  while (!(await acceptsConnections(port))) {
    if (Date.now() > deadline) {
      throw new LabError('TIMEOUT', `The ${live} is live but its acceptor (port ${port}) takes no connections.`, 'See its log (amq-ha-lab status).');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return live;
}

/** Host, port and login of a broker's client acceptor, for the ledger's clients. */
export function endpoint(lab: OpsLab, node: NodeName): NodeEndpoint {
  const config = requireConfig(lab);
  const group = brokerDef(lab.definition.topology, node)?.group ?? null;
  return { host: '127.0.0.1', port: nodeConfig(config, node).acceptorPort, user: config.user, password: config.password, node, group };
}

/** BAD_REQUEST unless every one of `nodes` is a broker of this lab (and at least one is named). */
export function requireBrokers(lab: Pick<OpsLab, 'definition'>, nodes: NodeName[]): void {
  const ids = lab.definition.topology.brokers.map((b) => b.id);
  const unknown = nodes.filter((n) => !ids.includes(n));
  if (unknown.length > 0 || nodes.length === 0) {
    throw new LabError('BAD_REQUEST', `No broker "${unknown.join(', ') || '(none named)'}" in ${lab.definition.id}.`, `Name one or more of: ${ids.join(', ')}.`);
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}
