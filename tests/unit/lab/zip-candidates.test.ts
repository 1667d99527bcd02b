import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrokerZips, matchZipName } from '../../../electron/lab/zip-candidates.js';

describe('broker zip names', () => {
  it('recognises the names attendees have', () => {
    expect(matchZipName('amq-broker-7.12.0-bin.zip')).toEqual({ version: '7.12.0', product: 'amq' });
    expect(matchZipName('jboss-amq-7.0.0.redhat-1-bin.zip')).toEqual({ version: '7.0.0.redhat-1', product: 'amq' });
    expect(matchZipName('apache-artemis-2.44.0-bin.zip')).toEqual({ version: '2.44.0', product: 'artemis' });
    expect(matchZipName('apache-artemis-2.44.0-source-release.zip')).toBeNull();
    expect(matchZipName('amq-clients-2.10.0.zip')).toBeNull();
  });

  it('lists zips newest first, AMQ ranked by its Artemis base', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zips-'));
    try {
      for (const name of ['apache-artemis-2.31.2-bin.zip', 'amq-broker-7.12.0-bin.zip', 'jboss-amq-7.0.0.redhat-1-bin.zip', 'apache-artemis-2.44.0-bin.zip', 'notes.txt']) {
        await fs.writeFile(path.join(dir, name), 'x');
      }
      const names = (await findBrokerZips(dir)).map((z) => z.fileName);
      expect(names).toEqual(['apache-artemis-2.44.0-bin.zip', 'amq-broker-7.12.0-bin.zip', 'apache-artemis-2.31.2-bin.zip', 'jboss-amq-7.0.0.redhat-1-bin.zip']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('returns nothing for a missing installs dir', async () => {
    expect(await findBrokerZips(path.join(os.tmpdir(), 'no-such-installs-dir-x'))).toEqual([]);
  });
});
