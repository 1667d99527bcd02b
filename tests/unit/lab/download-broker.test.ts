// The newcomer's download from Apache's archive, against an archive served on loopback: the
// published SHA-512 decides whether the zip is put in place, progress reaches the bar, and a
// failure leaves nothing half-written and says exactly which file to put where.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadBroker, parseSha512File } from '../../../electron/lab/distribution/download-broker.js';
import { LabError } from '../../../electron/lab/lab-error.js';

const VERSION = '2.99.0';
const NAME = `apache-artemis-${VERSION}-bin.zip`;
const body = randomBytes(300_000);
const sha = createHash('sha512').update(body).digest('hex');
let installs: string;
let server: http.Server;
let base: string;
let shaFile: string;

beforeEach(async () => {
  installs = fs.mkdtempSync(path.join(os.tmpdir(), 'b-download-'));
  shaFile = `${sha}  ${NAME}\n`;
  server = http.createServer((req, res) => {
    if (req.url === `/${VERSION}/${NAME}`) {
      res.writeHead(200, { 'content-length': body.length });
      // In pieces, as a real download arrives.
      for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.subarray(i, i + 64 * 1024));
      res.end();
    } else if (req.url === `/${VERSION}/${NAME}.sha512`) {
      res.end(shaFile);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(installs, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<LabError> {
  const error = await p.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe('download from the Apache archive', () => {
  it('puts the zip in place once its SHA-512 matches, with progress up to 100 %', async () => {
    const progress: number[] = [];
    const result = await downloadBroker({ installsDir: installs, version: VERSION, via: 'apache', apacheBase: base, onProgress: (p) => p.progress !== null && progress.push(p.progress) });
    expect(result).toEqual({ path: path.join(installs, NAME), via: 'apache', version: VERSION });
    expect(fs.readFileSync(result.path).equals(body)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(fs.readdirSync(installs)).toEqual([NAME]);
  });

  it('refuses a zip that does not match its published hash, and keeps nothing of it', async () => {
    shaFile = `${'0'.repeat(128)}  ${NAME}\n`;
    const error = await failure(downloadBroker({ installsDir: installs, version: VERSION, via: 'apache', apacheBase: base }));
    expect(error.code).toBe('BAD_ZIP');
    expect(error.message).toContain('does not match its published SHA-512');
    expect(fs.readdirSync(installs)).toEqual([]);
  });

  it('a version the archive does not have says so', async () => {
    const error = await failure(downloadBroker({ installsDir: installs, version: '2.98.0', via: 'apache', apacheBase: base }));
    expect(error.message).toContain('Apache Artemis 2.98.0 is not on');
  });

  it('offline: says which file to put where', async () => {
    await new Promise((r) => server.close(r));
    const error = await failure(downloadBroker({ installsDir: installs, version: VERSION, via: 'apache', apacheBase: base }));
    expect(error.code).toBe('NO_ZIP');
    expect(error.message).toContain('cannot be reached');
    expect(error.hint).toContain(`Put ${NAME}`);
    expect(error.hint).toContain(installs);
    server = http.createServer();
  });

  it('a zip already there is used as it is, without the network', async () => {
    fs.writeFileSync(path.join(installs, NAME), 'mine');
    const result = await downloadBroker({ installsDir: installs, version: VERSION, via: 'apache', apacheBase: 'http://127.0.0.1:9' });
    expect(result.via).toBe('present');
    expect(fs.readFileSync(result.path, 'utf8')).toBe('mine');
  });
});

describe('parseSha512File', () => {
  it('reads sha512sum and gpg --print-md layouts', () => {
    expect(parseSha512File(`${sha}  ${NAME}\n`)).toBe(sha);
    expect(parseSha512File(`${sha.toUpperCase()}\n`)).toBe(sha);
    const gpg = `${NAME}: ${sha.toUpperCase().match(/.{1,8}/g)!.join(' ').replace(/(.{72})/, '$1\n                  ')}\n`;
    expect(parseSha512File(gpg)).toBe(sha);
    expect(parseSha512File('not a hash')).toBeNull();
  });
});
