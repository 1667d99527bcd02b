// Where things live in a lab dir. Layout as in the seed: the unpacked distribution is
// <labDir>/<zip's top folder>/ (ARTEMIS_HOME) and the instances sit in its instances/ folder.
// A lab dir with non-ASCII letters keeps the instances there but ARTEMIS_HOME elsewhere
// (ascii-home.ts); lab.json's broker.home and brokers[].dir are the truth, not these helpers.
import path from 'node:path';
import type { BrokerDef } from '../../../shared/labs/lab-definition.js';

export const LAB_JSON = 'lab.json';

export function labJsonPath(labDir: string): string {
  return path.join(labDir, LAB_JSON);
}

export function brokerHome(labDir: string, topFolder: string): string {
  return path.join(labDir, topFolder);
}

export function instanceDir(home: string, broker: Pick<BrokerDef, 'instance'>): string {
  return path.join(home, 'instances', broker.instance);
}

export function instanceFiles(instance: string) {
  return {
    brokerXml: path.join(instance, 'etc', 'broker.xml'),
    bootstrapXml: path.join(instance, 'etc', 'bootstrap.xml'),
    jolokiaAccessXml: path.join(instance, 'etc', 'jolokia-access.xml'),
    profile: path.join(instance, 'etc', 'artemis.profile'),
    profileCmd: path.join(instance, 'etc', 'artemis.profile.cmd'),
    log: path.join(instance, 'log', 'artemis.log'),
    dataDir: path.join(instance, 'data'),
  };
}

export const BASE_ACCEPTOR_PORT = 61616;
export const BASE_CONSOLE_PORT = 8161;
/** The broker's offset: the lab's (--port-offset) plus its own in the topology (the seed's backup: 100). */
export function brokerOffset(labOffset: number, broker: Pick<BrokerDef, 'portOffset'>): number {
  return labOffset + broker.portOffset;
}

/**
 * A broker's ports: the acceptor clients use, its web console, and the acceptor its cluster
 * connection and replication use (docs/failback.md: on the clients' acceptor a failback's last
 * handshake can wait behind a client's send for 30 s and break).
 */
export function brokerPorts(labOffset: number, broker: Pick<BrokerDef, 'portOffset'>): { acceptor: number; console: number; cluster: number } {
  const offset = brokerOffset(labOffset, broker);
  return { acceptor: BASE_ACCEPTOR_PORT + offset, console: BASE_CONSOLE_PORT + offset, cluster: BASE_ACCEPTOR_PORT + CLUSTER_PORT_SHIFT + offset };
}

/** Between a broker's acceptor and the next broker's (portOffset steps of 100). */
export const CLUSTER_PORT_SHIFT = 50;

/** The lab's own port offset (--port-offset at setup), read back from where its first broker landed. */
export function labPortOffset(config: { brokers: Record<string, { portOffset: number }> }, brokers: readonly Pick<BrokerDef, 'id' | 'portOffset'>[]): number {
  for (const b of brokers) {
    const broker = config.brokers[b.id];
    if (broker) return broker.portOffset - b.portOffset;
  }
  return 0;
}
