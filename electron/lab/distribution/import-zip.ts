// The app's 'broker.import': a zip the attendee picked or dropped is validated, then copied
// into the installs dir under a name findBrokerZips recognises.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ZipCandidate } from '../../../shared/lab-state.js';
import { LabError } from '../lab-error.js';
import { describeZip, matchZipName } from './zip-candidates.js';
import { validateBrokerZip } from './zip-validate.js';

export async function importZip(installsDir: string, source: string): Promise<ZipCandidate> {
  const validated = await validateBrokerZip(source);
  const given = path.basename(source);
  // AMQ 7.12+ zips unpack to apache-artemis-2.x.y.redhat-NNNNN/, so that name fits them too.
  const v = validated.version;
  const fileName = matchZipName(given) ? given : v.productVersion ? `amq-broker-${v.productVersion}-bin.zip` : `apache-artemis-${v.raw}-bin.zip`;
  const target = path.join(installsDir, fileName);
  await fs.mkdir(installsDir, { recursive: true });
  const sourceStat = await fs.stat(source);
  const existing = await fs.stat(target).catch(() => null);
  if (existing && path.resolve(target) !== path.resolve(source)) {
    if (existing.size !== sourceStat.size) {
      throw new LabError(
        'BAD_REQUEST',
        `installs/ already holds a different ${fileName}.`,
        'Move the old one out of installs/ first, then import again.',
      );
    }
  } else if (!existing) {
    const tmp = `${target}.part`;
    await fs.copyFile(source, tmp);
    await fs.rename(tmp, target);
  }
  return describeZip(target, sourceStat.size);
}
