import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { parseTriple } from '../../../electron/lab/distribution/broker-version.js';
import { diskCheck, labPathCheck, memoryCheck } from '../../../electron/lab/host/doctor.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { labSetupState, readLabConfig } from '../../../electron/lab/instances/lab-config.js';
import { moveAside } from '../../../electron/lab/state/move-aside.js';
import { sizeHeap } from '../../../electron/lab/instances/configure-instance.js';
import { createArgs, maskPasswords } from '../../../electron/lab/instances/create-instances.js';
import { setupLab } from '../../../electron/lab/instances/setup.js';
import { fakeLabConfig, logOnlyBrokers } from './lab-fixtures.js';
import { brokerEntries, rawZip } from './zip-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'setup-steps-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const MASTER = replicatedPair.topology.brokers[0]!;
const BACKUP = replicatedPair.topology.brokers[1]!;
const base = { instance: '/lab/i', portOffset: 0, user: 'admin', password: 'pw', clusterUser: 'cu', clusterPassword: 'cpw', heapMb: 512, nio: false };

describe('artemis create flags', () => {
  it('uses --backup from 2.32 and --slave before', () => {
    expect(createArgs({ ...base, broker: BACKUP, artemis: parseTriple('2.44.0')! })).toContain('--backup');
    const old = createArgs({ ...base, broker: BACKUP, artemis: parseTriple('2.31.2')! });
    expect(old).toContain('--slave');
    expect(old).not.toContain('--backup');
    expect(createArgs({ ...base, broker: MASTER, artemis: parseTriple('2.44.0')! })).not.toContain('--backup');
  });

  it('puts the backup at offset +100 and binds everything to loopback', () => {
    const args = createArgs({ ...base, broker: BACKUP, portOffset: 1000, artemis: parseTriple('2.44.0')! });
    expect(args[args.indexOf('--port-offset') + 1]).toBe('1100');
    expect(args[args.indexOf('--host') + 1]).toBe('127.0.0.1');
    expect(args[args.indexOf('--http-host') + 1]).toBe('127.0.0.1');
    expect(args).toEqual(expect.arrayContaining(['--replicated', '--silent', '--require-login', '--no-autotune']));
  });

  it('passes --java-memory only from 2.27 and --nio when asked', () => {
    expect(createArgs({ ...base, broker: MASTER, artemis: parseTriple('2.27.0')! })).toContain('--java-memory');
    expect(createArgs({ ...base, broker: MASTER, artemis: parseTriple('2.26.0')! })).not.toContain('--java-memory');
    expect(createArgs({ ...base, broker: MASTER, nio: true, artemis: parseTriple('2.0.0')! })).toContain('--nio');
  });

  it('masks passwords when showing the command', () => {
    const shown = maskPasswords(createArgs({ ...base, broker: MASTER, artemis: parseTriple('2.44.0')! }));
    expect(shown).not.toContain('pw');
    expect(shown).not.toContain('cpw');
    expect(shown[shown.indexOf('--user') + 1]).toBe('admin');
  });
});

describe('sizeHeap', () => {
  it('sets a small -Xms and the lab -Xmx in JAVA_ARGS only', () => {
    const profile = [
      '# JAVA_ARGS="-Xmx99G" example',
      'if [ -z "$JAVA_ARGS" ]; then',
      '    JAVA_ARGS="-XX:+UseG1GC -Xms512M -Xmx2G -Dhawtio.realm=activemq"',
      'fi',
    ].join('\n');
    const sized = sizeHeap(profile, 384);
    expect(sized).toContain('JAVA_ARGS="-XX:+UseG1GC -Xms64M -Xmx384M -Dhawtio.realm=activemq"');
    expect(sized).toContain('# JAVA_ARGS="-Xmx99G" example');
    expect(sizeHeap('set JAVA_ARGS=-Xms512M -Xmx2G -Dx=y', 512)).toBe('set JAVA_ARGS=-Xms64M -Xmx512M -Dx=y');
  });
});

describe('moveAside and lab state', () => {
  it('renames, never deletes, and does not clobber an earlier move', async () => {
    const lab = path.join(dir, 'target');
    await fs.mkdir(lab);
    await fs.writeFile(path.join(lab, 'keep.txt'), 'data');
    const now = new Date('2026-01-02T03:04:05Z');
    const first = await moveAside(lab, now);
    expect(first).toBe(`${lab}.moved-20260102T030405Z`);
    expect(await fs.readFile(path.join(first, 'keep.txt'), 'utf8')).toBe('data');
    await fs.mkdir(lab);
    const second = await moveAside(lab, now);
    expect(second).not.toBe(first);
  });

  it('reports none / unpacked / created', async () => {
    expect(await labSetupState(dir)).toBe('none');
    await fs.mkdir(path.join(dir, 'apache-artemis-2.44.0', 'bin'), { recursive: true });
    await fs.writeFile(path.join(dir, 'apache-artemis-2.44.0', 'bin', 'artemis'), '');
    expect(await labSetupState(dir)).toBe('unpacked');
    await fs.writeFile(path.join(dir, 'lab.json'), JSON.stringify({ schema: 1, broker: {}, brokers: {} }));
    expect(await labSetupState(dir)).toBe('created');
    await fs.writeFile(path.join(dir, 'lab.json'), '{ truncated');
    expect(await readLabConfig(dir)).toBeNull();
  });
});

describe('setupLab refusals (before any broker runs)', () => {
  async function codeOf(p: Promise<unknown>): Promise<string> {
    const error = await p.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    return (error as LabError).code;
  }

  it('says where to put a zip when there is none', async () => {
    const error = (await setupLab({ labDir: path.join(dir, 'lab'), installsDir: dir }).catch((e: unknown) => e)) as LabError;
    expect(error.code).toBe('NO_ZIP');
    expect(error.hint).toMatch(/amq-broker-7\.x\.y-bin\.zip/);
    await expect(fs.access(path.join(dir, 'lab'))).rejects.toThrow();
  });

  it('refuses a lab dir that cannot be written, leaving the zip alone', async () => {
    const zip = path.join(dir, 'apache-artemis-2.44.0-bin.zip');
    await fs.writeFile(zip, rawZip(brokerEntries()));
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'x');
    expect(await codeOf(setupLab({ labDir: path.join(blocker, 'lab'), installsDir: dir, zip }))).toBe('LAB_NOT_WRITABLE');
    expect((await fs.stat(zip)).size).toBeGreaterThan(0);
  });

  it('does not pick a broker zip with an unusual name by itself, and says to use --zip', async () => {
    await fs.writeFile(path.join(dir, 'broker (1).zip'), rawZip(brokerEntries()));
    const error = (await setupLab({ labDir: path.join(dir, 'lab'), installsDir: dir }).catch((e: unknown) => e)) as LabError;
    expect(error).toBeInstanceOf(LabError);
    expect(error.code).toBe('NO_ZIP');
    expect(error.message).toContain('broker (1).zip: not recognised by its name — use `--zip');
    expect(error.hint).toContain('--zip');
    await expect(fs.access(path.join(dir, 'lab'))).rejects.toThrow();
  });

  it('refuses a truncated zip with nothing written', async () => {
    const zip = path.join(dir, 'apache-artemis-2.44.0-bin.zip');
    const good = rawZip(brokerEntries());
    await fs.writeFile(zip, good.subarray(0, good.length - 30));
    expect(await codeOf(setupLab({ labDir: path.join(dir, 'lab'), installsDir: dir }))).toBe('BAD_ZIP');
    await expect(fs.access(path.join(dir, 'lab'))).rejects.toThrow();
  });
});

// The fake `bin/artemis` below is a POSIX shell script; Windows would run artemis.cmd.
describe.skipIf(process.platform === 'win32')('setupLab when `artemis create` fails', () => {
  async function fakeBroker(script: string): Promise<string> {
    const zip = path.join(dir, 'apache-artemis-2.44.0-bin.zip');
    const entries = brokerEntries().map((e) => (e.name.endsWith('bin/artemis') ? { ...e, data: script } : e));
    await fs.writeFile(zip, rawZip(entries));
    return zip;
  }

  it('shows the tail of its output, and the lab is not marked created', async () => {
    const zip = await fakeBroker('#!/bin/sh\necho "line one"\necho "Error: cannot create the instance here" >&2\nexit 3\n');
    const labDir = path.join(dir, 'lab');
    const error = (await setupLab({ labDir, installsDir: dir, zip }).catch((e: unknown) => e)) as LabError;
    expect(error).toBeInstanceOf(LabError);
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toMatch(/artemis create .* failed \(exit 3\)/);
    expect(error.details).toContain('Error: cannot create the instance here');
    expect(await labSetupState(labDir)).toBe('unpacked');
  });

  it('setup --force that fails puts the previous lab back and says where the half-made one is', async () => {
    const labDir = path.join(dir, 'lab');
    const previous = fakeLabConfig(labDir, logOnlyBrokers(labDir), '2026-01-02T03:04:05.000Z');
    await fs.writeFile(path.join(labDir, 'lab.json'), JSON.stringify(previous));
    await fs.writeFile(path.join(labDir, 'progress.txt'), 'mine');
    const zip = await fakeBroker('#!/bin/sh\necho "Error: cannot create" >&2\nexit 3\n');
    const error = (await setupLab({ labDir, installsDir: dir, zip, force: true }).catch((e: unknown) => e)) as LabError;
    expect(error).toBeInstanceOf(LabError);
    expect(error.message).toContain(`Your previous lab is back in ${labDir}`);
    expect((await readLabConfig(labDir))?.createdAt).toBe(previous.createdAt);
    expect(await fs.readFile(path.join(labDir, 'progress.txt'), 'utf8')).toBe('mine');
    const halfMade = /half-made new one is in (.+)\)\.$/.exec(error.message)?.[1];
    expect(halfMade && (await fs.stat(halfMade)).isDirectory()).toBe(true);
  });

  it('setup --force with a damaged zip leaves the previous lab where it was', async () => {
    const labDir = path.join(dir, 'lab');
    const previous = fakeLabConfig(labDir, logOnlyBrokers(labDir), '2026-01-02T03:04:05.000Z');
    await fs.writeFile(path.join(labDir, 'lab.json'), JSON.stringify(previous));
    const zip = path.join(dir, 'damaged.zip');
    const good = rawZip(brokerEntries());
    await fs.writeFile(zip, good.subarray(0, good.length - 30));
    const error = (await setupLab({ labDir, installsDir: dir, zip, force: true }).catch((e: unknown) => e)) as LabError;
    expect(error.code).toBe('BAD_ZIP');
    expect((await readLabConfig(labDir))?.createdAt).toBe(previous.createdAt);
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('lab.'))).toEqual([]);
  });

  it('notices a create that exits 0 but writes nothing', async () => {
    const zip = await fakeBroker('#!/bin/sh\necho "pretending"\nexit 0\n');
    const error = (await setupLab({ labDir: path.join(dir, 'lab'), installsDir: dir, zip }).catch((e: unknown) => e)) as LabError;
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toMatch(/wrote no etc\/broker.xml/);
    expect(error.details).toContain('pretending');
  });
});

describe('doctor checks', () => {
  const GB = 1024 ** 3;
  it('fails under 2 GB of memory and warns under 4 GB', () => {
    expect(memoryCheck(1.5 * GB).status).toBe('fail');
    expect(memoryCheck(3 * GB).status).toBe('warn');
    expect(memoryCheck(16 * GB)).toMatchObject({ status: 'ok', fix: null });
  });

  it('warns when the disk is near the broker max-disk-usage', () => {
    expect(diskCheck(0.2 * GB, 100 * GB, '/x').status).toBe('fail');
    const nearlyFull = diskCheck(10 * GB, 100 * GB, '/x');
    expect(nearlyFull.status).toBe('warn');
    expect(nearlyFull.message).toMatch(/90%/);
    expect(diskCheck(50 * GB, 100 * GB, '/x').status).toBe('ok');
  });

  it('warns about spaces; non-ASCII letters are fine and it says where the broker goes', () => {
    expect(labPathCheck('/home/me/amq lab').status).toBe('warn');
    const zoe = labPathCheck('/home/zoë/lab');
    expect(zoe.status).toBe('ok');
    expect(zoe.message).toMatch(/non-ASCII letters: setup unpacks the broker into an ASCII folder/);
    expect(labPathCheck('/home/zoë/amq lab').status).toBe('warn');
    expect(labPathCheck('/home/me/lab')).toMatchObject({ status: 'ok', message: expect.not.stringMatching(/ASCII/) });
  });
});
