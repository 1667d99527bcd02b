// broker.xml settings changed in place (a step switching ON_DEMAND to STRICT, or turning
// failover-on-shutdown on) and recorded in lab.json; the story restarts what needs it.
import fs from 'node:fs';
import { clusterPortOf, type LabConfig, type BrokerName } from '../../../shared/lab-state.js';
import type { BrokerSettings } from '../../../shared/labs/lab-definition.js';
import { brokerWiring } from '../instances/broker-wiring.js';
import { editBrokerXml } from '../instances/broker-xml.js';
import { writeLabConfig } from '../instances/lab-config.js';
import { instanceFiles, labPortOffset } from '../instances/lab-layout.js';
import { brokerConfig } from '../processes/supervisor.js';
import { labEvent, requireConfig, type OpsLab } from './ops-lab.js';
import { reloadConfigKeepingState } from './setup.js';

/** Changes broker.xml settings of `brokers` and records them in lab.json; returns what changed, per broker. */
export async function configure(lab: OpsLab, brokers: BrokerName[], settings: BrokerSettings): Promise<string[]> {
  return lab.exclusive(`configure ${brokers.join(', ')}`, async () => {
    const config = requireConfig(lab);
    const topology = lab.definition.topology;
    const lines: string[] = [];
    const next: LabConfig = { ...config, brokers: { ...config.brokers } };
    for (const id of brokers) {
      const created = brokerConfig(config, id);
      const broker = topology.brokers.find((b) => b.id === id)!;
      const merged = { ...broker.settings, ...created.settings, ...settings };
      const file = instanceFiles(created.dir).brokerXml;
      const edited = editBrokerXml(fs.readFileSync(file, 'utf8'), {
        role: broker.role,
        ha: broker.ha,
        settings: merged,
        dialect: config.broker.dialect,
        host: '127.0.0.1',
        selfPort: created.acceptorPort,
        clusterPort: created.clusterPort ?? null,
        ...brokerWiring(
          topology,
          broker,
          labPortOffset(config, topology.brokers),
          (peer) => clusterPortOf(brokerConfig(config, peer)),
          (peer) => brokerConfig(config, peer).instance,
        ),
        haTuning: null,
      });
      if (edited.changes.length > 0) fs.writeFileSync(file, edited.xml, 'utf8');
      lines.push(...edited.changes.map((c) => `${broker.label}: ${c}`));
      next.brokers[id] = { ...created, settings: merged };
      labEvent(lab, id, edited.changes.length ? `Configured: ${edited.changes.join(' ')}` : 'Configuration already as asked.');
    }
    await writeLabConfig(lab.labDir, next);
    await reloadConfigKeepingState(lab);
    return lines;
  });
}
