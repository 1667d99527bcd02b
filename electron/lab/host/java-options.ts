// JVM options an older broker needs to start on a modern Java. Artemis up to 2.x ships JAXB 2.2
// (jaxb-impl-2.2.*.jar), whose optimizer calls ClassLoader.defineClass by reflection; from Java 16
// (JEP 396 strong encapsulation) that throws InaccessibleObjectException while `artemis run`
// reads etc/management.xml, and the broker dies before it logs anything. Opening java.lang to
// the class path is the one option it needs (measured on 2.11.0 with Java 17 and 25).
import { compareTriples, formatTriple, type VersionTriple } from '../distribution/broker-version.js';

export interface JavaOptionsPlan {
  options: string[];
  /** One line for the setup report: what was added and why. */
  why: string;
}

/** Java from which the JDK denies reflective access into java.base by default (JEP 396). */
export const STRONG_ENCAPSULATION_SINCE = 16;

/**
 * First Artemis release whose `run` starts on Java 17 without extra options, for when the jars
 * are not at hand. 2.11.0 and 2.13.0 need them (JAXB 2.2.7, measured); 2.18.0 runs as shipped
 * (JAXB 2.3.3, measured). With the lib/ listing, the JAXB jar itself decides.
 */
export const RUNS_ON_MODERN_JAVA_SINCE: VersionTriple = { major: 2, minor: 18, micro: 0 };

export const OPEN_JAVA_LANG = '--add-opens=java.base/java.lang=ALL-UNNAMED';

/** Whether lib/ holds JAXB 2.2 or older (jaxb-impl-2.2.7.jar, jaxb-core-2.2.11.redhat-1.jar). */
export function bundlesOldJaxb(libJars: readonly string[]): boolean {
  return libJars.some((name) => /^jaxb-(?:impl|core)-2\.[0-2]\.[\w.-]*\.jar$/.test(name));
}

/** The options this broker needs on this Java, or null when it starts as shipped. */
export function javaOptionsFor(broker: VersionTriple, javaMajor: number, libJars?: readonly string[]): JavaOptionsPlan | null {
  if (javaMajor < STRONG_ENCAPSULATION_SINCE) return null;
  const oldJaxb = libJars ? bundlesOldJaxb(libJars) : compareTriples(broker, RUNS_ON_MODERN_JAVA_SINCE) < 0;
  if (!oldJaxb) return null;
  return {
    options: [OPEN_JAVA_LANG],
    why: `JAVA_ARGS ${OPEN_JAVA_LANG}: Artemis ${formatTriple(broker)} bundles JAXB 2.2, which Java ${javaMajor} stops with InaccessibleObjectException at start unless java.lang is opened to it.`,
  };
}

/**
 * Adds options to the JAVA_ARGS assignments of artemis.profile (`JAVA_ARGS="..."`, possibly
 * inside `if [ -z "$JAVA_ARGS" ]`) and artemis.profile.cmd (`set JAVA_ARGS=...`). Comments and
 * lines that extend JAVA_ARGS (`JAVA_ARGS="$JAVA_ARGS ..."`) stay as they are; an option already
 * present is not added twice, so running setup's edit again changes nothing.
 */
export function addJavaOptions(profile: string, options: readonly string[]): string {
  return profile
    .split('\n')
    .map((line) => {
      // artemis.profile.cmd has CRLF line ends: keep the \r where it was.
      const m = /^(\s*(?:set\s+)?"?JAVA_ARGS=)("?)(.*?)(\r?)$/i.exec(line);
      if (!m || /^\$JAVA_ARGS|^%JAVA_ARGS%/i.test(m[3]!)) return line;
      const missing = options.filter((o) => !m[3]!.includes(o));
      if (missing.length === 0) return line;
      return `${m[1]}${m[2]}${missing.join(' ')} ${m[3]!.replace(/^\s+/, '')}${m[4]}`;
    })
    .join('\n');
}
