// "Do it for me" on the unpack step while "Download Apache Artemis" still runs: setup waits for
// the zip being downloaded instead of failing with "No broker zip", and when the download fails
// it is that failure (why, and what to do instead) the step reports.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadsUnderWay } from '../../../electron/lab/distribution/download-under-way.js';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { rawZip } from './zip-builder.js';

const VERSION = '2.99.0';
const NAME = `apache-artemis-${VERSION}-bin.zip`;
// A zip named as a broker with no broker inside: setup finds it, and refuses it for what it is.
const body = rawZip([{ name: `apache-artemis-${VERSION}/README.txt`, data: 'not a broker' }]);

let root: string;
let server: http.Server;
let lab: Lab;
let shaOf: Buffer;
/** The zip's first bytes go out at once; the rest waits for this. */
let release: () => void;
/** Downloads a test started, settled before its dirs go. */
let downloads: Promise<unknown>[];

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'b-wait-download-'));
  shaOf = body;
  downloads = [];
  const released = new Promise<void>((r) => (release = r));
  server = http.createServer((req, res) => {
    if (req.url === `/${VERSION}/${NAME}.sha512`) {
      res.end(`${createHash('sha512').update(shaOf).digest('hex')}  ${NAME}\n`);
    } else if (req.url === `/${VERSION}/${NAME}`) {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 10));
      void released.then(() => res.end(body.subarray(10)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apacheBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  lab = await createLab({ labDir: path.join(root, 'lab'), installsDir: path.join(root, 'installs'), download: { via: 'apache', apacheBase } });
});

afterEach(async () => {
  release();
  await Promise.allSettled(downloads);
  await lab.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

/** Starts the download and waits until it is under way (its progress is the lab's task). */
async function startDownload(): Promise<{ outcome: Promise<unknown> }> {
  const outcome = lab.request('broker.download', { version: VERSION }).catch((e: unknown) => e);
  downloads.push(outcome);
  await expect.poll(() => lab.snapshot().task?.name).toBe('download');
  return { outcome };
}

/** Whether `p` is still pending after `ms`: a setup that does not wait fails within milliseconds (nothing in installs/). */
async function stillPending(p: Promise<unknown>, ms = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const pending = await Promise.race([p.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ms)))]);
  clearTimeout(timer);
  return pending;
}

describe('a setup started while the broker download runs', () => {
  it('waits for the zip, then takes it (no "No broker zip")', async () => {
    const download = await startDownload();
    const setup = lab.request('lab.setup', {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(await stillPending(setup)).toBe(true);
    expect(fs.existsSync(path.join(root, 'installs', NAME))).toBe(false);
    release();
    expect(((await download.outcome) as { zips: { fileName: string }[] }).zips.map((z) => z.fileName)).toContain(NAME);
    const error = await setup;
    // It got as far as the downloaded zip: refused for holding no broker, not for being absent.
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('NOT_A_BROKER');
  });

  it('on the unpack step reports the download’s own failure when the download fails', async () => {
    shaOf = Buffer.from('something else');
    const download = await startDownload();
    const step = lab.request('step.run', { id: 'unpack' });
    expect(await stillPending(step)).toBe(true);

    release();
    expect(((await download.outcome) as LabError).code).toBe('BAD_ZIP');
    const state = await step;
    expect(state.status).toBe('failed');
    expect(state.detail).toContain('does not match its published SHA-512');
    expect(state.detail).not.toContain('No broker zip');
  });
});

describe('downloads under way', () => {
  it('joins a second download of the same version, and gives up waiting after its bound', async () => {
    const underWay = new DownloadsUnderWay();
    let finish!: () => void;
    let runs = 0;
    const work = () => {
      runs += 1;
      return new Promise<{ path: string; via: 'apache'; version: string }>((r) => (finish = () => r({ path: NAME, via: 'apache', version: VERSION })));
    };
    const first = underWay.run(VERSION, work);
    const second = underWay.run(VERSION, work);
    expect(runs).toBe(1);
    const waited = await underWay.finished(50).catch((e: unknown) => e);
    expect((waited as LabError).code).toBe('TIMEOUT');
    finish();
    expect(await second).toEqual(await first);
    expect(await underWay.finished(50)).toBeNull();
    expect(underWay.active).toBe(false);
  });
});
