// Reads a broker zip's central directory before anything is written: is it a zip, is it a
// broker (one top folder with bin/artemis and lib/artemis-*.jar), and would every entry land
// inside the target (no zip-slip, no links pointing out).
import path from 'node:path';
import yauzl from 'yauzl';
import { versionFromJarNames, type BrokerVersion } from './broker-version.js';
import { identifyBroker } from './zip-names.js';
import { LabError } from '../lab-error.js';

export interface ValidatedZip {
  zip: string;
  topFolder: string;
  version: BrokerVersion;
  entryCount: number;
  uncompressedBytes: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why an entry name would escape the target, or null when it is safe. */
export function unsafeEntryReason(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  if (name.startsWith('/')) return 'is an absolute path';
  if (name.split('/').includes('..')) return 'climbs out with ../';
  if (name.includes('\0')) return 'contains a NUL character';
  return null;
}

/** Whether a symlink at `entryName` pointing at `target` stays inside the top folder. */
export function linkStaysInside(entryName: string, target: string, topFolder: string): boolean {
  if (target.startsWith('/') || /^[a-zA-Z]:/.test(target) || target.includes('\\')) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(entryName), target));
  return resolved === topFolder || resolved.startsWith(`${topFolder}/`);
}

function badZip(zip: string, why: string): LabError {
  return new LabError(
    'BAD_ZIP',
    `${path.basename(zip)} is not a readable zip (${why}).`,
    'The download is probably truncated or damaged: download it again and put it in installs/.',
  );
}

function slip(zip: string, entry: string, why: string): LabError {
  return new LabError(
    'ZIP_SLIP',
    `${path.basename(zip)} has an entry that would land outside the lab dir ("${entry}" ${why}); nothing was unpacked.`,
    'Use a broker zip from Red Hat or Apache; this one is not safe to unpack.',
  );
}

function open(zip: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames: a backslash is an error here rather than silently turned into a slash.
    yauzl.open(zip, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, file) =>
      err || !file ? reject(err ?? new Error('cannot open')) : resolve(file),
    );
  });
}

function readSmallEntry(file: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    file.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('cannot read'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  });
}

/** Validates a broker zip without writing anything. Throws LabError (BAD_ZIP, ZIP_SLIP, NOT_A_BROKER). */
export async function validateBrokerZip(zip: string): Promise<ValidatedZip> {
  let file: yauzl.ZipFile;
  try {
    file = await open(zip);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOENT/.test(message)) {
      throw new LabError('NO_ZIP', `${zip} does not exist.`, 'Check the path, or put the zip in installs/.');
    }
    throw badZip(zip, message);
  }
  const names: string[] = [];
  const links: { name: string; target: string }[] = [];
  let uncompressedBytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      file.on('error', reject);
      file.on('end', () => resolve());
      file.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const reason = unsafeEntryReason(name);
        if (reason) return reject(slip(zip, name, reason));
        names.push(name);
        uncompressedBytes += entry.uncompressedSize;
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (mode === S_IFLNK) {
          readSmallEntry(file, entry)
            .then((target) => {
              links.push({ name, target });
              file.readEntry();
            })
            .catch(reject);
        } else {
          file.readEntry();
        }
      });
      file.readEntry();
    });
  } catch (error) {
    if (error instanceof LabError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // yauzl's own name checks
    const m = /(?:invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(message);
    if (m) throw slip(zip, m[1]!, 'is not a safe relative path');
    throw badZip(zip, message);
  } finally {
    file.close();
  }

  const tops = new Set(names.map((n) => n.split('/')[0]!).filter(Boolean));
  const notBroker = (why: string) =>
    new LabError(
      'NOT_A_BROKER',
      `${path.basename(zip)} is not an AMQ / Artemis broker distribution (${why}).`,
      'Use the broker zip itself (amq-broker-7.x.y-bin.zip or apache-artemis-2.x.y-bin.zip), not a source or client zip.',
    );
  if (names.length === 0) throw notBroker('it is empty');
  if (tops.size !== 1 || names.some((n) => !n.includes('/') && !n.endsWith('/'))) {
    throw notBroker(`expected one top-level folder, found ${tops.size === 1 ? 'files at the top level' : `${tops.size} entries at the top`}`);
  }
  const topFolder = [...tops][0]!;
  if (!names.includes(`${topFolder}/bin/artemis`)) throw notBroker(`no ${topFolder}/bin/artemis`);
  const jars = names.filter((n) => n.startsWith(`${topFolder}/lib/`) && /\/artemis-[^/]*\.jar$/.test(n));
  if (jars.length === 0) throw notBroker(`no ${topFolder}/lib/artemis-*.jar`);
  for (const link of links) {
    if (!linkStaysInside(link.name, link.target, topFolder)) throw slip(zip, link.name, `is a link to ${link.target}`);
  }
  const rawVersion = versionFromJarNames(jars);
  // The jars decide what it is; the name adds only the AMQ release number (zip-names.ts).
  const version = rawVersion ? identifyBroker(rawVersion, path.basename(zip)) : null;
  if (!version) throw notBroker('cannot tell its version from lib/artemis-*.jar');
  return { zip, topFolder, version, entryCount: names.length, uncompressedBytes };
}
