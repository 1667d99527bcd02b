// What a broker zip's name says, and what its jars say: the jars decide the version, the name
// only supplies the AMQ product version (7.x), which the jars never carry.
import { amqToArtemis, brokerVersionFromString, parseTriple, type BrokerVersion } from './broker-version.js';
import type { ZipCandidate } from '../../../shared/lab-state.js';

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

/**
 * The broker a zip holds, from its jar version (e.g. "2.33.0.redhat-00010") and its file name.
 * Every Red Hat build carries "redhat" in its jar names, so the jars alone tell AMQ from Apache
 * Artemis: a plain 2.21.0 renamed amq-broker-7.12.0-bin.zip is Apache Artemis 2.21.0. The AMQ
 * release (7.12.0) comes from the name only when it agrees with the jars' Artemis base.
 */
export function identifyBroker(jarVersion: string, fileName: string): BrokerVersion | null {
  const fromJars = brokerVersionFromString(jarVersion, 'artemis');
  if (!fromJars) return null;
  if (!/redhat|amq/i.test(jarVersion)) return { ...fromJars, product: 'artemis', productVersion: null };
  const named = matchZipName(fileName);
  const amq = named?.product === 'amq' ? parseTriple(named.version) : null;
  const agrees = amq !== null && amq.major === 7 && (() => {
    const base = amqToArtemis(amq);
    return base.major === fromJars.artemis.major && base.minor === fromJars.artemis.minor;
  })();
  return { ...fromJars, product: 'amq', productVersion: agrees ? named!.version : null };
}
