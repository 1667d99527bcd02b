// Zips in installs/ are judged by the jars inside: the name only adds the AMQ release number.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipsCheck } from '../../../electron/lab/host/doctor.js';
import { findBrokerZips, matchZipName, nameDisagrees, usableZips } from '../../../electron/lab/distribution/zip-candidates.js';
import { identifyBroker } from '../../../electron/lab/distribution/zip-names.js';
import { describeBroker } from '../../../electron/lab/distribution/broker-version.js';
import { brokerEntries, rawZip } from './zip-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zips-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function put(name: string, jarVersion: string | null): Promise<void> {
  const data = jarVersion ? rawZip(brokerEntries(`apache-artemis-${jarVersion}`, jarVersion)) : rawZip([{ name: 'readme.txt', data: 'hi' }]);
  await fs.writeFile(path.join(dir, name), data);
}

describe('broker zip names', () => {
  it('recognises the names attendees have', () => {
    expect(matchZipName('amq-broker-7.12.0-bin.zip')).toEqual({ version: '7.12.0', product: 'amq' });
    expect(matchZipName('jboss-amq-7.0.0.redhat-1-bin.zip')).toEqual({ version: '7.0.0.redhat-1', product: 'amq' });
    expect(matchZipName('apache-artemis-2.44.0-bin.zip')).toEqual({ version: '2.44.0', product: 'artemis' });
    expect(matchZipName('apache-artemis-2.44.0-source-release.zip')).toBeNull();
    expect(matchZipName('amq-clients-2.10.0.zip')).toBeNull();
  });
});

describe('identifyBroker', () => {
  it('names an AMQ zip as the attendee knows it, with the jars\' exact version', () => {
    expect(describeBroker(identifyBroker('2.33.0.redhat-00010', 'amq-broker-7.12.0-bin.zip')!)).toBe('AMQ Broker 7.12.0 (Artemis 2.33.0.redhat-00010)');
    expect(describeBroker(identifyBroker('2.0.0.amq-700005-redhat-1', 'jboss-amq-7.0.0.redhat-1-bin.zip')!)).toBe('AMQ Broker 7.0.0.redhat-1 (Artemis 2.0.0.amq-700005-redhat-1)');
  });

  it('believes the jars over the name', () => {
    // A plain 2.21.0 renamed as AMQ 7.12.0 is Apache Artemis 2.21.0.
    expect(describeBroker(identifyBroker('2.21.0', 'amq-broker-7.12.0-bin.zip')!)).toBe('Apache Artemis 2.21.0');
    // A Red Hat build whose name claims another AMQ release: AMQ, release unknown.
    expect(describeBroker(identifyBroker('2.21.0.redhat-00025', 'amq-broker-7.12.0-bin.zip')!)).toBe('AMQ Broker (Artemis 2.21.0.redhat-00025)');
    expect(describeBroker(identifyBroker('2.44.0', 'apache-artemis-2.31.2-bin.zip')!)).toBe('Apache Artemis 2.44.0');
  });
});

describe('findBrokerZips', () => {
  it('lists usable zips newest by their jars, then the odd ones with why', async () => {
    await put('apache-artemis-2.31.2-bin.zip', '2.31.2');
    await put('amq-broker-7.12.0-bin.zip', '2.21.0'); // renamed: really 2.21.0
    await put('apache-artemis-2.44.0-bin.zip', '2.44.0');
    await put('my broker copy.zip', '2.11.0');
    await put('apache-artemis-2.50.0-bin.zip', null);
    await fs.writeFile(path.join(dir, 'notes.txt'), 'x');
    const zips = await findBrokerZips(dir);
    expect(zips.map((z) => [z.fileName, z.label])).toEqual([
      ['apache-artemis-2.44.0-bin.zip', 'Apache Artemis 2.44.0'],
      ['apache-artemis-2.31.2-bin.zip', 'Apache Artemis 2.31.2'],
      ['amq-broker-7.12.0-bin.zip', 'Apache Artemis 2.21.0'],
      ['my broker copy.zip', 'Apache Artemis 2.11.0'],
      ['apache-artemis-2.50.0-bin.zip', null],
    ]);
    expect(zips.filter(nameDisagrees).map((z) => z.fileName)).toEqual(['amq-broker-7.12.0-bin.zip']);
    expect(usableZips(zips).map((z) => z.fileName)).toEqual(['apache-artemis-2.44.0-bin.zip', 'apache-artemis-2.31.2-bin.zip', 'amq-broker-7.12.0-bin.zip']);
    expect(zips[3]!.problem).toBe(`not recognised by its name — use \`--zip "${path.join(dir, 'my broker copy.zip')}"\``);
    expect(zips[4]!.problem).toMatch(/^no Artemis broker inside: .*not an AMQ \/ Artemis broker distribution/);
    const check = zipsCheck(zips, dir)!;
    expect(check.status).toBe('warn');
    expect(check.message).toContain('my broker copy.zip: not recognised by its name');
    expect(check.message).toContain('apache-artemis-2.50.0-bin.zip: no Artemis broker inside');
    expect(check.message).toContain('amq-broker-7.12.0-bin.zip: holds Apache Artemis 2.21.0, whatever its name says');
  });

  it('ranks AMQ by its Artemis base and names it AMQ Broker 7.x', async () => {
    await put('amq-broker-7.12.0-bin.zip', '2.33.0.redhat-00010');
    await put('apache-artemis-2.31.2-bin.zip', '2.31.2');
    await put('apache-artemis-2.44.0-bin.zip', '2.44.0');
    const zips = await findBrokerZips(dir);
    expect(zips.map((z) => z.label)).toEqual(['Apache Artemis 2.44.0', 'AMQ Broker 7.12.0 (Artemis 2.33.0.redhat-00010)', 'Apache Artemis 2.31.2']);
    expect(zips[1]!.product).toBe('amq');
    expect(zips.some(nameDisagrees)).toBe(false);
    expect(zipsCheck(zips, dir)).toBeNull();
  });

  it('returns nothing for a missing installs dir', async () => {
    expect(await findBrokerZips(path.join(os.tmpdir(), 'no-such-installs-dir-x'))).toEqual([]);
  });
});
