// Where the broker distribution (ARTEMIS_HOME) goes when the lab dir has non-ASCII letters.
//
// Measured on 2.44.0 (Jetty 12.1.3, Java 17, Linux): with ARTEMIS_HOME under /tmp/x/ñandú the
// console war fails to deploy with `IllegalArgumentException: Bad escape`. Jetty opens its
// webdefault-ee9.xml through a jar: URI built from the class path, and the broker's class path
// URLs carry the ñ unescaped, which the JDK's UnixUriUtils.fromUri rejects. Moving only web/
// does not help (same error); an ASCII ARTEMIS_HOME does, with the instances left in the
// non-ASCII lab dir. 2.31.2 (Jetty 10) serves its console from such a path; the lab still uses
// one rule for every version, since the whole class path is built from ARTEMIS_HOME.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../lab-error.js';
import { moveAside } from '../state/move-aside.js';

/** Printable ASCII plus the path separators' usual company; spaces are fine (measured). */
export function isAsciiPath(p: string): boolean {
  return /^[\x20-\x7e]*$/.test(p);
}

/** Whether setup must unpack the distribution outside the lab dir. */
export function needsAsciiHome(labDir: string): boolean {
  return !isAsciiPath(labDir);
}

export interface HostPlaces {
  platform: NodeJS.Platform;
  homedir: string;
  env: Record<string, string | undefined>;
  uid: number;
}

export function currentHostPlaces(): HostPlaces {
  return { platform: process.platform, homedir: os.homedir(), env: process.env, uid: typeof process.getuid === 'function' ? process.getuid() : -1 };
}

/** Overrides the candidates below (tests, or an organiser who wants the homes elsewhere). */
export const ASCII_BASE_ENV = 'AMQ_HA_LAB_ASCII_BASE';

/**
 * Folders that may hold ASCII homes, best first; only ASCII ones are returned. The user's own
 * home comes first (no other user involved). A home like C:\Users\José or /Users/Zoë is itself
 * non-ASCII, and so is os.tmpdir() under it on Windows and macOS: then a machine-wide folder
 * that every user may create folders in, %ProgramData% (C:\ProgramData, never localized) or
 * the system drive's root on Windows, /Users/Shared on macOS, /var/tmp (survives reboots,
 * unlike /tmp) on Linux.
 */
export function asciiBaseCandidates(host: HostPlaces): string[] {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const list: string[] = [];
  const override = host.env[ASCII_BASE_ENV];
  if (override) list.push(p.resolve(override));
  if (host.homedir) list.push(p.join(host.homedir, '.amq-ha-lab'));
  if (host.platform === 'win32') {
    const programData = host.env.ProgramData ?? host.env.PROGRAMDATA ?? host.env.ALLUSERSPROFILE;
    if (programData) list.push(p.join(programData, 'amq-ha-lab'));
    list.push(`${host.env.SystemDrive ?? 'C:'}\\amq-ha-lab`);
  } else if (host.platform === 'darwin') {
    list.push(`/Users/Shared/amq-ha-lab-${host.uid}`);
  } else {
    list.push(`/var/tmp/amq-ha-lab-${host.uid}`);
  }
  return [...new Set(list)].filter(isAsciiPath);
}

/** `nandu-1a2b3c4d`: readable after the lab dir's name, unique per lab dir. */
export function asciiHomeFolderName(labDir: string): string {
  const base = labDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  const slug =
    base
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 24) || 'lab';
  const hash = createHash('sha256').update(labDir).digest('hex').slice(0, 8);
  return `${slug}-${hash}`;
}

/** The first candidate that can be created and written to. */
export async function chooseAsciiBase(candidates: readonly string[]): Promise<string> {
  const tried: string[] = [];
  for (const dir of candidates) {
    try {
      await fs.mkdir(dir, { recursive: true });
      const probe = path.join(dir, `.write-test-${process.pid}`);
      await fs.writeFile(probe, '');
      await fs.rm(probe);
      return dir;
    } catch (error) {
      tried.push(`${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  throw new LabError(
    'LAB_NOT_WRITABLE',
    `The lab path has non-ASCII letters, and no ASCII folder for the broker could be created${tried.length ? `: tried ${tried.join(', ')}` : ''}.`,
    `Set ${ASCII_BASE_ENV} to a writable folder with a plain ASCII path, or use a plain --lab-dir such as ${process.platform === 'win32' ? 'C:\\amq-lab' : '/tmp/amq-lab'}.`,
  );
}

/** In the lab dir: the absolute path of the ASCII home, one line, written before unpacking. */
export const HOME_POINTER = 'artemis-home.txt';

export async function writeHomePointer(labDir: string, home: string): Promise<void> {
  await fs.writeFile(path.join(labDir, HOME_POINTER), `${home}\n`, 'utf8');
}

export async function readHomePointer(labDir: string): Promise<string | null> {
  const text = await fs.readFile(path.join(labDir, HOME_POINTER), 'utf8').catch(() => null);
  const line = text?.split(/\r?\n/)[0]?.trim();
  return line ? line : null;
}

/** Whether `home` sits outside `labDir` (so moving the lab dir aside leaves it behind). */
export function isOutside(labDir: string, home: string): boolean {
  const rel = path.relative(labDir, home);
  return rel.startsWith('..') || path.isAbsolute(rel);
}

/**
 * A distribution unpacked outside the lab dir goes aside with its lab (reset, setup --force):
 * nothing is deleted, and a new setup of the same lab dir finds its place free.
 */
export async function moveExternalHomeAside(labDir: string, home: string | null): Promise<string | null> {
  if (!home || !isOutside(labDir, home)) return null;
  const exists = await fs.access(home).then(() => true, () => false);
  return exists ? moveAside(home) : null;
}
