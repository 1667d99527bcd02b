// Broker zips in the installs dir, by the names attendees actually have.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ZipCandidate } from '../../shared/lab-state.js';
import { brokerVersionFromString, compareTriples, parseTriple } from './broker-version.js';

export const ZIP_NAME_PATTERNS: { re: RegExp; product: ZipCandidate['product'] }[] = [
  { re: /^amq-broker-(7\.\d+\.\d+[\w.-]*?)-bin\.zip$/i, product: 'amq' },
  { re: /^jboss-amq-(7\.[\w.-]+?)-bin\.zip$/i, product: 'amq' },
  { re: /^apache-artemis-(\d+\.\d+\.\d+[\w.-]*?)-bin\.zip$/i, product: 'artemis' },
];

export const ZIP_NAMES_HELP = 'amq-broker-7.x.y-bin.zip, jboss-amq-7.*-bin.zip or apache-artemis-2.x.y-bin.zip';

export function matchZipName(fileName: string): { version: string; product: ZipCandidate['product'] } | null {
  for (const { re, product } of ZIP_NAME_PATTERNS) {
    const m = re.exec(fileName);
    if (m) return { version: m[1]!, product };
  }
  return null;
}

/** Newest first: by the Artemis release each is (built on), then by the product's own version. */
export function compareCandidates(a: ZipCandidate, b: ZipCandidate): number {
  const va = a.version ? brokerVersionFromString(a.version, a.product) : null;
  const vb = b.version ? brokerVersionFromString(b.version, b.product) : null;
  if (va && vb) {
    const byBase = compareTriples(vb.artemis, va.artemis);
    if (byBase) return byBase;
    const pa = parseTriple(a.version!)!;
    const pb = parseTriple(b.version!)!;
    const byOwn = compareTriples(pb, pa);
    if (byOwn) return byOwn;
  } else if (va || vb) {
    return va ? -1 : 1;
  }
  return a.fileName.localeCompare(b.fileName);
}

export async function findBrokerZips(installsDir: string): Promise<ZipCandidate[]> {
  let names: string[];
  try {
    names = await fs.readdir(installsDir);
  } catch {
    return [];
  }
  const found: ZipCandidate[] = [];
  for (const fileName of names) {
    const match = matchZipName(fileName);
    if (!match) continue;
    const full = path.join(installsDir, fileName);
    const stat = await fs.stat(full).catch(() => null);
    if (!stat?.isFile()) continue;
    found.push({ path: full, fileName, version: match.version, product: match.product, sizeBytes: stat.size });
  }
  return found.sort(compareCandidates);
}
