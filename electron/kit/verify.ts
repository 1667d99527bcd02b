// Checks a kit against its checksums: every file SHA512SUMS names, and each zip's own .sha512.
// Plain Node only: the build also turns this into the kit's standalone verify.mjs, for a machine
// where the app is not installed yet.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseChecksums, sha512Of } from './checksums.js';

export const SUMS_FILE = 'SHA512SUMS';

export interface KitCheck {
  file: string;
  ok: boolean;
  /** Why it failed: changed, missing, or a line that is not a checksum. */
  problem?: string;
}

export interface KitVerification {
  ok: boolean;
  checks: KitCheck[];
  /** Files in the kit no checksum names (nothing vouches for them). */
  unlisted: string[];
}

async function checkFile(dir: string, name: string, hex: string, from: string): Promise<KitCheck> {
  const file = path.join(dir, name);
  const actual = await sha512Of(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  if (actual === null) return { file: name, ok: false, problem: `missing (${from} names it)` };
  return actual === hex ? { file: name, ok: true } : { file: name, ok: false, problem: `changed: its SHA-512 is not the one ${from} gives` };
}

async function filesIn(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesIn(dir, rel)));
    else out.push(rel);
  }
  return out;
}

export async function verifyKit(dir: string): Promise<KitVerification> {
  const sums = await readFile(path.join(dir, SUMS_FILE), 'utf8').catch(() => null);
  if (sums === null) return { ok: false, checks: [{ file: SUMS_FILE, ok: false, problem: 'missing: this folder is not a kit, or its checksum list is gone' }], unlisted: [] };
  const checks: KitCheck[] = [];
  const listed = new Set<string>([SUMS_FILE]);
  const { entries, bad } = parseChecksums(sums);
  for (const line of bad) checks.push({ file: SUMS_FILE, ok: false, problem: `a line that is not "<sha512>  <file>": ${line.slice(0, 80)}` });
  for (const { name, hex } of entries) {
    listed.add(name);
    checks.push(await checkFile(dir, name, hex, SUMS_FILE));
  }
  const all = await filesIn(dir);
  // Each zip's own checksum file, as Apache publishes one beside each download.
  for (const own of all.filter((f) => f.endsWith('.sha512'))) {
    const parsed = parseChecksums(await readFile(path.join(dir, own), 'utf8'));
    const entry = parsed.entries[0];
    if (!entry || parsed.bad.length > 0) checks.push({ file: own, ok: false, problem: 'not a "<sha512>  <file>" line' });
    else checks.push(await checkFile(dir, path.posix.join(path.posix.dirname(own), entry.name), entry.hex, own));
  }
  const unlisted = all.filter((f) => !listed.has(f));
  return { ok: checks.every((c) => c.ok), checks, unlisted };
}

/** What verify prints: one line per failure, naming the file, then the verdict. */
export function verificationReport(v: KitVerification, dir: string): string {
  const lines = v.checks.filter((c) => !c.ok).map((c) => `FAILED  ${c.file}: ${c.problem}`);
  for (const f of v.unlisted) lines.push(`note    ${f}: no checksum names it (added after the kit was made?)`);
  const files = new Set(v.checks.filter((c) => c.ok).map((c) => c.file)).size;
  lines.push(v.ok ? `Kit ${dir}: every checksum matches (${v.checks.length} checks, ${files} files).` : `Kit ${dir}: ${v.checks.filter((c) => !c.ok).length} of ${v.checks.length} checks FAILED; copy the kit again.`);
  return `${lines.join('\n')}\n`;
}
