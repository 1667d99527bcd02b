// Which broker is live, and what a client needs to reach one: the lookups every job that talks
// to a broker shares.
import net from 'node:net';
import type { LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { brokerDef } from '../../../shared/labs/topology.js';
import type { BrokerEndpoint } from '../messages/ledger-actions.js';
import { brokerConfig } from '../processes/supervisor.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { requireConfig, type OpsLab } from './ops-lab.js';

/** The live broker that runs (the first, when a split brain has two). */
export function liveBroker(s: LabSnapshot): BrokerName | null {
  const live = s.brokers.filter((n) => n.live && n.process === 'running');
  return live.length === 1 ? live[0]!.name : (live[0]?.name ?? null);
}

/**
 * The live broker, once its acceptor takes connections: a backup that just took over logs
 * AMQ221007 a moment before it opens its acceptors, and a client arriving in between would be
 * refused.
 */
export async function requireLive(lab: OpsLab, broker?: BrokerName): Promise<BrokerName> {
  const live = broker ?? liveBroker(lab.monitor.snapshot());
  if (!live) throw new LabError('NOT_RUNNING', 'No broker is live right now.', 'Run `amq-ha-lab up` (or start a primary) first.').fixedBy('start-broker');
  if (!brokerOf(lab.monitor.snapshot(), live)?.live) {
    throw new LabError('NOT_RUNNING', `The ${live} broker is not live right now.`, 'Run `amq-ha-lab status` to see which broker is live.');
  }
  const port = brokerConfig(requireConfig(lab), live).acceptorPort;
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
export function endpoint(lab: OpsLab, broker: BrokerName): BrokerEndpoint {
  const config = requireConfig(lab);
  const group = brokerDef(lab.definition.topology, broker)?.group ?? null;
  return { host: '127.0.0.1', port: brokerConfig(config, broker).acceptorPort, user: config.user, password: config.password, broker, group };
}

/** BAD_REQUEST unless every one of `brokers` is a broker of this lab (and at least one is named). */
export function requireBrokers(lab: Pick<OpsLab, 'definition'>, brokers: BrokerName[]): void {
  const ids = lab.definition.topology.brokers.map((b) => b.id);
  const unknown = brokers.filter((n) => !ids.includes(n));
  if (unknown.length > 0 || brokers.length === 0) {
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
