// `setup`: from a broker zip in installs/ to a configured replicated pair (the seed's init.sh,
// for every AMQ 7 / Artemis version and OS, explaining itself). Nothing is written until the
// zip is validated; lab.json is written last, so its presence means the lab is complete.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SetupReport } from '../../../shared/contract.js';
import type { LabConfig, TaskProgress } from '../../../shared/lab-state.js';
import type { BrokerDef, LabDefinition } from '../../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID, findLab } from '../../../shared/labs/index.js';
import { asciiBaseCandidates, asciiHomeFolderName, chooseAsciiBase, currentHostPlaces, HOME_POINTER, isOutside, moveExternalHomeAside, needsAsciiHome, readHomePointer, writeHomePointer } from '../distribution/ascii-home.js';
import { runBrokerCommand, type BrokerCommandTarget } from '../processes/broker-command.js';
import { compareTriples, describeBroker, formatTriple, haDialect, versionFromJarNames, brokerVersionFromString } from '../distribution/broker-version.js';
import { brokerWiring } from './broker-wiring.js';
import { editBrokerXml, journalTypeOf } from './broker-xml.js';
import { LAB_HA_TUNING, type HaTuning } from './broker-xml-plan.js';
import { editBootstrapXml, editJolokiaAccess } from './web-console-xml.js';
import { findJava, javaHomeProblem } from '../host/java.js';
import { judgeJava } from '../host/java-fit.js';
import { javaFix, osFamily } from '../host/os-family.js';
import { addJavaOptions, javaOptionsFor } from '../host/java-options.js';
import { LabError, tailLines } from '../lab-error.js';
import { readLabConfig, writeLabConfig } from './lab-config.js';
import { highestLabPort, largestPortOffset, MAX_PORT } from './port-ceiling.js';
import { brokerHome, instanceDir, instanceFiles, labJsonPath, nodeOffset, nodePorts } from './lab-layout.js';
import { findLibaio } from '../host/libaio.js';
import { DEFAULT_ARTEMIS_VERSION } from '../distribution/download-broker.js';
import { moveAside } from '../state/move-aside.js';
import { portHolder } from '../host/ports.js';
import { commandLineOf, isProcessOfInstance } from '../processes/process-utils.js';
import { unpackZip } from '../distribution/unpack.js';
import { findBrokerZips, matchZipName, nameDisagrees, usableZips, ZIP_NAMES_HELP } from '../distribution/zip-candidates.js';
import { validateBrokerZip } from '../distribution/zip-validate.js';

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

export const SETUP_DEFAULTS = {
  user: 'admin',
  password: 'admin',
  clusterUser: 'clusterUser',
  clusterPassword: 'clusterPassword',
  portOffset: 0,
  heapMb: 512,
} as const;

/** -Xmx per broker by how many the lab runs: three brokers and the app fit a 4 GB laptop (bench: lab peak RSS). */
export function heapForBrokers(count: number): number {
  return count <= 2 ? SETUP_DEFAULTS.heapMb : count === 3 ? 384 : 256;
}

/** Small initial heap: the whole lab (two brokers and the app) should fit a 4 GB laptop. */
export const INITIAL_HEAP_MB = 64;
const LOOPBACK = '127.0.0.1';

type Progress = (p: TaskProgress) => void;

async function pathExists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

async function ensureWritable(labDir: string): Promise<void> {
  try {
    await fs.mkdir(labDir, { recursive: true });
    const probe = path.join(labDir, `.write-test-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new LabError(
      'LAB_NOT_WRITABLE',
      `Cannot write to the lab dir ${labDir} (${code}).`,
      'Choose another place with --lab-dir, or fix its permissions.',
    );
  }
}

/** Refuses to move a lab aside while its brokers still run from it. */
async function assertLabStopped(config: LabConfig): Promise<void> {
  for (const node of Object.values(config.nodes)) {
    const holder = await portHolder(node.acceptorPort);
    const cmd = holder?.pid ? (holder.command ?? (await commandLineOf(holder.pid))) : null;
    if (cmd && isProcessOfInstance(cmd, node.dir)) {
      throw new LabError('ALREADY_RUNNING', `${node.instance} is still running (pid ${holder?.pid}).`, 'Stop the lab first (`amq-ha-lab down`), then run setup --force.').fixedBy('stop-brokers');
    }
  }
}

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

/** The create command as shown to attendees: passwords masked. */
export function maskPasswords(args: readonly string[]): string[] {
  return args.map((a, i) => (i > 0 && /^--(?:cluster-)?password$/.test(args[i - 1]!) ? '***' : a));
}

export function createArgs(opts: {
  instance: string;
  broker: Pick<BrokerDef, 'role' | 'ha' | 'portOffset' | 'connectsTo'>;
  /** Shared store: the journal folder the group shares (absolute). */
  sharedData?: string;
  artemis: { major: number; minor: number; micro: number };
  portOffset: number;
  user: string;
  password: string;
  clusterUser: string;
  clusterPassword: string;
  heapMb: number;
  nio: boolean;
}): string[] {
  const dialect = haDialect(opts.artemis);
  const args = [
    'create',
    opts.instance,
    '--silent',
    ...haArgs(opts.broker, dialect, opts.sharedData),
    '--host',
    LOOPBACK,
    '--http-host',
    LOOPBACK,
    '--port-offset',
    String(nodeOffset(opts.portOffset, opts.broker)),
    '--user',
    opts.user,
    '--password',
    opts.password,
    '--cluster-user',
    opts.clusterUser,
    '--cluster-password',
    opts.clusterPassword,
    // Clients and the console both log in with the lab's user: no anonymous access.
    '--require-login',
    // Autotune writes a disk-speed benchmark into broker.xml and takes seconds per instance.
    '--no-autotune',
  ];
  if (opts.nio) args.push('--nio');
  if (compareTriples(opts.artemis, { major: 2, minor: 27, micro: 0 }) >= 0) args.push('--java-memory', `${opts.heapMb}M`);
  return args;
}

/** Shared store: the one journal folder a group's brokers use, beside the instances (a shared disk in production). */
export function sharedDataDir(instancesHome: string, broker: Pick<BrokerDef, 'ha' | 'group'>): string | undefined {
  return broker.ha === 'shared-store' && broker.group ? path.join(instancesHome, 'instances', `shared-store-${broker.group}`) : undefined;
}

/** The HA part of `artemis create`: its own flags per HA kind and role, as the broker's CLI names them. */
function haArgs(broker: Pick<BrokerDef, 'role' | 'ha' | 'connectsTo'>, dialect: ReturnType<typeof haDialect>, sharedData?: string): string[] {
  const backup = broker.role === 'backup' ? [dialect === 'primary-backup' ? '--backup' : '--slave'] : [];
  if (broker.ha === 'replication') return ['--replicated', ...backup];
  if (broker.ha === 'shared-store') return ['--shared-store', ...backup, ...(sharedData ? ['--data', sharedData] : [])];
  return broker.connectsTo.length > 0 ? ['--clustered'] : [];
}

/**
 * A setup that failed after moving the old lab aside puts it back, so a bad zip or a failed
 * `artemis create` costs the attendee nothing; the half-made lab is kept beside it for a look.
 */
async function putBack(labDir: string, movedAsideTo: string, home: { at: string; aside: string } | null, error: unknown): Promise<LabError> {
  const failed = await moveAside(labDir, new Date(), 'failed-setup');
  await fs.rename(movedAsideTo, labDir);
  if (home) {
    // Its ASCII home too (non-ASCII lab dirs), where the half-made one may sit in its place.
    if (await pathExists(home.at)) await moveAside(home.at, new Date(), 'failed-setup');
    await fs.rename(home.aside, home.at);
  }
  const cause = error instanceof LabError ? error : new LabError('COMMAND_FAILED', error instanceof Error ? error.message : String(error));
  return new LabError(
    cause.code,
    `${cause.message} Your previous lab is back in ${labDir}, unchanged (the half-made new one is in ${failed}).`,
    cause.hint,
    cause.details,
  ).fixedBy(cause.fix);
}

export async function setupLab(options: SetupOptions, onProgress?: Progress): Promise<SetupReport> {
  const labDir = path.resolve(options.labDir);
  const installsDir = path.resolve(options.installsDir);
  const progress = (message: string, value: number | null = null) => onProgress?.({ name: 'setup', message, progress: value });
  const lines: string[] = [];
  let movedAsideTo: string | null = null;
  let movedHome: { at: string; aside: string } | null = null;

  const lab = options.lab ?? findLab(DEFAULT_LAB_ID)!;
  const offset = options.portOffset ?? SETUP_DEFAULTS.portOffset;
  const topPort = highestLabPort(lab, offset);
  if (topPort > MAX_PORT) {
    throw new LabError('BAD_REQUEST', `With --port-offset ${offset}, ${lab.id}'s ports would reach ${topPort} (above ${MAX_PORT}).`, `Use a --port-offset of at most ${largestPortOffset(lab)}.`);
  }
  const existing = await readLabConfig(labDir);
  const existingLab = existing ? (existing.lab ?? DEFAULT_LAB_ID) : null;
  if (existing && !options.force && existingLab !== lab.id) {
    throw new LabError(
      'OTHER_LAB',
      `${labDir} holds the lab "${findLab(existingLab!)?.title ?? existingLab}" (${existingLab}), not ${lab.id}.`,
      `Run \`amq-ha-lab setup --lab ${lab.id} --force\` to move it aside (nothing is deleted), or use another --lab-dir.`,
    );
  }
  if (existing && !options.force) {
    const missing = [];
    for (const node of Object.values(existing.nodes)) if (!(await pathExists(instanceFiles(node.dir).brokerXml))) missing.push(node.instance);
    if (missing.length === 0) {
      return {
        changed: false,
        movedAsideTo: null,
        lines: [
          `The lab in ${labDir} is already set up (${lab.title}; ${existing.broker.label ?? existing.broker.version}, created ${existing.createdAt}); nothing changed.`,
          'Run `amq-ha-lab setup --force` to move it aside and start fresh.',
        ],
      };
    }
    throw new LabError(
      'BROKEN_DISTRIBUTION',
      `The lab in ${labDir} is incomplete (${missing.join(', ')} missing).`,
      'Run `amq-ha-lab setup --force` to move it aside and start fresh.',
    ).fixedBy('reset-lab');
  }

  // 1. Which zip.
  let zip = options.zip ? path.resolve(options.zip) : null;
  if (!zip) {
    const candidates = await findBrokerZips(installsDir);
    const usable = usableZips(candidates);
    const newest = usable[0];
    if (!newest) {
      // A zip named as a broker that is not one: its own error (damaged, not a broker) says most.
      const named = candidates.find((z) => matchZipName(z.fileName));
      if (named) await validateBrokerZip(named.path);
      const odd = candidates.map((z) => `${z.fileName}: ${z.problem}`).join('; ');
      throw new LabError(
        'NO_ZIP',
        candidates.length ? `No usable broker zip in ${installsDir} (${odd}).` : `No broker zip in ${installsDir}.`,
        `Run \`amq-ha-lab setup --download\` to fetch Apache Artemis ${DEFAULT_ARTEMIS_VERSION}, put a zip there named ${ZIP_NAMES_HELP} (AMQ from the Red Hat Customer Portal), or name one with --zip.`,
      ).fixedBy('download-broker');
    }
    zip = newest.path;
    if (usable.length > 1) lines.push(`Found ${usable.length} broker zips; using the newest, ${newest.fileName} (${newest.label}).`);
    for (const z of candidates) {
      if (z.problem) lines.push(`Not used: ${z.fileName}, ${z.problem.replace(/\.+$/, '')}.`);
      else if (nameDisagrees(z)) lines.push(`Note: ${z.fileName} holds ${z.label}, whatever its name says.`);
    }
  }

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

  if (options.force && existing) await assertLabStopped(existing);
  await ensureWritable(labDir);
  if (options.force && (existing || (await fs.readdir(labDir)).length > 0)) {
    const oldHome = existing?.broker.home ?? (await readHomePointer(labDir));
    movedAsideTo = await moveAside(labDir);
    lines.push(`Moved the old lab aside to ${movedAsideTo} (nothing deleted).`);
    const homeAside = await moveExternalHomeAside(labDir, oldHome);
    if (homeAside && oldHome) {
      lines.push(`Moved its broker distribution aside to ${homeAside}.`);
      movedHome = { at: oldHome, aside: homeAside };
    }
    await ensureWritable(labDir);
  }

  try {
    // Non-ASCII lab dir: the distribution goes to an ASCII folder (ascii-home.ts says why); the
    // instances stay where they would be anyway, so the lab dir keeps the attendee's data.
    const instancesHome = brokerHome(labDir, validated.topFolder);
    let unpackInto = labDir;
    if (needsAsciiHome(labDir)) {
      unpackInto = path.join(await chooseAsciiBase(asciiBaseCandidates(currentHostPlaces())), asciiHomeFolderName(labDir));
      await ensureWritable(unpackInto);
      await writeHomePointer(labDir, brokerHome(unpackInto, validated.topFolder));
    }
    const home = brokerHome(unpackInto, validated.topFolder);
    if (home !== instancesHome) {
      lines.push(
        `${labDir} has non-ASCII letters, and the web console of Artemis 2.39+ (Jetty 12) fails to deploy from such an ARTEMIS_HOME ("Bad escape"): the broker distribution goes to ${home}, the instances stay in ${instancesHome} (${path.join(labDir, HOME_POINTER)} says where it went).`,
      );
    }

    // A folder left by an unfinished earlier setup is moved aside too, never overwritten.
    for (const leftover of new Set([home, instancesHome])) {
      if (!(await pathExists(leftover))) continue;
      const aside = await moveAside(leftover);
      lines.push(`An unfinished earlier setup was in the way; moved it to ${aside}.`);
    }

    // 3. Unpack.
    progress(`Unpacking ${path.basename(zip)}`, 0);
    try {
      await unpackZip(zip, unpackInto, validated.topFolder, validated.entryCount, (p) =>
        onProgress?.({ name: 'unpack', message: p.file, progress: p.entries / Math.max(1, p.totalEntries) }),
      );
    } catch (error) {
      // Only our own half-written folder goes; the zip and the attendee's files stay.
      await fs.rm(home, { recursive: true, force: true }).catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      if (/ENOSPC/.test(message)) throw new LabError('DISK_FULL', `The disk filled up while unpacking into ${labDir}.`, 'Free some disk space, then run setup again.');
      throw new LabError('BAD_ZIP', `${path.basename(zip)} could not be unpacked (${message}).`, 'The download is probably damaged: download it again.');
    }
    const libJars = await fs.readdir(path.join(home, 'lib')).catch(() => []);
    const jarVersion = versionFromJarNames(libJars);
    const confirmed = jarVersion ? brokerVersionFromString(jarVersion, 'artemis') : null;
    if (confirmed && compareTriples(confirmed.artemis, artemis) !== 0) {
      throw new LabError('BROKEN_DISTRIBUTION', `The unpacked broker says ${jarVersion}, the zip said ${formatTriple(artemis)}.`, 'Download the zip again.');
    }
    lines.push(`Unpacked ${label} into ${home} (HA dialect: ${dialect === 'primary-backup' ? 'primary/backup' : 'master/slave'}).`);

    // 4. Create the two instances with the broker's own CLI.
    const libaio = await findLibaio();
    const nio = options.nio === true || process.platform !== 'linux' || !libaio.found;
    const settings = {
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
    const nodes = {} as LabConfig['nodes'];
    let journal: LabConfig['journal'] = 'nio';

    // Every `artemis create` is its own JVM start: run them side by side, then edit each instance.
    const brokers = lab.topology.brokers;
    progress(`Creating ${brokers.map((b) => b.instance).join(', ')}`, 0.5);
    const created = await Promise.all(
      brokers.map(async (broker) => {
        const dir = instanceDir(instancesHome, broker);
        const args = createArgs({ instance: dir, broker, sharedData: sharedDataDir(instancesHome, broker), artemis, nio, ...settings });
        const result = await runBrokerCommand(target, args, { timeoutMs: 180_000 });
        return { broker, dir, args, output: result.output };
      }),
    );
    for (const [index, { broker, dir, args, output }] of created.entries()) {
      const ports = nodePorts(settings.portOffset, broker);
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

      // 5. broker.xml and bootstrap.xml, as XML.
      const brokerXml = await fs.readFile(files.brokerXml, 'utf8');
      const edited = editBrokerXml(brokerXml, {
        role: broker.role,
        ha: broker.ha,
        settings: broker.settings,
        dialect,
        host: LOOPBACK,
        selfPort: ports.acceptor,
        ...brokerWiring(
          lab.topology,
          broker,
          settings.portOffset,
          (id) => nodePorts(settings.portOffset, brokers.find((b) => b.id === id)!).acceptor,
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
      nodes[broker.id] = {
        instance: broker.instance,
        dir,
        portOffset: nodeOffset(settings.portOffset, broker),
        acceptorPort: ports.acceptor,
        consolePort: ports.console,
      };
    }
    if (javaOptions) lines.push(`Every instance: ${javaOptions.why}`);
    lines.push(
      journal === 'aio'
        ? 'Journal: AIO (libaio and O_DIRECT work here).'
        : `Journal: NIO (${process.platform !== 'linux' ? 'AIO is Linux-only' : !libaio.found ? 'libaio not installed' : options.nio ? 'asked for' : 'O_DIRECT not available on this file system'}).`,
    );

    // 6. lab.json last: its presence means "created".
    // The port offset lives on in each node's ports; lab.json keeps only what LabConfig knows.
    const { portOffset: _portOffset, ...credentialsAndHeap } = settings;
    const config: LabConfig = {
      schema: 1,
      lab: lab.id,
      broker: { version: validated.version.raw, label, home, zip, dialect },
      javaHome: target.javaHome ?? null,
      ...credentialsAndHeap,
      journal,
      nodes,
      createdAt: new Date().toISOString(),
    };
    await writeLabConfig(labDir, config);
    lines.push(
      `Wrote ${labJsonPath(labDir)}. ${brokers.map((b) => `${b.label}: ${LOOPBACK}:${nodes[b.id]!.acceptorPort}, console http://localhost:${nodes[b.id]!.consolePort}/console`).join('; ')}.`,
    );
  } catch (error) {
    if (movedAsideTo) throw await putBack(labDir, movedAsideTo, movedHome, error);
    throw error;
  }
  progress('Done', 1);
  return { changed: true, lines, movedAsideTo };
}
