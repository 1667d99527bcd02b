// `npm test` on a fresh clone: fetch the broker zips the tests run (when missing), and say in one
// line what system package is missing or which test port offset is too large, instead of failing
// deep inside a test.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { downloadBroker } from '../electron/lab/distribution/download-broker.js';
import { findJava } from '../electron/lab/host/java.js';
import { findLibaio } from '../electron/lab/host/libaio.js';
import { libaioFix, osFamily } from '../electron/lab/host/os-family.js';
import { BROKER_VERSIONS, INSTALLS_DIR, testPortOffset } from '../tests/integration/test-env.js';

// First, before any download: an offset that pushes a lab's ports past 65535 would fail deep inside the run.
try {
  testPortOffset();
} catch (error) {
  process.stderr.write(`pretest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const family = await osFamily();
const problems: string[] = [];

const chromium = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
if (!existsSync(chromium)) {
  problems.push(
    `pretest: no Chromium at ${chromium} (the end-to-end tests drive it): ${
      family === 'debian' ? 'sudo apt install chromium' : family === 'fedora' ? 'sudo dnf install chromium' : 'install Chromium or Chrome and set CHROMIUM_PATH to its binary'
    }`,
  );
}
if (!(await findJava())) problems.push('pretest: no Java (the brokers need 17 or later): install a JDK 17+ and set JAVA_HOME (`npx amq-ha-lab doctor` gives the line for this OS).');
if (process.platform === 'linux' && !(await findLibaio()).found) {
  // Optional for the product (NIO journal), so a warning: the tests pass either way.
  process.stdout.write(`pretest: libaio is missing, so the brokers use the NIO journal; for AIO: ${libaioFix(family)}\n`);
}
if (problems.length > 0) {
  for (const line of problems) process.stderr.write(`${line}\n`);
  process.exit(1);
}

for (const version of new Set(Object.values(BROKER_VERSIONS))) {
  const zip = path.join(INSTALLS_DIR, `apache-artemis-${version}-bin.zip`);
  if (existsSync(zip)) continue;
  process.stdout.write(`pretest: fetching Apache Artemis ${version} for the integration tests…\n`);
  try {
    await downloadBroker({ installsDir: INSTALLS_DIR, version });
  } catch (error) {
    process.stderr.write(`pretest: could not fetch ${path.basename(zip)}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
