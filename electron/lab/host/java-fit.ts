// Does this Java suit this broker? Shared by doctor (advice), setup and up (refusal).
import type { CheckStatus } from '../../../shared/lab-state.js';
import { brokerVersionFromString, formatTriple, javaLimit, javaNeeded, newestJavaKnown, type VersionTriple } from '../distribution/broker-version.js';
import { findJava, type FoundJava } from './java.js';
import { LabError } from '../lab-error.js';
import { javaFix, osFamily } from './os-family.js';

export interface JavaFit {
  status: CheckStatus;
  message: string;
  needed: number;
  /** The Java to install when this one does not fit: an LTS every OS packages. */
  recommended: number;
}

/** "Java 8 to 22" or "Java 17 or later": the versions this broker runs on in the lab. */
export function javaRange(broker: VersionTriple): string {
  const needed = javaNeeded(broker);
  const limit = javaLimit(broker);
  return limit === null ? `Java ${needed} or later` : `Java ${needed} to ${limit}`;
}

/** 17 suits every broker the lab drives (older ones with the options java-options.ts adds). */
export function recommendedJava(broker: VersionTriple): number {
  const limit = javaLimit(broker) ?? Infinity;
  return Math.min(limit, Math.max(javaNeeded(broker), 17));
}

export function judgeJava(java: FoundJava | null, broker: VersionTriple, brokerLabel = `Artemis ${formatTriple(broker)}`): JavaFit {
  const needed = javaNeeded(broker);
  const recommended = recommendedJava(broker);
  const range = javaRange(broker);
  if (!java) return { status: 'fail', needed, recommended, message: `Java not found (JAVA_HOME unset or wrong, none on PATH); ${brokerLabel} needs ${range}.` };
  const have = java.version.major;
  const where = `${java.executable} (from ${java.source})`;
  if (have < needed) {
    return { status: 'fail', needed, recommended, message: `Java ${java.version.raw} at ${where} is too old: ${brokerLabel} needs ${range}.` };
  }
  const limit = javaLimit(broker);
  if (limit !== null && have > limit) {
    return {
      status: 'fail',
      needed,
      recommended,
      message: `Java ${java.version.raw} at ${where} is too new for ${brokerLabel}: its console and Jolokia need Subject.getSubject, which Java 23+ refuses, so the lab could not see the brokers. It needs ${range} (${recommended} recommended).`,
    };
  }
  const newest = newestJavaKnown(broker);
  if (have > newest) {
    return {
      status: 'warn',
      needed,
      recommended,
      message: `Java ${java.version.raw} at ${where} is newer than ${brokerLabel} was run on here (Java ${newest}); it usually works, but if the broker fails to start, use Java ${recommended}.`,
    };
  }
  return { status: 'ok', needed, recommended, message: `Java ${java.version.raw} at ${where} suits ${brokerLabel} (needs ${range}).` };
}

/**
 * Refuses to start a lab broker on a Java it cannot run on (the Java may have changed since
 * setup: a new JAVA_HOME or PATH), before anything is spawned, with the OS's own fix line.
 */
export async function refuseUnfitJava(javaHome: string | null, brokerVersion: string): Promise<void> {
  const broker = brokerVersionFromString(brokerVersion, 'artemis');
  if (!broker) return;
  const java = await findJava(javaHome ? { ...process.env, JAVA_HOME: javaHome } : process.env);
  const fit = judgeJava(java, broker.artemis);
  if (fit.status !== 'fail') return;
  throw new LabError(java ? 'JAVA_TOO_OLD' : 'JAVA_MISSING', fit.message, javaFix(await osFamily(), fit.recommended));
}
