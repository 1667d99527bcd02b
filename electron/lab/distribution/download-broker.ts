// A newcomer with no zip: fetch Apache Artemis into installs/. Through Maven where it is installed
// (Maven Central; Maven checks the published checksum itself with -C), else from the Apache
// project's own archive over HTTPS, with a progress bar and the published SHA-512 checked before
// the zip is put in place. Offline, it says exactly which file to put where.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LabError, tailLines } from '../lab-error.js';
import { DEFAULT_ARTEMIS_VERSION } from '../../../shared/artemis-version.js';

export { DEFAULT_ARTEMIS_VERSION };
export const APACHE_ARCHIVE = 'https://archive.apache.org/dist/activemq/activemq-artemis';
export const ARTEMIS_DOWNLOAD_PAGE = 'https://activemq.apache.org/components/artemis/download/';

export type DownloadVia = 'present' | 'maven' | 'apache';

export interface DownloadOptions {
  installsDir: string;
  version?: string;
  /** Default: Maven when `mvn` runs, else the Apache archive. */
  via?: 'auto' | 'maven' | 'apache';
  /** The Apache archive's base URL (tests serve one on loopback). */
  apacheBase?: string;
  onProgress?: (p: { message: string; progress: number | null }) => void;
}

export interface DownloadResult {
  path: string;
  via: DownloadVia;
  version: string;
}

export function artemisZipName(version: string): string {
  return `apache-artemis-${version}-bin.zip`;
}

function checkVersion(version: string): void {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new LabError('BAD_REQUEST', `"${version}" is not an Artemis version like ${DEFAULT_ARTEMIS_VERSION}.`, 'Give a version as x.y.z (the list is on the Artemis download page).');
  }
}

function offlineError(installsDir: string, version: string, why: string): LabError {
  return new LabError(
    'NO_ZIP',
    `Could not download Apache Artemis ${version}: ${why}.`,
    `Offline? Put ${artemisZipName(version)} (from ${ARTEMIS_DOWNLOAD_PAGE}) or your AMQ zip (amq-broker-7.x.y-bin.zip from the Red Hat Customer Portal) into ${installsDir}, then run setup again.`,
  );
}

/** The hash in a `.sha512` file: `<hex>  <file>`, `<hex>`, or gpg's `<file>: AB12 CD34 …` over lines. */
export function parseSha512File(text: string): string | null {
  const leading = /^\s*([0-9a-f]{128})(?:\s|$)/i.exec(text);
  if (leading) return leading[1]!.toLowerCase();
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const hex = text.slice(colon + 1).replace(/\s+/g, '');
    if (/^[0-9a-f]{128}$/i.test(hex)) return hex.toLowerCase();
  }
  return null;
}

async function mavenWorks(): Promise<boolean> {
  const result = await execa(process.platform === 'win32' ? 'mvn.cmd' : 'mvn', ['-v'], { reject: false, timeout: 30_000, windowsHide: true });
  return result.exitCode === 0;
}

async function viaMaven(installsDir: string, version: string, onProgress: DownloadOptions['onProgress']): Promise<void> {
  const artifact = `org.apache.activemq:apache-artemis:${version}:zip:bin`;
  onProgress?.({ message: `Downloading ${artifact} through Maven…`, progress: null });
  const result = await execa(
    process.platform === 'win32' ? 'mvn.cmd' : 'mvn',
    // -C: fail on a checksum mismatch instead of warning.
    ['-B', '-C', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${installsDir}`],
    { all: true, reject: false, timeout: 30 * 60_000, windowsHide: true, cwd: installsDir },
  );
  if (result.exitCode !== 0 || !fs.existsSync(path.join(installsDir, artemisZipName(version)))) {
    throw new LabError('COMMAND_FAILED', `Maven could not fetch ${artifact} (exit ${result.exitCode}).`, 'Check the version exists on Maven Central and the network is there.', tailLines(result.all ?? ''));
  }
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function viaApache(installsDir: string, version: string, base: string, onProgress: DownloadOptions['onProgress']): Promise<void> {
  const name = artemisZipName(version);
  const url = `${base}/${version}/${name}`;
  let expected: string | null;
  let response: Response;
  try {
    expected = parseSha512File(await fetchText(`${url}.sha512`));
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    if (/HTTP 404/.test(String(cause))) throw new LabError('NO_ZIP', `Apache Artemis ${version} is not on ${base}.`, `Check the version on ${ARTEMIS_DOWNLOAD_PAGE}.`);
    throw offlineError(installsDir, version, `${new URL(base).host} cannot be reached (${cause})`);
  }
  if (!expected) throw new LabError('BAD_ZIP', `${url}.sha512 holds no SHA-512 hash.`, `Download ${name} by hand from ${ARTEMIS_DOWNLOAD_PAGE} and check it.`);
  if (!response.ok || !response.body) throw new LabError('NO_ZIP', `${url}: HTTP ${response.status}.`, `Check the version on ${ARTEMIS_DOWNLOAD_PAGE}.`);

  const total = Number(response.headers.get('content-length')) || null;
  const part = path.join(installsDir, `${name}.part`);
  const hash = createHash('sha512');
  const out = fs.createWriteStream(part);
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      onProgress?.({ message: `Downloading ${name}`, progress: total ? Math.min(1, received / total) : null });
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    out.destroy();
    fs.rmSync(part, { force: true });
    throw offlineError(installsDir, version, `the download broke off after ${received} bytes (${error instanceof Error ? error.message : String(error)})`);
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    fs.rmSync(part, { force: true });
    throw new LabError('BAD_ZIP', `${name} does not match its published SHA-512 (got ${actual.slice(0, 16)}…, expected ${expected.slice(0, 16)}…).`, 'Try again; if it keeps failing, download it by hand and check it against the .sha512 file.');
  }
  fs.renameSync(part, path.join(installsDir, name));
}

/** Puts apache-artemis-<version>-bin.zip into installs/ unless it is there already. */
export async function downloadBroker(options: DownloadOptions): Promise<DownloadResult> {
  const version = options.version ?? DEFAULT_ARTEMIS_VERSION;
  checkVersion(version);
  const zip = path.join(options.installsDir, artemisZipName(version));
  if (fs.existsSync(zip) && fs.statSync(zip).size > 0) return { path: zip, via: 'present', version };
  fs.mkdirSync(options.installsDir, { recursive: true });
  const via = options.via ?? 'auto';
  if (via === 'maven' || (via === 'auto' && (await mavenWorks()))) {
    try {
      await viaMaven(options.installsDir, version, options.onProgress);
      return { path: zip, via: 'maven', version };
    } catch (error) {
      if (via === 'maven') throw error;
      // Maven is there but could not reach Central (a proxy, a mirror setting): try Apache's own site.
    }
  }
  await viaApache(options.installsDir, version, options.apacheBase ?? APACHE_ARCHIVE, options.onProgress);
  return { path: zip, via: 'apache', version };
}
