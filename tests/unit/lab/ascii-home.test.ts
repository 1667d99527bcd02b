// The rule that keeps the broker distribution on an ASCII path when the lab dir has ñ, é or ë
// (Jetty 12 cannot deploy the console from such an ARTEMIS_HOME), on every OS's paths.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ASCII_BASE_ENV,
  asciiBaseCandidates,
  asciiHomeFolderName,
  chooseAsciiBase,
  isAsciiPath,
  moveExternalHomeAside,
  needsAsciiHome,
  readHomePointer,
  writeHomePointer,
} from '../../../electron/lab/distribution/ascii-home.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { labSetupState } from '../../../electron/lab/instances/lab-config.js';
import { setupLab } from '../../../electron/lab/instances/setup.js';
import { brokerEntries, rawZip } from './zip-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascii-home-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('needsAsciiHome', () => {
  it('is true for non-ASCII letters on any OS, false for spaces alone', () => {
    expect(needsAsciiHome('/tmp/x/ñandú')).toBe(true);
    expect(needsAsciiHome('/Users/Zoë/amq lab')).toBe(true);
    expect(needsAsciiHome('C:\\Users\\José\\amq-lab')).toBe(true);
    expect(needsAsciiHome('C:\\Users\\山田\\lab')).toBe(true);
    expect(needsAsciiHome('/home/me/amq lab')).toBe(false);
    expect(needsAsciiHome('C:\\Users\\John Smith\\amq-lab')).toBe(false);
  });
});

describe('asciiBaseCandidates', () => {
  it('Windows, home C:\\Users\\José: %ProgramData%, then the system drive root', () => {
    const list = asciiBaseCandidates({ platform: 'win32', homedir: 'C:\\Users\\José', env: { ProgramData: 'C:\\ProgramData', SystemDrive: 'C:' }, uid: -1 });
    expect(list).toEqual(['C:\\ProgramData\\amq-ha-lab', 'C:\\amq-ha-lab']);
  });

  it('Windows with an ASCII home uses the home first, and falls back to C: without variables', () => {
    expect(asciiBaseCandidates({ platform: 'win32', homedir: 'C:\\Users\\john', env: {}, uid: -1 })).toEqual(['C:\\Users\\john\\.amq-ha-lab', 'C:\\amq-ha-lab']);
    expect(asciiBaseCandidates({ platform: 'win32', homedir: 'D:\\Users\\José', env: { SystemDrive: 'D:' }, uid: -1 })).toEqual(['D:\\amq-ha-lab']);
  });

  it('macOS /Users/Zoë: /Users/Shared, per user id', () => {
    expect(asciiBaseCandidates({ platform: 'darwin', homedir: '/Users/Zoë', env: {}, uid: 501 })).toEqual(['/Users/Shared/amq-ha-lab-501']);
  });

  it('Linux: ~/.amq-ha-lab, then /var/tmp (survives a reboot)', () => {
    expect(asciiBaseCandidates({ platform: 'linux', homedir: '/home/me', env: {}, uid: 1000 })).toEqual(['/home/me/.amq-ha-lab', '/var/tmp/amq-ha-lab-1000']);
    expect(asciiBaseCandidates({ platform: 'linux', homedir: '/home/zoë', env: {}, uid: 1000 })).toEqual(['/var/tmp/amq-ha-lab-1000']);
  });

  it(`${ASCII_BASE_ENV} comes first, unless it is not ASCII itself`, () => {
    expect(asciiBaseCandidates({ platform: 'linux', homedir: '/home/me', env: { [ASCII_BASE_ENV]: '/srv/lab-homes' }, uid: 0 })[0]).toBe('/srv/lab-homes');
    expect(asciiBaseCandidates({ platform: 'linux', homedir: '/home/me', env: { [ASCII_BASE_ENV]: '/srv/ñ' }, uid: 0 })[0]).toBe('/home/me/.amq-ha-lab');
  });
});

describe('asciiHomeFolderName', () => {
  it('reads like the lab dir, is ASCII, and differs between lab dirs of the same name', () => {
    expect(asciiHomeFolderName('/tmp/x/ñandú')).toMatch(/^nandu-[0-9a-f]{8}$/);
    expect(asciiHomeFolderName('C:\\Users\\José\\Zoë lab\\')).toMatch(/^Zoe-lab-[0-9a-f]{8}$/);
    expect(asciiHomeFolderName('/home/山田')).toMatch(/^lab-[0-9a-f]{8}$/);
    expect(asciiHomeFolderName('/a/ñandú')).not.toBe(asciiHomeFolderName('/b/ñandú'));
    for (const name of ['/tmp/x/ñandú', 'C:\\Users\\José\\lab', '/home/山田']) expect(isAsciiPath(asciiHomeFolderName(name))).toBe(true);
  });
});

describe('chooseAsciiBase', () => {
  it('skips a candidate that cannot be created and takes the next', async () => {
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'x');
    const good = path.join(dir, 'homes');
    expect(await chooseAsciiBase([path.join(blocker, 'homes'), good])).toBe(good);
    expect((await fs.stat(good)).isDirectory()).toBe(true);
  });

  it('says what it tried and how to fix it when nothing works', async () => {
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'x');
    const error = (await chooseAsciiBase([path.join(blocker, 'x')]).catch((e: unknown) => e)) as LabError;
    expect(error).toBeInstanceOf(LabError);
    expect(error.code).toBe('LAB_NOT_WRITABLE');
    expect(error.message).toContain(path.join(blocker, 'x'));
    expect(error.hint).toContain(ASCII_BASE_ENV);
  });
});

describe('the pointer and moving aside', () => {
  it('round-trips the home path and moves an outside home aside, never one inside the lab', async () => {
    const lab = path.join(dir, 'ñandú');
    const home = path.join(dir, 'base', 'nandu-1', 'apache-artemis-2.44.0');
    await fs.mkdir(lab, { recursive: true });
    await fs.mkdir(home, { recursive: true });
    await writeHomePointer(lab, home);
    expect(await readHomePointer(lab)).toBe(home);
    expect(await moveExternalHomeAside(lab, path.join(lab, 'apache-artemis-2.44.0'))).toBeNull();
    const moved = await moveExternalHomeAside(lab, home);
    expect(moved).toMatch(/apache-artemis-2\.44\.0\.moved-/);
    await expect(fs.access(home)).rejects.toThrow();
    expect(await moveExternalHomeAside(lab, home)).toBeNull();
  });
});

// The fake `bin/artemis` is a POSIX shell script; Windows would run artemis.cmd.
describe.skipIf(process.platform === 'win32')('setupLab in a non-ASCII lab dir', () => {
  it('unpacks into the ASCII base, points at it from the lab dir, and counts as unpacked', async () => {
    const zip = path.join(dir, 'apache-artemis-2.44.0-bin.zip');
    const entries = brokerEntries().map((e) => (e.name.endsWith('bin/artemis') ? { ...e, data: '#!/bin/sh\necho "create refused" >&2\nexit 3\n' } : e));
    await fs.writeFile(zip, rawZip(entries));
    const labDir = path.join(dir, 'Zoë', 'ñandú');
    const base = path.join(dir, 'ascii-base');
    const saved = process.env[ASCII_BASE_ENV];
    process.env[ASCII_BASE_ENV] = base;
    try {
      const error = (await setupLab({ labDir, installsDir: dir, zip }).catch((e: unknown) => e)) as LabError;
      expect(error.code).toBe('COMMAND_FAILED');
    } finally {
      if (saved === undefined) delete process.env[ASCII_BASE_ENV];
      else process.env[ASCII_BASE_ENV] = saved;
    }
    const home = await readHomePointer(labDir);
    expect(home).toBe(path.join(base, asciiHomeFolderName(labDir), 'apache-artemis-2.44.0'));
    expect(isAsciiPath(home!)).toBe(true);
    await fs.access(path.join(home!, 'bin', 'artemis'));
    await expect(fs.access(path.join(labDir, 'apache-artemis-2.44.0', 'bin'))).rejects.toThrow();
    expect(await labSetupState(labDir)).toBe('unpacked');
  });
});
