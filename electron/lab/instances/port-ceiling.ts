// How far a lab's ports may be shifted (--port-offset): every port a lab takes moves one for one
// with the offset, so the highest one at offset 0 says how much room is left below 65535.
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { highestWirePort } from '../../../shared/labs/wire.js';
import { brokerPorts } from './lab-layout.js';

export const MAX_PORT = 65535;

/** The highest port the lab takes at this offset: its brokers' acceptors (clients' and cluster's) and consoles, and its wire (relays, check target). */
export function highestLabPort(lab: LabDefinition, labOffset: number): number {
  const brokers = lab.topology.brokers;
  const clusterOf = (id: string) => brokerPorts(labOffset, brokers.find((b) => b.id === id)!).cluster;
  const allPorts = brokers.flatMap((b) => Object.values(brokerPorts(labOffset, b)));
  return Math.max(...allPorts, highestWirePort(lab.topology, clusterOf, labOffset));
}

/** The largest --port-offset at which every port of the lab is still at most 65535. */
export function largestPortOffset(lab: LabDefinition): number {
  return MAX_PORT - highestLabPort(lab, 0);
}
