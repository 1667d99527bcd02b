// The producer and consumer an attendee can run by hand beside the lab's own traffic, in forms
// measured to ride through a failover on Artemis 2.44.0 (docs/traffic.md). The core
// `artemis producer` does not: a send in flight when the live broker goes is unblocked with
// AMQ219016 and the command ends (with exit code 0), so the producer uses AMQP and qpid-jms's
// `failover:` URL, which resends. The core consumer with the HA URL rides through, as long as
// it waits forever for the next message (the default gives up after 3 s, shorter than an outage).
import { DEFAULT_LOGIN, shownPassword, type LabView } from './lab-state.js';
import type { LabDefinition } from './labs/lab-definition.js';
import { TRAFFIC_QUEUE, TRAFFIC_SERIES_SECONDS } from './traffic-state.js';

export interface TrafficCommands {
  producer: string;
  consumer: string;
  /** How many messages each sends or waits for: about five minutes at the rate. */
  count: number;
}

/** `lab`: the lab this dir holds; before setup its brokers' default ports stand in (as in a step's command). */
export function trafficCommands(config: LabView | null, rate: number, lab: Pick<LabDefinition, 'topology'>): TrafficCommands {
  // Every broker of the lab, in its order: the clients try each until one is live.
  const ports = config ? Object.values(config.brokers).map((n) => n.acceptorPort) : lab.topology.brokers.map((b) => 61616 + b.portOffset);
  // The distribution's launcher, not an instance's: a client started from an instance's bin/
  // carries -Dartemis.instance=<that instance>, and the lab would take it for that broker.
  const artemis = config ? `${config.broker.home}/bin/artemis` : 'artemis';
  const login = `--user ${config?.user ?? DEFAULT_LOGIN.user} --password ${shownPassword(config)}`;
  const safeRate = Math.max(1, Math.round(rate));
  const count = safeRate * TRAFFIC_SERIES_SECONDS;
  const sleep = Math.max(0, Math.round(1000 / safeRate));
  const dest = `--destination queue://${TRAFFIC_QUEUE} --message-count ${count}`;
  return {
    producer: `${artemis} producer --protocol amqp --url "failover:(${ports.map((p) => `amqp://127.0.0.1:${p}`).join(',')})" ${dest} --sleep ${sleep} ${login}`,
    consumer: `${artemis} consumer --url "(${ports.map((p) => `tcp://127.0.0.1:${p}`).join(',')})?ha=true&reconnectAttempts=-1" ${dest} --receive-timeout -1 ${login}`,
    count,
  };
}
