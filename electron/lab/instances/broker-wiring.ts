// The part of a broker's broker.xml plan that depends on its neighbours: the peers its cluster
// connection dials (through the wire where the lab owns one), the address it announces, and its
// pinger's URL. One function for setup and for a mid-story `configure`, so both write the same.
import type { BrokerDef, LabTopology } from '../../../shared/labs/lab-definition.js';
import { announcedPort, checkTargetPort, checkTargetUrl, dialPort, hasWire, wiredPeerOf, type ClusterPortOf } from '../../../shared/labs/wire.js';
import type { BrokerXmlPlan } from './broker-xml-plan.js';

export function brokerWiring(
  topology: LabTopology,
  broker: BrokerDef,
  labPortOffset: number,
  clusterPortOf: ClusterPortOf,
  instanceOf: (id: string) => string,
): Pick<BrokerXmlPlan, 'peers' | 'announcePort' | 'networkCheckUrl'> {
  return {
    peers: broker.connectsTo.map((id) => ({
      name: instanceOf(id),
      port: dialPort(topology, broker.id, id, clusterPortOf),
      throughWire: wiredPeerOf(topology, broker.id) === id,
    })),
    announcePort: announcedPort(topology, broker.id, clusterPortOf),
    networkCheckUrl: hasWire(topology) ? checkTargetUrl(checkTargetPort(labPortOffset), broker.id) : null,
  };
}
