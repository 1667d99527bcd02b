// Broker zips in the installs dir, judged by what they hold (the jars), not only by their names.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ZipCandidate } from '../../../shared/lab-state.js';
import { brokerVersionFromString, compareTriples, describeBroker, parseTriple } from './broker-version.js';
import { LabError } from '../lab-error.js';
import { matchZipName } from './zip-names.js';
import { validateBrokerZip } from './zip-validate.js';

export { matchZipName, ZIP_NAME_PATTERNS, ZIP_NAMES_HELP } from './zip-names.js';

/** Usable ones first; then newest first by the Artemis release, then by the product's own version. */
export function compareCandidates(a: ZipCandidate, b: ZipCandidate): number {
  if (!a.problem !== !b.problem) return a.problem ? 1 : -1;
  const va = a.version ? brokerVersionFromString(a.version, 'artemis') : null;
  const vb = b.version ? brokerVersionFromString(b.version, 'artemis') : null;
  if (va && vb) {
    const byBase = compareTriples(vb.artemis, va.artemis);
    if (byBase) return byBase;
    const own = (z: ZipCandidate) => parseTriple(matchZipName(z.fileName)?.version ?? z.version!)!;
    const byOwn = compareTriples(own(b), own(a));
    if (byOwn) return byOwn;
  } else if (va || vb) {
    return va ? -1 : 1;
  }
  return a.fileName.localeCompare(b.fileName);
}

/** One zip, judged by its contents; never throws for a bad zip (the problem says why). */
export async function describeZip(full: string, sizeBytes: number): Promise<ZipCandidate> {
  const fileName = path.basename(full);
  const named = matchZipName(fileName);
  try {
    const { version } = await validateBrokerZip(full);
    return {
      path: full,
      fileName,
      version: version.raw,
      product: version.product,
      sizeBytes,
      label: describeBroker(version),
      problem: named ? null : `not recognised by its name — use \`--zip ${/\s/.test(full) ? `"${full}"` : full}\``,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const problem = error instanceof LabError && error.code === 'NOT_A_BROKER' ? `no Artemis broker inside: ${why}` : `unusable: ${why}`;
    return { path: full, fileName, version: null, product: named?.product ?? 'artemis', sizeBytes, label: null, problem };
  }
}

/** Every .zip in the installs dir, best first; those with a problem are listed, never picked. */
export async function findBrokerZips(installsDir: string): Promise<ZipCandidate[]> {
  let names: string[];
  try {
    names = await fs.readdir(installsDir);
  } catch {
    return [];
  }
  const found: ZipCandidate[] = [];
  for (const fileName of names) {
    if (!/\.zip$/i.test(fileName)) continue;
    const full = path.join(installsDir, fileName);
    const stat = await fs.stat(full).catch(() => null);
    if (!stat?.isFile()) continue;
    found.push(await describeZip(full, stat.size));
  }
  return found.sort(compareCandidates);
}

/** Whether a usable zip's name claims another broker than its jars hold (a renamed zip). */
export function nameDisagrees(z: ZipCandidate): boolean {
  const named = matchZipName(z.fileName);
  if (!named || !z.label) return false;
  return named.product === 'artemis' ? named.version !== z.version : !z.label.startsWith(`AMQ Broker ${named.version} `);
}

/** The zip setup takes by itself: the best one without a problem. */
export function usableZips(candidates: readonly ZipCandidate[]): ZipCandidate[] {
  return candidates.filter((z) => !z.problem);
}
