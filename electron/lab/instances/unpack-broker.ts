// setup's first half: which broker zip, and its distribution unpacked where the brokers can run
// from it, checked against what the zip claimed to be.
import fs from 'node:fs/promises';
import path from 'node:path';
import { asciiBaseCandidates, asciiHomeFolderName, chooseAsciiBase, currentHostPlaces, HOME_POINTER, needsAsciiHome, writeHomePointer } from '../distribution/ascii-home.js';
import { brokerVersionFromString, compareTriples, formatTriple, versionFromJarNames } from '../distribution/broker-version.js';
import { DEFAULT_ARTEMIS_VERSION } from '../distribution/download-broker.js';
import { unpackZip } from '../distribution/unpack.js';
import { findBrokerZips, matchZipName, nameDisagrees, usableZips, ZIP_NAMES_HELP } from '../distribution/zip-candidates.js';
import { validateBrokerZip, type ValidatedZip } from '../distribution/zip-validate.js';
import { LabError } from '../lab-error.js';
import { moveAside } from '../state/move-aside.js';
import { brokerHome } from './lab-layout.js';
import { ensureWritable, pathExists } from './old-lab.js';
import type { Progress, SetupStep } from './setup-settings.js';

/** The newest usable zip in installs/, saying in `lines` which others it passed over and why. */
export async function chooseZip(installsDir: string, lines: string[]): Promise<string> {
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
  if (usable.length > 1) lines.push(`Found ${usable.length} broker zips; using the newest, ${newest.fileName} (${newest.label}).`);
  for (const z of candidates) {
    if (z.problem) lines.push(`Not used: ${z.fileName}, ${z.problem.replace(/\.+$/, '')}.`);
    else if (nameDisagrees(z)) lines.push(`Note: ${z.fileName} holds ${z.label}, whatever its name says.`);
  }
  return newest.path;
}

export interface UnpackedBroker {
  /** ARTEMIS_HOME: the unpacked distribution. */
  home: string;
  /** Where the instances go: under home, unless home had to move to an ASCII folder. */
  instancesHome: string;
  /** lib/'s file names, which say the real version and which Java options it needs. */
  libJars: string[];
}

export async function unpackBroker(
  labDir: string,
  zip: string,
  validated: ValidatedZip,
  lines: string[],
  progress: SetupStep,
  onProgress: Progress | undefined,
): Promise<UnpackedBroker> {
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
  const artemis = validated.version.artemis;
  const libJars = await fs.readdir(path.join(home, 'lib')).catch(() => []);
  const jarVersion = versionFromJarNames(libJars);
  const confirmed = jarVersion ? brokerVersionFromString(jarVersion, 'artemis') : null;
  if (confirmed && compareTriples(confirmed.artemis, artemis) !== 0) {
    throw new LabError('BROKEN_DISTRIBUTION', `The unpacked broker says ${jarVersion}, the zip said ${formatTriple(artemis)}.`, 'Download the zip again.');
  }
  return { home, instancesHome, libJars };
}
