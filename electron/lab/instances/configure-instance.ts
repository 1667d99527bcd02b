// setup's second half for each instance `artemis create` made: its files edited for the lab
// (broker.xml, bootstrap.xml, jolokia-access.xml, artemis.profile), each change explained.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HaDialect, LabConfig } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { isOutside } from '../distribution/ascii-home.js';
import { addJavaOptions, type JavaOptionsPlan } from '../host/java-options.js';
import { LabError, tailLines } from '../lab-error.js';
import { brokerWiring } from './broker-wiring.js';
import type { HaTuning } from './broker-xml-plan.js';
import { editBrokerXml, journalTypeOf } from './broker-xml.js';
import { maskPasswords, type CreatedInstance } from './create-instances.js';
import { instanceFiles, brokerOffset, brokerPorts } from './lab-layout.js';
import { pathExists } from './old-lab.js';
import { INITIAL_HEAP_MB, LOOPBACK, type SetupSettings, type SetupStep } from './setup-settings.js';
import { editBootstrapXml, editJolokiaAccess } from './web-console-xml.js';

/** -Xms / -Xmx in artemis.profile (a shell script, and its Windows twin): small start, capped max. */
export function sizeHeap(profile: string, heapMb: number): string {
  return profile
    .split('\n')
    .map((line) =>
      /^\s*(?:set\s+"?)?JAVA_ARGS=/i.test(line)
        ? line.replace(/-Xms\d+[kKmMgG]?/, `-Xms${Math.min(INITIAL_HEAP_MB, heapMb)}M`).replace(/-Xmx\d+[kKmMgG]?/, `-Xmx${heapMb}M`)
        : line,
    )
    .join('\n');
}

export interface InstancesPlan {
  lab: LabDefinition;
  /** ARTEMIS_HOME, which the shown create commands are relative to. */
  home: string;
  dialect: HaDialect;
  settings: SetupSettings;
  tuning: HaTuning | null;
  javaOptions: JavaOptionsPlan | null;
}

/** Edits every created instance in the topology's order; `lines` gets what each edit changed and why. */
export async function configureInstances(
  created: readonly CreatedInstance[],
  plan: InstancesPlan,
  lines: string[],
  progress: SetupStep,
): Promise<{ brokers: LabConfig['brokers']; journal: LabConfig['journal'] }> {
  const { lab, home, dialect, settings, tuning, javaOptions } = plan;
  const brokers = lab.topology.brokers;
  const configs = {} as LabConfig['brokers'];
  let journal: LabConfig['journal'] = 'nio';
  for (const [index, { broker, dir, args, output }] of created.entries()) {
    const ports = brokerPorts(settings.portOffset, broker);
    progress(`Configuring ${broker.instance}`, 0.7 + (index / brokers.length) * 0.25);
    const files = instanceFiles(dir);
    if (!(await pathExists(files.brokerXml))) {
      throw new LabError(
        'COMMAND_FAILED',
        `\`artemis create\` for ${broker.instance} finished but wrote no etc/broker.xml.`,
        'See the output below; run `amq-ha-lab setup --force` after fixing the cause.',
        tailLines(output),
      );
    }
    lines.push(`${broker.instance}: created with \`artemis ${maskPasswords(args).map((a) => (a === dir && !isOutside(home, dir) ? path.relative(home, dir) : a)).join(' ')}\``);

    // broker.xml and bootstrap.xml, as XML.
    const brokerXml = await fs.readFile(files.brokerXml, 'utf8');
    const edited = editBrokerXml(brokerXml, {
      role: broker.role,
      ha: broker.ha,
      settings: broker.settings,
      dialect,
      host: LOOPBACK,
      selfPort: ports.acceptor,
      // Only a broker with peers has cluster traffic to keep apart.
      clusterPort: broker.connectsTo.length > 0 ? ports.cluster : null,
      ...brokerWiring(
        lab.topology,
        broker,
        settings.portOffset,
        (id) => brokerPorts(settings.portOffset, brokers.find((b) => b.id === id)!).cluster,
        (id) => brokers.find((b) => b.id === id)!.instance,
      ),
      haTuning: tuning,
    });
    await fs.writeFile(files.brokerXml, edited.xml, 'utf8');
    journal = journalTypeOf(edited.xml);
    const bootstrap = await fs.readFile(files.bootstrapXml, 'utf8');
    const web = editBootstrapXml(bootstrap, { host: LOOPBACK, consolePort: ports.console });
    if (web.changes.length) await fs.writeFile(files.bootstrapXml, web.xml, 'utf8');
    const access = await fs.readFile(files.jolokiaAccessXml, 'utf8').catch(() => null);
    const jolokia = access === null ? null : editJolokiaAccess(access);
    if (jolokia?.changes.length) await fs.writeFile(files.jolokiaAccessXml, jolokia.xml, 'utf8');
    for (const profile of [files.profile, files.profileCmd]) {
      const text = await fs.readFile(profile, 'utf8').catch(() => null);
      if (text !== null) await fs.writeFile(profile, addJavaOptions(sizeHeap(text, settings.heapMb), javaOptions?.options ?? []), 'utf8');
    }
    lines.push(
      ...edited.changes.map((c) => `  ${c}`),
      ...web.changes.map((c) => `  ${c}`),
      ...(jolokia?.changes ?? []).map((c) => `  ${c}`),
      `  heap -Xms${Math.min(INITIAL_HEAP_MB, settings.heapMb)}M -Xmx${settings.heapMb}M: ${brokers.length} brokers and the app fit a 4 GB laptop.`,
    );
    configs[broker.id] = {
      instance: broker.instance,
      dir,
      portOffset: brokerOffset(settings.portOffset, broker),
      acceptorPort: ports.acceptor,
      consolePort: ports.console,
      ...(broker.connectsTo.length > 0 ? { clusterPort: ports.cluster } : {}),
    };
  }
  return { brokers: configs, journal };
}
