import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importZip } from '../../../electron/lab/distribution/import-zip.js';
import { findJava, javaHomeProblem } from '../../../electron/lab/host/java.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { findBrokerZips } from '../../../electron/lab/distribution/zip-candidates.js';
import { brokerEntries, rawZip } from './zip-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'java-import-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A stand-in `java` that prints a version banner the way the real one does (on stderr). */
async function fakeJdk(name: string, banner: string): Promise<string> {
  const home = path.join(dir, name);
  await fs.mkdir(path.join(home, 'bin'), { recursive: true });
  await fs.writeFile(path.join(home, 'bin', 'java'), `#!/bin/sh\necho '${banner}' >&2\n`, { mode: 0o755 });
  return home;
}

// The fake JDKs are POSIX shell scripts.
describe.skipIf(process.platform === 'win32')('findJava', () => {
  it('prefers JAVA_HOME over PATH', async () => {
    const home = await fakeJdk('jdk8', 'openjdk version "1.8.0_392"');
    const other = await fakeJdk('jdk21', 'openjdk version "21" 2023-09-19');
    const java = await findJava({ JAVA_HOME: home, PATH: path.join(other, 'bin') });
    expect(java).toMatchObject({ home, source: 'JAVA_HOME', version: { major: 8, raw: '1.8.0_392' } });
  });

  it('falls back to PATH and derives the JDK home from it', async () => {
    const other = await fakeJdk('jdk25', 'openjdk version "25-ea" 2025-09-16');
    const java = await findJava({ PATH: `/nonexistent${path.delimiter}${path.join(other, 'bin')}` });
    expect(java).toMatchObject({ home: other, source: 'PATH', version: { major: 25 } });
  });

  it('finds nothing on an empty PATH, and flags a JAVA_HOME without bin/java', async () => {
    expect(await findJava({ PATH: '' })).toBeNull();
    expect(await javaHomeProblem({ JAVA_HOME: path.join(dir, 'nothing-here') })).toMatch(/no bin\/java/);
    expect(await javaHomeProblem({ JAVA_HOME: await fakeJdk('ok', 'openjdk version "17.0.15"') })).toBeNull();
  });
});

describe('importZip', () => {
  it('validates and copies a picked zip into installs under a name setup recognises', async () => {
    const picked = path.join(dir, 'download (1).zip');
    await fs.writeFile(picked, rawZip(brokerEntries()));
    const installs = path.join(dir, 'installs');
    const candidate = await importZip(installs, picked);
    expect(candidate.fileName).toBe('apache-artemis-2.44.0-bin.zip');
    expect((await findBrokerZips(installs)).map((z) => z.fileName)).toEqual(['apache-artemis-2.44.0-bin.zip']);
    // Importing the same file again is harmless.
    expect((await importZip(installs, picked)).path).toBe(candidate.path);
  });

  it('refuses a zip that is not a broker, copying nothing', async () => {
    const picked = path.join(dir, 'apache-artemis-2.44.0-bin.zip');
    await fs.writeFile(picked, rawZip([{ name: 'readme.txt', data: 'hello' }]));
    const installs = path.join(dir, 'installs');
    const error = await importZip(installs, picked).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('NOT_A_BROKER');
    await expect(fs.access(installs)).rejects.toThrow();
  });
});
