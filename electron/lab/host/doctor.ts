// `doctor`: is this machine ready for the lab? Each check says ok / warn / fail, why, and one
// line the attendee can act on, for their OS.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DoctorCheck, ZipCandidate } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { asciiBaseCandidates, currentHostPlaces, needsAsciiHome } from '../distribution/ascii-home.js';
import { brokerVersionFromString, describeBroker, type BrokerVersion } from '../distribution/broker-version.js';
import { findJava, javaHomeProblem } from './java.js';
import { judgeJava, recommendedJava } from './java-fit.js';
import { readLabConfig } from '../instances/lab-config.js';
import { labPortOffset, brokerPorts } from '../instances/lab-layout.js';
import { findLibaio } from './libaio.js';
import { javaFix, libaioFix, osFamily, type OsFamily } from './os-family.js';
import { describeHolder, isPortFree, portHolder } from './ports.js';
import { commandLineOf, isProcessOfInstance } from '../processes/process-utils.js';
import { findBrokerZips, nameDisagrees, usableZips, ZIP_NAMES_HELP } from '../distribution/zip-candidates.js';

export interface DoctorOptions {
  labDir: string;
  installsDir: string;
  portOffset?: number;
  /** The lab whose brokers' ports are checked. */
  lab: LabDefinition;
  /** Pids of the lab's own brokers: ports they hold are fine. */
  ownPids?: ReadonlySet<number>;
}

const GB = 1024 ** 3;

function check(id: string, title: string, status: DoctorCheck['status'], message: string, fix: string | null = null): DoctorCheck {
  return { id, title, status, message, fix: status === 'ok' ? null : fix };
}

export function memoryCheck(totalBytes: number): DoctorCheck {
  const gb = (totalBytes / GB).toFixed(1);
  if (totalBytes < 2 * GB) return check('memory', 'Memory', 'fail', `${gb} GB of memory; the lab needs at least 2 GB (two brokers).`, 'Use a machine with 4 GB or more, or close other programs and run setup with --heap-mb 256.');
  if (totalBytes < 4 * GB) return check('memory', 'Memory', 'warn', `${gb} GB of memory; 4 GB is comfortable.`, 'Close memory-hungry programs (browsers with many tabs) during the lab.');
  return check('memory', 'Memory', 'ok', `${gb} GB of memory.`);
}

export function diskCheck(freeBytes: number, totalBytes: number, where: string): DoctorCheck {
  const free = (freeBytes / GB).toFixed(1);
  const usedPct = totalBytes > 0 ? Math.round(((totalBytes - freeBytes) / totalBytes) * 100) : 0;
  if (freeBytes < 0.5 * GB) return check('disk', 'Free disk', 'fail', `${free} GB free at ${where}; the lab needs about 1 GB.`, 'Free some disk space, or choose another place with --lab-dir.');
  if (usedPct >= 85) {
    return check('disk', 'Free disk', 'warn', `The disk at ${where} is ${usedPct}% full; brokers block producers above 90% (max-disk-usage, AMQ222210).`, 'Free some disk space before the lab.');
  }
  if (freeBytes < 2 * GB) return check('disk', 'Free disk', 'warn', `${free} GB free at ${where}; 2 GB leaves room for journals and logs.`, 'Free some disk space before the lab.');
  return check('disk', 'Free disk', 'ok', `${free} GB free at ${where} (${usedPct}% used).`);
}

/**
 * Spaces have broken artemis.cmd before. Non-ASCII letters are handled by setup (the broker
 * distribution goes to an ASCII folder, see ascii-home.ts), so they are only mentioned.
 */
export function labPathCheck(labDir: string): DoctorCheck {
  const ascii = needsAsciiHome(labDir)
    ? ` It has non-ASCII letters: setup unpacks the broker into an ASCII folder (here under ${asciiBaseCandidates(currentHostPlaces())[0] ?? 'none found'}), because the web console of Artemis 2.39+ cannot be served from such a path.`
    : '';
  if (!/\s/.test(labDir)) return check('lab-path', 'Lab path', 'ok', `${labDir} is a safe path for the broker scripts.${ascii}`);
  return check(
    'lab-path',
    'Lab path',
    'warn',
    `${labDir} contains a space; the broker's scripts have broken on such paths (notably artemis.cmd on Windows).${ascii}`,
    `Use a plain path, e.g. --lab-dir ${process.platform === 'win32' ? 'C:\\amq-lab' : '~/amq-lab'}.`,
  );
}

async function nearestExisting(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await fs.access(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** The broker doctor judges Java against: the lab's, else the best zip in installs (by its jars). */
async function detectBroker(labDir: string, candidates: readonly ZipCandidate[]): Promise<{ version: BrokerVersion; label: string; from: string } | null> {
  const config = await readLabConfig(labDir);
  if (config) {
    const v = brokerVersionFromString(config.broker.version, 'artemis');
    if (v) return { version: v, label: config.broker.label ?? describeBroker(v), from: 'the lab' };
  }
  const best = usableZips(candidates)[0];
  if (best?.version) {
    const v = brokerVersionFromString(best.version, 'artemis');
    if (v) return { version: v, label: best.label ?? describeBroker(v), from: best.fileName };
  }
  return null;
}

/** Zips setup will not pick by itself, each with why, and renamed ones; nothing when all are fine. */
export function zipsCheck(candidates: readonly ZipCandidate[], installsDir: string): DoctorCheck | null {
  const odd = candidates.filter((z) => z.problem || nameDisagrees(z));
  if (odd.length === 0) return null;
  return check(
    'zips',
    'Broker zips',
    'warn',
    odd.map((z) => `${z.fileName}: ${z.problem ?? `holds ${z.label}, whatever its name says`}`).join('; '),
    `Name a broker zip ${ZIP_NAMES_HELP} in ${installsDir}, or pass it to setup with --zip.`,
  );
}

async function portChecks(opts: DoctorOptions, family: OsFamily): Promise<DoctorCheck[]> {
  const config = await readLabConfig(opts.labDir);
  const brokers = opts.lab.topology.brokers;
  const offset = opts.portOffset ?? (config ? labPortOffset(config, brokers) : 0);
  const checks: DoctorCheck[] = [];
  for (const broker of brokers) {
    const brokerId = broker.id;
    const created = config?.brokers[brokerId];
    const ports = created ? { acceptor: created.acceptorPort, console: created.consolePort, cluster: created.clusterPort ?? null } : brokerPorts(offset, broker);
    const wanted: ['acceptor' | 'console' | 'cluster', number][] = [['acceptor', ports.acceptor], ['console', ports.console]];
    if (ports.cluster !== null) wanted.push(['cluster', ports.cluster]);
    for (const [kind, port] of wanted) {
      const id = `port-${brokerId}-${kind}`;
      const title = `Port ${port} (${brokerId} ${kind === 'acceptor' ? 'messaging' : kind === 'cluster' ? 'cluster and replication' : 'web console'})`;
      if (await isPortFree(port)) {
        checks.push(check(id, title, 'ok', `127.0.0.1:${port} is free.`));
        continue;
      }
      const holder = await portHolder(port);
      const cmd = holder?.pid ? (holder.command ?? (await commandLineOf(holder.pid))) : null;
      const ours =
        (holder?.pid && opts.ownPids?.has(holder.pid)) || (created && cmd && isProcessOfInstance(cmd, created.dir));
      if (ours) {
        checks.push(check(id, title, 'ok', `127.0.0.1:${port} is in use by ${created?.instance ?? 'the lab'} (this lab's broker).`));
        continue;
      }
      const otherBroker = cmd ? /-Dartemis\.instance=(\S+)/.exec(cmd)?.[1] : undefined;
      const killHint = otherBroker
        ? `Stop that broker: ${path.join(otherBroker, 'bin', family === 'windows' ? 'artemis.cmd' : 'artemis')} stop   (or run setup with --port-offset N)`
        : family === 'windows'
          ? holder?.pid
            ? `Stop it: taskkill /PID ${holder.pid}`
            : 'Find it with: netstat -ano | findstr :' + port
          : holder?.pid
            ? `Stop it (kill ${holder.pid}), or run setup with --port-offset N to move the lab's ports.`
            : `Find it with: ${family === 'macos' ? `lsof -nP -iTCP:${port} -sTCP:LISTEN` : `sudo ss -ltnp 'sport = :${port}'`}`;
      checks.push(check(id, title, 'fail', `127.0.0.1:${port} is in use by ${describeHolder(holder)}.`, killHint));
    }
  }
  return checks;
}

export async function runDoctor(opts: DoctorOptions): Promise<DoctorCheck[]> {
  const family = await osFamily();
  const checks: DoctorCheck[] = [];

  const platformName = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[process.platform as string] ?? process.platform;
  const supported = ['linux', 'darwin', 'win32'].includes(process.platform) && ['x64', 'arm64'].includes(process.arch);
  checks.push(
    check('os', 'Operating system', supported ? 'ok' : 'warn', `${platformName} ${os.release()} on ${process.arch}${family === 'fedora' || family === 'debian' ? ` (${family} family)` : ''}.`, 'The lab is tested on Linux, macOS and Windows on x64/arm64.'),
  );
  checks.push(memoryCheck(os.totalmem()));

  const where = await nearestExisting(opts.labDir);
  try {
    const stat = await fs.statfs(where);
    checks.push(diskCheck(stat.bavail * stat.bsize, stat.blocks * stat.bsize, where));
  } catch (error) {
    checks.push(check('disk', 'Free disk', 'warn', `Could not read free space at ${where}: ${(error as Error).message}`, 'Make sure about 1 GB is free.'));
  }

  const candidates = await findBrokerZips(opts.installsDir);
  const broker = await detectBroker(opts.labDir, candidates);
  const java = await findJava();
  const badJavaHome = await javaHomeProblem();
  if (badJavaHome) {
    checks.push(check('java', 'Java', 'fail', badJavaHome, `Point JAVA_HOME at a JDK${broker ? ` ${recommendedJava(broker.version.artemis)}` : ''} (the folder holding bin/java), or unset it. ${javaFix(family, broker ? recommendedJava(broker.version.artemis) : 17)}`));
  } else if (broker) {
    const fit = judgeJava(java, broker.version.artemis, broker.label);
    checks.push(check('java', 'Java', fit.status, `${fit.message} (broker from ${broker.from})`, javaFix(family, recommendedJava(broker.version.artemis))));
  } else if (java) {
    checks.push(check('java', 'Java', 'warn', `Java ${java.version.raw} at ${java.executable}; no broker zip in ${opts.installsDir} to judge it against.`, 'Put a broker zip in installs/ (or run `npm run fetch-broker`), then run doctor again.'));
  } else {
    checks.push(check('java', 'Java', 'fail', 'Java not found (JAVA_HOME unset or wrong, none on PATH).', javaFix(family, 17)));
  }

  if (process.platform === 'linux') {
    const aio = await findLibaio();
    checks.push(
      aio.found
        ? check('libaio', 'libaio (AIO journal)', 'ok', `${aio.name} found at ${aio.path}: the brokers can use the fast AIO journal.`)
        : check('libaio', 'libaio (AIO journal)', 'warn', 'libaio not found: the brokers will use the NIO journal instead. The lab works the same, journals are a little slower.', libaioFix(family)),
    );
  } else {
    checks.push(check('libaio', 'libaio (AIO journal)', 'ok', `Not needed on ${platformName}: the brokers use the NIO journal.`));
  }

  const zips = zipsCheck(candidates, opts.installsDir);
  if (zips) checks.push(zips);
  checks.push(...(await portChecks(opts, family)));
  checks.push(labPathCheck(path.resolve(opts.labDir)));
  return checks;
}
