import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkStaysInside, unsafeEntryReason, validateBrokerZip } from '../../../electron/lab/distribution/zip-validate.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { brokerEntries, rawZip, type RawEntry } from './zip-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zip-validate-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function zipOf(entries: RawEntry[], name = 'apache-artemis-2.44.0-bin.zip'): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, rawZip(entries));
  return file;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    expect(error).toBeInstanceOf(LabError);
    return (error as LabError).code;
  }
}

describe('validateBrokerZip', () => {
  it('accepts a broker layout and reads its version from the jars', async () => {
    const result = await validateBrokerZip(await zipOf(brokerEntries()));
    expect(result.topFolder).toBe('apache-artemis-2.44.0');
    expect(result.version.raw).toBe('2.44.0');
    expect(result.version.artemis).toEqual({ major: 2, minor: 44, micro: 0 });
    expect(result.entryCount).toBe(6);
  });

  it('reads a Red Hat build version from the jars and the AMQ release from the zip name', async () => {
    const top = 'apache-artemis-2.33.0.redhat-00010';
    const result = await validateBrokerZip(await zipOf(brokerEntries(top, '2.33.0.redhat-00010'), 'amq-broker-7.12.0-bin.zip'));
    expect(result.version.product).toBe('amq');
    expect(result.version.artemis).toEqual({ major: 2, minor: 33, micro: 0 });
    expect(result.version.productVersion).toBe('7.12.0');
    expect(result.version.raw).toBe('2.33.0.redhat-00010');
  });

  it('refuses a truncated zip as BAD_ZIP', async () => {
    const good = rawZip(brokerEntries());
    const file = path.join(dir, 'truncated.zip');
    await fs.writeFile(file, good.subarray(0, good.length - 40));
    expect(await codeOf(validateBrokerZip(file))).toBe('BAD_ZIP');
  });

  it('refuses a file that is not a zip at all as BAD_ZIP', async () => {
    const file = path.join(dir, 'html.zip');
    await fs.writeFile(file, '<html>Access denied</html>');
    expect(await codeOf(validateBrokerZip(file))).toBe('BAD_ZIP');
  });

  it('refuses a zip without bin/artemis as NOT_A_BROKER', async () => {
    const entries = brokerEntries().filter((e) => !e.name.endsWith('bin/artemis'));
    expect(await codeOf(validateBrokerZip(await zipOf(entries)))).toBe('NOT_A_BROKER');
  });

  it('refuses a zip without lib/artemis-*.jar as NOT_A_BROKER', async () => {
    const entries = brokerEntries().filter((e) => !e.name.endsWith('.jar'));
    expect(await codeOf(validateBrokerZip(await zipOf(entries)))).toBe('NOT_A_BROKER');
  });

  it('refuses two top-level folders as NOT_A_BROKER', async () => {
    const entries = [...brokerEntries(), { name: 'other/readme.txt', data: 'x' }];
    expect(await codeOf(validateBrokerZip(await zipOf(entries)))).toBe('NOT_A_BROKER');
  });

  it('refuses an empty zip as NOT_A_BROKER', async () => {
    expect(await codeOf(validateBrokerZip(await zipOf([])))).toBe('NOT_A_BROKER');
  });

  it.each([
    ['apache-artemis-2.44.0/../../evil.sh'],
    ['/etc/evil'],
    ['C:/Windows/evil.dll'],
    ['apache-artemis-2.44.0\\..\\..\\evil.sh'],
  ])('refuses the zip-slip entry %s as ZIP_SLIP', async (name) => {
    const entries = [...brokerEntries(), { name, data: 'boom' }];
    expect(await codeOf(validateBrokerZip(await zipOf(entries)))).toBe('ZIP_SLIP');
  });

  it('refuses a symlink pointing outside the distribution as ZIP_SLIP', async () => {
    const entries = [...brokerEntries(), { name: 'apache-artemis-2.44.0/bin/link', data: '../../../etc/passwd', mode: 0o120777 }];
    expect(await codeOf(validateBrokerZip(await zipOf(entries)))).toBe('ZIP_SLIP');
  });

  it('accepts a symlink that stays inside the distribution', async () => {
    const entries = [...brokerEntries(), { name: 'apache-artemis-2.44.0/bin/link', data: '../lib/artemis-cli-2.44.0.jar', mode: 0o120777 }];
    expect((await validateBrokerZip(await zipOf(entries))).topFolder).toBe('apache-artemis-2.44.0');
  });

  it('says NO_ZIP for a path that does not exist', async () => {
    expect(await codeOf(validateBrokerZip(path.join(dir, 'missing.zip')))).toBe('NO_ZIP');
  });
});

describe('entry name rules', () => {
  it('names why an entry is unsafe', () => {
    expect(unsafeEntryReason('a/b/c')).toBeNull();
    expect(unsafeEntryReason('a/../../b')).toMatch(/\.\.\//);
    expect(unsafeEntryReason('/abs')).toMatch(/absolute/);
    expect(unsafeEntryReason('D:/x')).toMatch(/drive/);
    expect(unsafeEntryReason('a\\b')).toMatch(/backslash/);
  });

  it('resolves links relative to their own folder', () => {
    expect(linkStaysInside('top/bin/x', '../lib/y', 'top')).toBe(true);
    expect(linkStaysInside('top/bin/x', '../../y', 'top')).toBe(false);
    expect(linkStaysInside('top/bin/x', '/etc/passwd', 'top')).toBe(false);
  });
});
