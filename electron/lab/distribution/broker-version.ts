// Broker versions: what a zip or an unpacked distribution is, which HA dialect it speaks and
// which Java it needs. Red Hat AMQ 7 versions are mapped to the Apache Artemis release they
// are built on, because every behaviour we care about follows the Artemis base.
import type { HaDialect } from '../../../shared/lab-state.js';

export interface VersionTriple {
  major: number;
  minor: number;
  micro: number;
}

export interface BrokerVersion {
  product: 'amq' | 'artemis';
  /** As found, e.g. "7.12.0", "2.33.0.redhat-00010", "2.44.0". */
  raw: string;
  /** The Apache Artemis release it is (or is built on). */
  artemis: VersionTriple;
  /** The AMQ Broker release as the attendee knows it ("7.12.0"), when known. */
  productVersion?: string | null;
}

export function parseTriple(text: string): VersionTriple | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3] ?? 0) };
}

export function compareTriples(a: VersionTriple, b: VersionTriple): number {
  return a.major - b.major || a.minor - b.minor || a.micro - b.micro;
}

export function formatTriple(v: VersionTriple): string {
  return `${v.major}.${v.minor}.${v.micro}`;
}

/** AMQ Broker 7.x minor -> Artemis base (docs/versions.md; 7.3-7.7 from release notes, unverified). */
const AMQ_TO_ARTEMIS: Record<number, string> = {
  0: '2.0.0',
  1: '2.4.0',
  2: '2.6.0',
  3: '2.7.0',
  4: '2.9.0',
  5: '2.11.0',
  6: '2.11.0',
  7: '2.13.0',
  8: '2.16.0',
  9: '2.18.0',
  10: '2.21.0',
  11: '2.28.0',
  12: '2.33.0',
  13: '2.40.0',
  14: '2.51.0',
};

export function amqToArtemis(amq: VersionTriple): VersionTriple {
  const known = AMQ_TO_ARTEMIS[amq.minor];
  if (known) return parseTriple(known)!;
  // A newer AMQ 7 than this table knows: assume it is at least as new as the newest entry.
  return parseTriple(AMQ_TO_ARTEMIS[14]!)!;
}

/** Reads a version as written by Red Hat ("7.12.0", "7.0.0.redhat-1") or Apache ("2.44.0"). */
export function brokerVersionFromString(raw: string, product?: 'amq' | 'artemis'): BrokerVersion | null {
  const triple = parseTriple(raw);
  if (!triple) return null;
  const kind = product ?? (triple.major === 7 ? 'amq' : 'artemis');
  if (kind === 'amq' && triple.major === 7) return { product: 'amq', raw, artemis: amqToArtemis(triple), productVersion: raw };
  if (triple.major < 1 || triple.major > 3) return null;
  return { product: kind, raw, artemis: triple };
}

/**
 * The version of an unpacked distribution from its jar names, e.g. `artemis-server-2.44.0.jar`,
 * `artemis-cli-2.33.0.redhat-00010.jar`, `artemis-commons-2.0.0.amq-700005-redhat-1.jar`.
 * Jars from other projects (`artemis-native`, `activemq-artemis-native-2.0.0.jar`) are ignored.
 */
export function versionFromJarNames(names: readonly string[]): string | null {
  const preferred = ['artemis-server', 'artemis-cli', 'artemis-commons', 'artemis-core-client'];
  const found = new Map<string, string>();
  for (const name of names) {
    const base = name.split('/').pop() ?? name;
    const m = /^(artemis-[a-z-]+?)-(\d+\.\d+\.\d+[\w.-]*?)\.jar$/.exec(base);
    if (m && !found.has(m[1]!)) found.set(m[1]!, m[2]!);
  }
  for (const p of preferred) if (found.has(p)) return found.get(p)!;
  return null;
}

export const PRIMARY_BACKUP_SINCE: VersionTriple = { major: 2, minor: 32, micro: 0 };

export function haDialect(v: VersionTriple): HaDialect {
  return compareTriples(v, PRIMARY_BACKUP_SINCE) >= 0 ? 'primary-backup' : 'master-slave';
}

/** Oldest Java the broker runs on: 2.20.0 raised it to 11, 2.39.0 (Jetty 12) to 17. */
export function javaNeeded(v: VersionTriple): number {
  if (compareTriples(v, { major: 2, minor: 39, micro: 0 }) >= 0) return 17;
  if (compareTriples(v, { major: 2, minor: 20, micro: 0 }) >= 0) return 11;
  return 8;
}

/**
 * Newest Java each broker line is known to run on in this lab (measured: 2.11.0 and 2.18.0 on
 * Java 17, 2.11.0 with the options java-options.ts adds; 2.44.0 on 25). Newer Java up to
 * javaLimit usually works too: doctor warns rather than fails.
 */
export function newestJavaKnown(v: VersionTriple): number {
  const at = (minor: number) => compareTriples(v, { major: 2, minor, micro: 0 }) >= 0;
  if (at(44)) return 25;
  if (at(29)) return 21;
  if (at(11)) return 17;
  return 11;
}

/**
 * First release whose console and Jolokia work on Java 24+. Before it, hawtio's RBAC check calls
 * Subject.getSubject, which Java 23 refuses without a Security Manager and Java 24 always
 * refuses: the broker runs, but every Jolokia read gets 403 and the lab cannot see it
 * (measured on 2.11.0, 2.18.0 and 2.31.2 with Temurin 25; no JVM option brings it back).
 */
export const CONSOLE_ON_JAVA_24_SINCE: VersionTriple = { major: 2, minor: 44, micro: 0 };

/** Newest Java the lab can drive this broker on, or null when none is known to fail. */
export function javaLimit(v: VersionTriple): number | null {
  return compareTriples(v, CONSOLE_ON_JAVA_24_SINCE) >= 0 ? null : 22;
}

/**
 * The name an attendee knows: "AMQ Broker 7.12.0 (Artemis 2.33.0.redhat-00010)" from a zip's
 * jars and name, "AMQ Broker 7.12.0 (Artemis 2.33.0)" from a name alone, "Apache Artemis 2.44.0".
 */
export function describeBroker(v: BrokerVersion): string {
  if (v.product !== 'amq') return `Apache Artemis ${v.raw}`;
  const base = v.productVersion && v.raw === v.productVersion ? formatTriple(v.artemis) : v.raw;
  return `AMQ Broker${v.productVersion ? ` ${v.productVersion}` : ''} (Artemis ${base})`;
}
