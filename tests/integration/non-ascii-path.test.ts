// An attendee whose lab dir has non-ASCII letters (C:\Users\José, /Users/Zoë): on real 2.44.0
// (Jetty 12) and 2.31.2 brokers, `up` starts the pair and both consoles and their Jolokia
// answer, because setup unpacked the distribution into an ASCII folder; `reset` moves that
// folder aside with the lab. Through the CLI, as the attendee runs it.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabConfig } from '../../shared/lab-state.js';
import { ASCII_BASE_ENV, HOME_POINTER, isAsciiPath } from '../../electron/lab/distribution/ascii-home.js';
import { readBrokerState } from '../../electron/lab/watching/jolokia.js';
import { findBrokerJvms } from '../../electron/lab/processes/process-utils.js';
import { brokerLogText, brokerZip, makeTempLabDir, REPO_ROOT, testPortOffset } from './test-env.js';

const CLI = path.join(REPO_ROOT, 'bin', 'amq-ha-lab.mjs');
const roots: string[] = [];
const labs: { labDir: string; installs: string; base: string }[] = [];

function cli(lab: { labDir: string; installs: string; base: string }, args: string[]) {
  return execa(process.execPath, [CLI, '--lab-dir', lab.labDir, '--installs', lab.installs, ...args], {
    reject: false,
    all: true,
    timeout: 300_000,
    env: { [ASCII_BASE_ENV]: lab.base },
  });
}

afterAll(async () => {
  for (const lab of labs) await cli(lab, ['down']);
  for (const root of roots) await fs.rm(root, { recursive: true, force: true });
});

// On 2.44.0 (Jetty 12, which broke on such a dir) and 2.31.2 (Jetty 10, which served the console
// even from ñandú): setup and `up` on the relocated layout, the backup synchronized into its
// non-ASCII journal dir. The whole story through the CLI is workshop.test's; here the path is the point.
describe.each([
  { version: '2.44.0', labName: path.join('Zoë', 'mi ñandú') },
  { version: '2.31.2', labName: 'ñandú' },
])('a lab dir named $labName ($version)', ({ version, labName }) => {
  it('runs `up`, serves both consoles and Jolokia, and reset moves the ASCII home aside', async () => {
    const root = await makeTempLabDir('non-ascii');
    roots.push(root);
    // Only this version's zip, so setup takes it.
    const installs = path.join(root, 'installs');
    await fs.mkdir(installs);
    await fs.symlink(brokerZip(version), path.join(installs, path.basename(brokerZip(version))));
    const lab = { labDir: path.join(root, labName), installs, base: path.join(root, 'ascii-base') };
    labs.push(lab);

    const setup = await cli(lab, ['setup', '--port-offset', String(testPortOffset())]);
    expect(setup.exitCode, setup.all).toBe(0);
    expect(setup.stdout).toMatch(/non-ASCII letters.*the broker distribution goes to/);
    const up = await cli(lab, ['up']);
    expect(up.exitCode, up.all).toBe(0);

    // The distribution sits on an ASCII path the lab dir points at; the instances stay put.
    const config = JSON.parse(await fs.readFile(path.join(lab.labDir, 'lab.json'), 'utf8')) as LabConfig;
    const home = config.broker.home;
    expect(isAsciiPath(home)).toBe(true);
    expect(home.startsWith(lab.base + path.sep)).toBe(true);
    expect((await fs.readFile(path.join(lab.labDir, HOME_POINTER), 'utf8')).trim()).toBe(home);
    for (const broker of Object.values(config.brokers)) expect(broker.dir.startsWith(lab.labDir + path.sep)).toBe(true);

    // Both consoles deployed and their Jolokia answers, as the app and the attendee use them.
    for (const name of ['master', 'backup'] as const) {
      const broker = config.brokers[name]!;
      const state = await readBrokerState({ consolePort: broker.consolePort, user: config.user, password: config.password, host: 'localhost' });
      expect(state, `${name} Jolokia`).toMatchObject({ reachable: true, version, backup: name === 'backup' });
      // The replica's journal, copied into the non-ASCII instance dir.
      if (name === 'backup') expect(state).toMatchObject({ replicaSync: true });
      const page = await fetch(`http://localhost:${broker.consolePort}/console/`);
      expect(page.status, `${name} console`).toBe(200);
      const log = brokerLogText(broker.dir);
      expect(log).not.toMatch(/Bad escape|Failed startup of context/);
    }

    expect((await cli(lab, ['down'])).exitCode).toBe(0);
    expect([...(await findBrokerJvms(config.brokers.master!.dir)), ...(await findBrokerJvms(config.brokers.backup!.dir))]).toEqual([]);

    const reset = await cli(lab, ['reset', '--yes']);
    expect(reset.exitCode, reset.all).toBe(0);
    expect(reset.stdout).toMatch(/Moved its broker distribution to .*\.moved-/);
    await expect(fs.access(home)).rejects.toThrow();
    await expect(fs.access(lab.labDir)).rejects.toThrow();
  });
});
