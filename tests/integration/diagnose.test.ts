// `diagnose` on a real lab with its own passwords: the zip has what an instructor needs (doctor,
// versions, lab.json, each broker's files and log, the lab's progress) and no password anywhere.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readZip } from '../zip-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupLab } from '../../electron/lab/instances/setup.js';
import { INSTALLS_DIR, makeTempLabDir, REPO_ROOT, testPortOffset } from './test-env.js';

const CLI = path.join(REPO_ROOT, 'bin', 'amq-ha-lab.mjs');
const PASSWORD = 'Broker-S3cret!';
const CLUSTER_PASSWORD = 'Cluster-S3cret!';
let labDir: string;

function cli(args: string[]) {
  return execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, ...args], { reject: false, all: true, timeout: 300_000 });
}


beforeAll(async () => {
  labDir = await makeTempLabDir('diagnose');
  await setupLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset(), password: PASSWORD, clusterPassword: CLUSTER_PASSWORD });
});

afterAll(async () => {
  if (labDir) {
    await cli(['down']);
    await fs.rm(labDir, { recursive: true, force: true });
  }
});

describe('diagnose on a real lab', () => {
  it('writes one zip with the whole picture and no password in it', async () => {
    const started = await cli(['start', 'master']);
    expect(started.exitCode, started.all).toBe(0);
    const r = await cli(['diagnose', '--json']);
    expect(r.exitCode, r.all).toBe(0);
    const { path: zipPath, files } = JSON.parse(r.stdout) as { path: string; files: string[] };
    expect(zipPath.startsWith(path.join(labDir, 'diagnostics'))).toBe(true);

    const entries = await readZip(zipPath);
    expect([...entries.keys()].sort()).toEqual([...files].sort());
    for (const name of ['versions.json', 'doctor.json', 'snapshot.json', 'lab.json', 'README.txt', 'master/broker.xml', 'master/artemis.profile', 'master/artemis.log', 'backup/broker.xml', 'backup/artemis.profile', 'state/master.json']) {
      expect(files, name).toContain(name);
    }
    expect(JSON.parse(entries.get('versions.json')!)).toMatchObject({ broker: { version: expect.stringMatching(/^2\./) }, java: { version: expect.any(String) } });
    expect(entries.get('master/artemis.log')).toContain('AMQ221007');
    expect(entries.get('master/broker.xml')).toContain('<cluster-password>');
    for (const [name, text] of entries) {
      expect(text, name).not.toContain(PASSWORD);
      expect(text, name).not.toContain(CLUSTER_PASSWORD);
    }
  }, 300_000);
});
