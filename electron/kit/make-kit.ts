// The organiser's kit: one folder for the workshop's USB stick with the app's tarball, the broker
// zip(s) and their SHA-512 files, desktop installers where electron-builder could make them,
// ATTENDEE.md, verify.mjs and SHA512SUMS over all of it.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findBrokerZips, usableZips } from '../lab/distribution/zip-candidates.js';
import { validateBrokerZip } from '../lab/distribution/zip-validate.js';
import { findAppRoot, type AppRoot } from './app-root.js';
import { attendeeGuide } from './attendee-guide.js';
import { checksumLine, sha512Of } from './checksums.js';
import { buildInstallers, type Installers } from './installers.js';
import { packApp } from './pack.js';
import { SUMS_FILE } from './verify.js';

export interface KitOptions {
  outDir: string;
  zips: string[];
  installers: boolean;
  root?: AppRoot;
  log?: (line: string) => void;
}

export interface KitFile {
  name: string;
  bytes: number;
}

export interface Kit {
  dir: string;
  files: KitFile[];
  totalBytes: number;
  installers: Installers;
}

/** The zips named (each checked to be a broker distribution), else the newest usable one in the installs folder. */
export async function kitZips(named: readonly string[] | undefined, installsDir: string): Promise<string[]> {
  if (named && named.length > 0) {
    for (const zip of named) await validateBrokerZip(path.resolve(zip));
    return named.map((z) => path.resolve(z));
  }
  const newest = usableZips(await findBrokerZips(installsDir))[0];
  if (!newest) throw new Error(`no usable broker zip in ${installsDir}: name one with --zip, or fetch one with amq-ha-lab download`);
  return [newest.path];
}

/** The SHA-512 a download's own checksum file gives (coreutils `<hex>  <name>` or gpg's grouped form), if it has one. */
function publishedSha512(text: string): string | null {
  return /[0-9a-f]{128}/i.exec(text.replace(/^[^:\n]*:/, '').replace(/\s+/g, ''))?.[0]?.toLowerCase() ?? null;
}

async function addZip(zip: string, outDir: string): Promise<void> {
  const info = await stat(zip).catch(() => null);
  if (!info?.isFile()) throw new Error(`${zip}: no such broker zip`);
  const hex = await sha512Of(zip);
  // A zip fetched from Apache comes with its .sha512: a damaged download must not reach the stick.
  const published = await readFile(`${zip}.sha512`, 'utf8').then(publishedSha512, () => null);
  if (published && published !== hex) throw new Error(`${zip} does not match ${zip}.sha512 beside it: fetch it again (amq-ha-lab download)`);
  const name = path.basename(zip);
  await copyFile(zip, path.join(outDir, name));
  await writeFile(path.join(outDir, `${name}.sha512`), checksumLine(hex, name));
}

async function listFiles(dir: string, prefix = ''): Promise<KitFile[]> {
  const out: KitFile[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push({ name: rel, bytes: (await stat(path.join(dir, rel))).size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function makeKit(opts: KitOptions): Promise<Kit> {
  const log = opts.log ?? (() => undefined);
  const root = opts.root ?? findAppRoot();
  const dir = path.resolve(opts.outDir);
  // The single file unpacks only the page: there is no package to pack from it.
  if (!existsSync(path.join(root.dir, 'bin', 'amq-ha-lab.mjs'))) throw new Error('kit packs the npm package: run it from an install of the package or from a checkout, not from the single file');
  if (opts.zips.length === 0) throw new Error('no broker zip for the kit: name one with --zip, or put one in the installs folder (amq-ha-lab download)');
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new Error(`${dir} is not empty: a kit goes into a new or empty folder, so nothing stale rides along`);
  await mkdir(dir, { recursive: true });

  for (const zip of opts.zips) {
    log(`Adding ${path.basename(zip)} and its SHA-512…`);
    await addZip(path.resolve(zip), dir);
  }
  log(root.checkout ? 'Building and packing the app (npm pack)…' : 'Packing the installed app (npm pack)…');
  const tarball = await packApp(root, dir);
  const verifier = path.join(root.dir, 'dist', 'kit', 'verify.mjs');
  if (!existsSync(verifier)) throw new Error(`${verifier} is missing: run npm run build`);
  await copyFile(verifier, path.join(dir, 'verify.mjs'));

  let installers: Installers = { made: [], whyNot: 'not asked for (--no-installers).' };
  if (opts.installers) {
    log('Making the desktop installers (electron-builder)…');
    installers = await buildInstallers(root);
    if (installers.made.length > 0) await mkdir(path.join(dir, 'desktop'), { recursive: true });
    for (const file of installers.made) await copyFile(file, path.join(dir, 'desktop', path.basename(file)));
  }
  await writeFile(
    path.join(dir, 'ATTENDEE.md'),
    attendeeGuide({
      version: root.version,
      tarball: path.basename(tarball),
      zips: opts.zips.map((z) => path.basename(z)),
      installers: installers.made.map((f) => `desktop/${path.basename(f)}`),
      installersWhyNot: installers.whyNot,
    }),
  );

  const files = await listFiles(dir);
  let sums = '';
  for (const f of files) sums += checksumLine(await sha512Of(path.join(dir, f.name)), f.name);
  await writeFile(path.join(dir, SUMS_FILE), sums);
  const all = await listFiles(dir);
  return { dir, files: all, totalBytes: all.reduce((n, f) => n + f.bytes, 0), installers };
}

export function formatBytes(n: number): string {
  return n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`;
}

/** What `kit` prints: each file with its size, the total, and the installers' line. */
export function kitReport(kit: Kit): string {
  const width = Math.max(...kit.files.map((f) => f.name.length));
  const lines = [`Kit written to ${kit.dir}:`, ''];
  for (const f of kit.files) lines.push(`  ${f.name.padEnd(width)}  ${formatBytes(f.bytes).padStart(9)}`);
  lines.push('', `  ${'total'.padEnd(width)}  ${formatBytes(kit.totalBytes).padStart(9)} in ${kit.files.length} files`, '');
  lines.push(kit.installers.whyNot === null ? `Desktop installers: ${kit.installers.made.map((f) => path.basename(f)).join(', ')}.` : `Desktop installers: ${kit.installers.made.length > 0 ? `${kit.installers.made.map((f) => path.basename(f)).join(', ')}; not all: ` : 'none: '}${kit.installers.whyNot}`);
  lines.push(`Check a copy with: amq-ha-lab kit verify <folder>   (or, without the app: node verify.mjs in the folder)`);
  return `${lines.join('\n')}\n`;
}
