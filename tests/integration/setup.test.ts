// `setup` on real Artemis distributions: the current one (primary/backup) and 2.31 (master/slave).
// Each created master is started once to prove its edited broker.xml loads and goes live.
import fs from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrokerCommand, spawnBroker } from '../../electron/lab/processes/broker-command.js';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import { instanceFiles } from '../../electron/lab/instances/lab-layout.js';
import { LabError } from '../../electron/lab/lab-error.js';
import { setupLab } from '../../electron/lab/instances/setup.js';
import { childElements, firstChild, parseXml, textOf } from '../../electron/lab/instances/xml-dom.js';
import type { LabConfig } from '../../shared/lab-state.js';
import { brokerEntries, rawZip } from '../unit/lab/zip-builder.js';
import { BROKER_VERSIONS, brokerZip, INSTALLS_DIR, isAlive, makeTempLabDir, REPO_ROOT, testPortOffset, waitFor, waitForLogCode } from './test-env.js';

const offset = testPortOffset();

describe.each([
  { version: BROKER_VERSIONS.current, dialect: 'primary-backup', master: 'primary', backup: 'backup', check: 'check-for-active-server' },
  { version: BROKER_VERSIONS.masterSlave, dialect: 'master-slave', master: 'master', backup: 'slave', check: 'check-for-live-server' },
])('setup on Artemis $version', ({ version, dialect, master, backup, check }) => {
  let labDir: string;
  let config: LabConfig;
  let lines: string[];
  let brokerPid: number | null = null;

  beforeAll(async () => {
    labDir = await makeTempLabDir(`setup-${version}`);
    const report = await setupLab({ labDir, installsDir: INSTALLS_DIR, zip: brokerZip(version), portOffset: offset });
    expect(report.changed).toBe(true);
    lines = report.lines;
    config = (await readLabConfig(labDir))!;
  });

  afterAll(async () => {
    // Only the broker this test started, by its pid.
    if (brokerPid && isAlive(brokerPid)) process.kill(brokerPid, 'SIGKILL');
    if (labDir) await fs.rm(labDir, { recursive: true, force: true });
  });

  it('records the lab in lab.json with the version, dialect and ports', () => {
    expect(config.broker.version).toBe(version);
    expect(config.broker.dialect).toBe(dialect);
    expect(config.brokers.master!.acceptorPort).toBe(61616 + offset);
    expect(config.brokers.backup!.acceptorPort).toBe(61716 + offset);
    expect(config.brokers.backup!.consolePort).toBe(8261 + offset);
    expect(path.basename(config.brokers.master!.dir)).toBe('replicatedMaster');
    expect(path.basename(config.brokers.backup!.dir)).toBe('replicatedSlave');
    expect(lines.join('\n')).toMatch(/static-connectors/);
  });

  it(`writes <${master}>/<${backup}> with static connectors and loopback-only acceptors`, async () => {
    for (const broker of ['master', 'backup'] as const) {
      const xml = await fs.readFile(instanceFiles(config.brokers[broker]!.dir).brokerXml, 'utf8');
      const core = firstChild(parseXml(xml).root, 'core')!;
      const acceptors = childElements(firstChild(core, 'acceptors')!, 'acceptor');
      // The clients' acceptor, and replication's own (docs/failback.md), both on loopback.
      expect(acceptors.map((a) => textOf(a)!.split('?')[0])).toEqual([`tcp://127.0.0.1:${config.brokers[broker]!.acceptorPort}`, `tcp://127.0.0.1:${config.brokers[broker]!.clusterPort}`]);
      expect(textOf(acceptors[1]!)).toContain('protocols=CORE;');
      expect(firstChild(core, 'broadcast-groups')).toBeNull();
      const cc = firstChild(firstChild(core, 'cluster-connections')!, 'cluster-connection')!;
      const peer = broker === 'master' ? config.brokers.backup! : config.brokers.master!;
      expect(childElements(firstChild(cc, 'static-connectors')!, 'connector-ref').map(textOf)).toEqual([peer.instance]);
      const role = firstChild(firstChild(firstChild(core, 'ha-policy')!, 'replication')!, broker === 'master' ? master : backup)!;
      expect(role).not.toBeNull();
      if (broker === 'master') expect(textOf(firstChild(role, check))).toBe('true');
      else expect(textOf(firstChild(role, 'allow-failback'))).toBe('true');
      const bootstrap = await fs.readFile(instanceFiles(config.brokers[broker]!.dir).bootstrapXml, 'utf8');
      expect(bootstrap).toContain(`http://127.0.0.1:${config.brokers[broker]!.consolePort}`);
    }
  });

  it('creates a master that loads its config and goes live (AMQ221007), then stops', async () => {
    const dir = config.brokers.master!.dir;
    const files = instanceFiles(dir);
    const spawned = spawnBroker({ dir }, ['run'], path.join(labDir, 'master-run.out'));
    brokerPid = spawned.pid;
    const live = await waitForLogCode(dir, 'AMQ221007', 120_000).catch(async (error: Error) => {
      const out = await fs.readFile(path.join(labDir, 'master-run.out'), 'utf8').catch(() => '');
      throw new Error(`${error.message}\n${out.slice(-2000)}`);
    });
    expect(live).toMatch(/AMQ221007/);
    const log = await fs.readFile(files.log, 'utf8');
    expect(log).not.toMatch(/AMQ214019|Invalid configuration/);
    // The console (Jolokia) answers the Origin a browser on http://localhost:<port> sends.
    await waitForLogCode(dir, 'AMQ241004', 60_000);
    const jolokia = await fetch(`http://127.0.0.1:${config.brokers.master!.consolePort}/console/jolokia/read/org.apache.activemq.artemis:broker=%22127.0.0.1%22/Version`, {
      headers: { Origin: 'http://localhost', Authorization: `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}` },
    });
    expect(((await jolokia.json()) as { value?: string }).value).toBe(version);
    await runBrokerCommand({ dir }, ['stop']);
    await waitFor('the master to exit', () => !isAlive(spawned.pid), 60_000);
    brokerPid = null;
  });

  it('changes nothing when run again', async () => {
    const brokerXml = instanceFiles(config.brokers.master!.dir).brokerXml;
    const before = await fs.readFile(brokerXml, 'utf8');
    const again = await setupLab({ labDir, installsDir: INSTALLS_DIR, zip: brokerZip(version), portOffset: offset });
    expect(again.changed).toBe(false);
    expect(again.lines.join(' ')).toMatch(/already set up.*nothing changed/);
    expect(await fs.readFile(brokerXml, 'utf8')).toBe(before);
  });
});

describe('setup refusing bad input', () => {
  it('refuses a zip-slip zip and writes nothing', async () => {
    const parent = await makeTempLabDir('slip');
    try {
      const zip = path.join(parent, 'apache-artemis-2.44.0-bin.zip');
      await fs.writeFile(zip, rawZip([...brokerEntries(), { name: 'apache-artemis-2.44.0/../../escaped.sh', data: 'boom' }]));
      const labDir = path.join(parent, 'lab');
      const error = await setupLab({ labDir, installsDir: parent, zip }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabError);
      expect((error as LabError).code).toBe('ZIP_SLIP');
      await expect(fs.access(labDir)).rejects.toThrow();
      expect(await fs.readdir(parent)).toEqual(['apache-artemis-2.44.0-bin.zip']);
    } finally {
      await fs.rm(parent, { recursive: true, force: true });
    }
  });
});

describe('the CLI', () => {
  it('doctor --json prints the checks and exits 0 when none fails', async () => {
    const labDir = await makeTempLabDir('doctor');
    try {
      const result = await execa('node', ['bin/amq-ha-lab.mjs', '--lab-dir', labDir, 'doctor', '--json', '--port-offset', String(offset)], { cwd: REPO_ROOT, reject: false });
      const checks = JSON.parse(result.stdout) as { id: string; status: string; message: string; fix: string | null }[];
      expect(checks.map((c) => c.id)).toEqual(expect.arrayContaining(['os', 'memory', 'disk', 'java', 'libaio', 'port-master-acceptor', 'port-backup-console', 'lab-path']));
      for (const c of checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'status', 'message', 'fix']));
      expect(result.exitCode).toBe(checks.some((c) => c.status === 'fail') ? 1 : 0);
    } finally {
      await fs.rm(labDir, { recursive: true, force: true });
    }
  });

  it('setup with no zip says where to put one and exits non-zero', async () => {
    const empty = await makeTempLabDir('no-zip');
    try {
      const result = await execa('node', ['bin/amq-ha-lab.mjs', '--lab-dir', path.join(empty, 'lab'), '--installs', empty, 'setup'], { cwd: REPO_ROOT, reject: false });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/No broker zip in/);
      expect(result.stderr).toMatch(/apache-artemis-2\.x\.y-bin\.zip/);
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});
