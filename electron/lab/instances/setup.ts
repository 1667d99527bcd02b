// `setup`: from a broker zip in installs/ to a configured replicated pair (the seed's init.sh,
// for every AMQ 7 / Artemis version and OS, explaining itself). Nothing is written until the
// zip is validated; lab.json is written last, so its presence means the lab is complete.
import path from 'node:path';
import type { SetupReport } from '../../../shared/contract.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID, findLab } from '../../../shared/labs/index.js';
import { describeBroker, haDialect } from '../distribution/broker-version.js';
import { validateBrokerZip } from '../distribution/zip-validate.js';
import { javaOptionsFor } from '../host/java-options.js';
import { judgeJava } from '../host/java-fit.js';
import { findJava, javaHomeProblem } from '../host/java.js';
import { findLibaio } from '../host/libaio.js';
import { javaFix, osFamily } from '../host/os-family.js';
import { LabError } from '../lab-error.js';
import type { BrokerCommandTarget } from '../processes/broker-command.js';
import { LAB_HA_TUNING, type HaTuning } from './broker-xml-plan.js';
import { configureInstances } from './configure-instance.js';
import { createInstances } from './create-instances.js';
import { readLabConfig, writeLabConfig } from './lab-config.js';
import { labJsonPath } from './lab-layout.js';
import { keepExistingLab, moveOldLabAside, putBack } from './old-lab.js';
import { highestLabPort, largestPortOffset, MAX_PORT } from './port-ceiling.js';
import { heapForBrokers, LOOPBACK, SETUP_DEFAULTS, type Progress, type SetupSettings } from './setup-settings.js';
import { chooseZip, unpackBroker } from './unpack-broker.js';

export interface SetupOptions {
  /** Which lab's brokers to create (its topology); the seed's replicated pair by default. */
  lab?: LabDefinition;
  labDir: string;
  installsDir: string;
  zip?: string;
  force?: boolean;
  portOffset?: number;
  user?: string;
  password?: string;
  clusterUser?: string;
  clusterPassword?: string;
  heapMb?: number;
  /** Low cluster-connection timings so failover is quick (default true); false keeps the template's. */
  haTuning?: boolean | HaTuning;
  /** Force the NIO journal even where libaio is present. */
  nio?: boolean;
}

export async function setupLab(options: SetupOptions, onProgress?: Progress): Promise<SetupReport> {
  const labDir = path.resolve(options.labDir);
  const installsDir = path.resolve(options.installsDir);
  const progress = (message: string, value: number | null = null) => onProgress?.({ name: 'setup', message, progress: value });
  const lines: string[] = [];

  const lab = options.lab ?? findLab(DEFAULT_LAB_ID)!;
  const offset = options.portOffset ?? SETUP_DEFAULTS.portOffset;
  const topPort = highestLabPort(lab, offset);
  if (topPort > MAX_PORT) {
    throw new LabError('BAD_REQUEST', `With --port-offset ${offset}, ${lab.id}'s ports would reach ${topPort} (above ${MAX_PORT}).`, `Use a --port-offset of at most ${largestPortOffset(lab)}.`);
  }
  const existing = await readLabConfig(labDir);
  const unchanged = await keepExistingLab(labDir, lab, existing, options.force);
  if (unchanged) return unchanged;

  // 1. Which zip.
  const zip = options.zip ? path.resolve(options.zip) : await chooseZip(installsDir, lines);

  // 2. Validate before writing anything.
  progress(`Checking ${path.basename(zip)}`);
  const validated = await validateBrokerZip(zip);
  const artemis = validated.version.artemis;
  const dialect = haDialect(artemis);
  const label = describeBroker(validated.version);

  const badJavaHome = await javaHomeProblem();
  if (badJavaHome) throw new LabError('JAVA_MISSING', badJavaHome, 'Point JAVA_HOME at a JDK (the folder holding bin/java), or unset it; `amq-ha-lab doctor` shows how.').fixedBy('check-prerequisites');
  const java = await findJava();
  const fit = judgeJava(java, artemis, label);
  if (fit.status === 'fail') {
    throw new LabError(java ? 'JAVA_TOO_OLD' : 'JAVA_MISSING', fit.message, javaFix(await osFamily(), fit.recommended));
  }

  const moved = await moveOldLabAside(labDir, existing, options.force, lines);

  try {
    // 3. Unpack.
    const { home, instancesHome, libJars } = await unpackBroker(labDir, zip, validated, lines, progress, onProgress);
    lines.push(`Unpacked ${label} into ${home} (HA dialect: ${dialect === 'primary-backup' ? 'primary/backup' : 'master/slave'}).`);

    // 4. Create the instances with the broker's own CLI.
    const libaio = await findLibaio();
    const nio = options.nio === true || process.platform !== 'linux' || !libaio.found;
    const settings: SetupSettings = {
      portOffset: options.portOffset ?? SETUP_DEFAULTS.portOffset,
      user: options.user ?? SETUP_DEFAULTS.user,
      password: options.password ?? SETUP_DEFAULTS.password,
      clusterUser: options.clusterUser ?? SETUP_DEFAULTS.clusterUser,
      clusterPassword: options.clusterPassword ?? SETUP_DEFAULTS.clusterPassword,
      heapMb: options.heapMb ?? heapForBrokers(lab.topology.brokers.length),
    };
    const tuning = options.haTuning === false ? null : options.haTuning === true || options.haTuning === undefined ? LAB_HA_TUNING : options.haTuning;
    const target: BrokerCommandTarget = { dir: home, javaHome: java?.source === 'JAVA_HOME' ? java.home : null };
    // Chosen for the Java found now: the brokers run with the same Java (lab.json keeps JAVA_HOME).
    const javaOptions = java ? javaOptionsFor(artemis, java.version.major, libJars) : null;
    if (javaOptions) progress(`Adding ${javaOptions.options.join(' ')} for Java ${java!.version.major}`);

    const brokers = lab.topology.brokers;
    progress(`Creating ${brokers.map((b) => b.instance).join(', ')}`, 0.5);
    const created = await createInstances(brokers, instancesHome, target, artemis, nio, settings);

    // 5. Each instance's files, edited for the lab.
    const { brokers: configs, journal } = await configureInstances(created, { lab, home, dialect, settings, tuning, javaOptions }, lines, progress);
    if (javaOptions) lines.push(`Every instance: ${javaOptions.why}`);
    lines.push(
      journal === 'aio'
        ? 'Journal: AIO (libaio and O_DIRECT work here).'
        : `Journal: NIO (${process.platform !== 'linux' ? 'AIO is Linux-only' : !libaio.found ? 'libaio not installed' : options.nio ? 'asked for' : 'O_DIRECT not available on this file system'}).`,
    );

    // 6. lab.json last: its presence means "created".
    // The port offset lives on in each broker's ports; lab.json keeps only what LabConfig knows.
    const { portOffset: _portOffset, ...credentialsAndHeap } = settings;
    const config: LabConfig = {
      schema: 1,
      lab: lab.id,
      broker: { version: validated.version.raw, label, home, zip, dialect },
      javaHome: target.javaHome ?? null,
      ...credentialsAndHeap,
      journal,
      brokers: configs,
      createdAt: new Date().toISOString(),
    };
    await writeLabConfig(labDir, config);
    lines.push(
      `Wrote ${labJsonPath(labDir)}. ${brokers.map((b) => `${b.label}: ${LOOPBACK}:${configs[b.id]!.acceptorPort}, console http://localhost:${configs[b.id]!.consolePort}/console`).join('; ')}.`,
    );
  } catch (error) {
    if (moved) throw await putBack(labDir, moved, error);
    throw error;
  }
  progress('Done', 1);
  return { changed: true, lines, movedAsideTo: moved?.labDir ?? null };
}
