// Does this Java suit this broker? Shared by doctor (advice) and setup (refusal).
import type { CheckStatus } from '../../shared/lab-state.js';
import { formatTriple, javaNeeded, newestJavaKnown, type VersionTriple } from './broker-version.js';
import type { FoundJava } from './java.js';

export interface JavaFit {
  status: CheckStatus;
  message: string;
  needed: number;
}

export function judgeJava(java: FoundJava | null, broker: VersionTriple, brokerLabel = `Artemis ${formatTriple(broker)}`): JavaFit {
  const needed = javaNeeded(broker);
  if (!java) return { status: 'fail', needed, message: `Java not found (JAVA_HOME unset or wrong, none on PATH); ${brokerLabel} needs Java ${needed}+.` };
  const have = java.version.major;
  const where = `${java.executable} (from ${java.source})`;
  if (have < needed) {
    return { status: 'fail', needed, message: `Java ${java.version.raw} at ${where} is too old: ${brokerLabel} needs Java ${needed} or later.` };
  }
  const newest = newestJavaKnown(broker);
  if (have > newest) {
    return {
      status: 'warn',
      needed,
      message: `Java ${java.version.raw} at ${where} is newer than ${brokerLabel} was ever run on (Java ${newest}); it usually works, but if the broker fails to start, use Java ${Math.max(needed, Math.min(newest, 17))}.`,
    };
  }
  return { status: 'ok', needed, message: `Java ${java.version.raw} at ${where} suits ${brokerLabel} (needs ${needed}+).` };
}
