// The kit's parts that need no npm, electron-builder or broker: its checksums and their check,
// the attendee's guide, and the line that says why electron-builder made nothing.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attendeeGuide } from '../../../electron/kit/attendee-guide.js';
import { checksumLine, parseChecksums, sha512Of } from '../../../electron/kit/checksums.js';
import { builderFailure } from '../../../electron/kit/installers.js';
import { verificationReport, verifyKit } from '../../../electron/kit/verify.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A kit folder by hand: a zip-like file with its .sha512, a guide, and SHA512SUMS over them. */
async function handMadeKit(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-unit-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'broker.zip'), Buffer.alloc(4096, 7));
  writeFileSync(path.join(dir, 'broker.zip.sha512'), checksumLine(await sha512Of(path.join(dir, 'broker.zip')), 'broker.zip'));
  mkdirSync(path.join(dir, 'desktop'));
  writeFileSync(path.join(dir, 'desktop', 'app.deb'), 'deb');
  writeFileSync(path.join(dir, 'ATTENDEE.md'), '# hi\n');
  let sums = '';
  for (const f of ['ATTENDEE.md', 'broker.zip', 'broker.zip.sha512', 'desktop/app.deb']) sums += checksumLine(await sha512Of(path.join(dir, f)), f);
  writeFileSync(path.join(dir, 'SHA512SUMS'), sums);
  return dir;
}

describe('kit checksums', () => {
  it('reads coreutils lines, binary marks included, and keeps what is not one', () => {
    const hex = 'a'.repeat(128);
    expect(parseChecksums(`${hex}  x.zip\n${hex.toUpperCase()} *y.zip\n\nnonsense\n`)).toEqual({
      entries: [
        { hex, name: 'x.zip' },
        { hex, name: 'y.zip' },
      ],
      bad: ['nonsense'],
    });
  });

  it('passes an untouched kit and fails naming the file when one byte of the zip changes', async () => {
    const dir = await handMadeKit();
    const good = await verifyKit(dir);
    expect(good.ok).toBe(true);
    expect(good.checks).toHaveLength(5);
    expect(verificationReport(good, dir)).toContain('every checksum matches');

    const zip = path.join(dir, 'broker.zip');
    const bytes = readFileSync(zip);
    bytes[2000] = bytes[2000]! ^ 1;
    writeFileSync(zip, bytes);
    const bad = await verifyKit(dir);
    expect(bad.ok).toBe(false);
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.file)).toEqual(['broker.zip', 'broker.zip']);
    expect(verificationReport(bad, dir)).toMatch(/FAILED {2}broker\.zip: changed/);
  });

  it('names a missing file, a folder that is no kit, and files nothing vouches for', async () => {
    const dir = await handMadeKit();
    rmSync(path.join(dir, 'desktop', 'app.deb'));
    writeFileSync(path.join(dir, 'extra.txt'), 'x');
    const v = await verifyKit(dir);
    expect(v.checks.find((c) => !c.ok)).toMatchObject({ file: 'desktop/app.deb', problem: expect.stringContaining('missing') });
    expect(v.unlisted).toEqual(['extra.txt']);
    rmSync(path.join(dir, 'SHA512SUMS'));
    expect((await verifyKit(dir)).checks[0]).toMatchObject({ file: 'SHA512SUMS', ok: false });
  });
});

describe('ATTENDEE.md', () => {
  const guide = attendeeGuide({ version: '1.2.3', tarball: 'amq-ha-lab-1.2.3.tgz', zips: ['apache-artemis-2.44.0-bin.zip'], installers: [], installersWhyNot: 'electron-builder stopped: getaddrinfo ENOTFOUND github.com' });

  it('has one page per OS, each with its exact Java 17 line to paste', () => {
    const pages = guide.split('\n---\n');
    expect(pages).toHaveLength(5);
    expect(pages[1]).toContain('\nbrew install --cask temurin@17\n');
    expect(pages[2]).toContain('\nwinget install EclipseAdoptium.Temurin.17.JDK\n');
    expect(pages[3]).toContain('\nsudo dnf install java-17-openjdk-headless\n');
    expect(pages[4]).toContain('\nsudo apt install openjdk-17-jre-headless\n');
    for (const page of pages.slice(1)) {
      expect(page).toMatch(/npm install -g (--prefix ~\/\.local )?\.[/\\]amq-ha-lab-1\.2\.3\.tgz --offline/);
      expect(page).toContain('apache-artemis-2.44.0-bin.zip');
      expect(page).toContain('amq-ha-lab serve');
      expect(page).toContain('What you see first');
    }
  });

  it('says in one line why there are no desktop installers', () => {
    expect(guide).toContain('No desktop installers in this kit: electron-builder stopped: getaddrinfo ENOTFOUND github.com. The app runs in your browser');
  });
});

describe("electron-builder's failure line", () => {
  it('takes its ⨯ line without the task and stack', () => {
    const out = '  • packaging       platform=linux\n  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo\n    at x';
    expect(builderFailure(out)).toBe('getaddrinfo ENOTFOUND github.com');
    expect(builderFailure('something\nlast words\n')).toBe('last words');
  });
});
