// An old broker (Artemis 2.11.0, the AMQ 7.5-7.7 generation) on the Java this machine has. On
// Java 16+ it dies at start unless setup opens java.lang to it; with that, `up` reaches a live
// master and a synchronized backup. Without it, the attendee reads the real cause, not just
// "exited while starting".
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJava } from '../../electron/lab/host/java.js';
import { OPEN_JAVA_LANG } from '../../electron/lab/host/java-options.js';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import { instanceFiles } from '../../electron/lab/instances/lab-layout.js';
import { findBrokerJvms } from '../../electron/lab/processes/process-utils.js';
import { setupLab } from '../../electron/lab/instances/setup.js';
import type { SetupReport } from '../../shared/contract.js';
import type { LabConfig } from '../../shared/lab-state.js';
import { BROKER_VERSIONS, brokerZip, INSTALLS_DIR, makeTempLabDir, REPO_ROOT, testPortOffset } from './test-env.js';

const CLI = path.join(REPO_ROOT, 'bin', 'amq-ha-lab.mjs');
let labDir: string;
let config: LabConfig;
let report: SetupReport;
let javaMajor = 0;

function cli(args: string[]) {
  return execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, ...args], { reject: false, all: true, timeout: 180_000 });
}

beforeAll(async () => {
  javaMajor = (await findJava())?.version.major ?? 0;
  labDir = await makeTempLabDir('old-broker');
  report = await setupLab({ labDir, installsDir: INSTALLS_DIR, zip: brokerZip(BROKER_VERSIONS.old), portOffset: testPortOffset() });
  config = (await readLabConfig(labDir))!;
});

afterAll(async () => {
  if (labDir) {
    await cli(['down']);
    await fs.rm(labDir, { recursive: true, force: true });
  }
});

describe(`Artemis ${BROKER_VERSIONS.old} on Java this machine has`, () => {
  it('setup adds --add-opens to both profiles on Java 16+ and says why', async () => {
    expect(config.broker.label).toBe(`Apache Artemis ${BROKER_VERSIONS.old}`);
    const profile = await fs.readFile(instanceFiles(config.brokers.master!.dir).profile, 'utf8');
    if (javaMajor >= 16) {
      expect(profile).toMatch(new RegExp(`^JAVA_ARGS="${OPEN_JAVA_LANG} `, 'm'));
      expect(report.lines.filter((l) => l.includes(OPEN_JAVA_LANG) && l.includes('InaccessibleObjectException'))).toHaveLength(1);
    } else {
      expect(profile).not.toContain(OPEN_JAVA_LANG);
    }
  });

  it('without the option the master dies, and the error names InaccessibleObjectException and the fix', async (ctx) => {
    if (javaMajor < 16) ctx.skip(); // older Java lets JAXB 2.2 in, so there is nothing to see
    const file = instanceFiles(config.brokers.master!.dir).profile;
    const withOption = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, withOption.replace(`${OPEN_JAVA_LANG} `, ''));
    try {
      const r = await cli(['start', 'master']);
      expect(r.exitCode, r.all).not.toBe(0);
      expect(r.all).toContain('The master broker exited while starting: Java refused the broker access to java.lang (InaccessibleObjectException)');
      expect(r.all).toContain(`adds ${OPEN_JAVA_LANG}`);
      expect(await findBrokerJvms(config.brokers.master!.dir)).toEqual([]);
    } finally {
      await fs.writeFile(file, withOption);
    }
  });

  it('up: master live, backup synchronized; down leaves no JVM', async () => {
    const up = await cli(['up']);
    expect(up.exitCode, up.all).toBe(0);
    const status = await cli(['status', '--json']);
    const brokers = (JSON.parse(status.stdout) as { brokers: { name: string; process: string; live: boolean; replicaSync: boolean | null }[] }).brokers;
    expect(brokers.find((n) => n.name === 'master')).toMatchObject({ process: 'running', live: true });
    expect(brokers.find((n) => n.name === 'backup')).toMatchObject({ process: 'running', live: false, replicaSync: true });

    const down = await cli(['down']);
    expect(down.exitCode, down.all).toBe(0);
    expect(await findBrokerJvms(config.brokers.master!.dir)).toEqual([]);
    expect(await findBrokerJvms(config.brokers.backup!.dir)).toEqual([]);
  });
});
