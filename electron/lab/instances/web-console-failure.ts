// When Jetty cannot deploy the console war it logs a WARN and the broker carries on without a
// console or Jolokia; all the lab would see is Jolokia staying silent until a timeout. This
// finds Jetty's reason in artemis.log so the timeout can say it.
import fs from 'node:fs/promises';
import { needsAsciiHome } from '../distribution/ascii-home.js';
import { LabError } from '../lab-error.js';

// Jetty 10 (2.31.2) and Jetty 12 (2.44.0) both word it so.
const FAILED_DEPLOY = /Failed startup of context/;
// `java.lang.IllegalArgumentException: Bad escape` (a stack trace's first line)
const EXCEPTION = /^\s*(?:Caused by:\s*)?((?:[a-z_$][\w$]*\.)*([A-Z][\w$]*(?:Exception|Error)))(?::\s*(.*))?$/;

/** `IllegalArgumentException: Bad escape`, from the last broker start in `logText`; null if the console deployed. */
export function webConsoleFailure(logText: string): string | null {
  // Only the last start counts: an earlier run's failure is history.
  const start = logText.lastIndexOf('AMQ221000');
  const lines = (start >= 0 ? logText.slice(start) : logText).split(/\r?\n/);
  const at = lines.findIndex((line) => FAILED_DEPLOY.test(line));
  if (at < 0) return null;
  for (const line of lines.slice(at + 1, at + 6)) {
    const m = EXCEPTION.exec(line);
    if (m) return m[3] ? `${m[2]}: ${m[3].trim()}` : m[2]!;
  }
  return 'see the log';
}

/**
 * The error to raise instead of a bare "timed out waiting for Jolokia" when a broker's log says
 * its console never deployed; null when no log says so.
 */
export async function webConsoleFailureError(brokers: { name: string; log: string }[], brokerHome: string): Promise<LabError | null> {
  for (const broker of brokers) {
    const reason = webConsoleFailure(await fs.readFile(broker.log, 'utf8').catch(() => ''));
    if (!reason) continue;
    return new LabError(
      'TIMEOUT',
      `The ${broker.name}'s web console failed to deploy (Jetty: ${reason}), so its Jolokia never answered.`,
      needsAsciiHome(brokerHome)
        ? `Its broker is unpacked under a non-ASCII path (${brokerHome}), which Jetty 12 cannot serve from: run \`amq-ha-lab setup --force\`, which unpacks it to an ASCII folder.`
        : `See ${broker.log} for Jetty's full message.`,
    );
  }
  return null;
}
