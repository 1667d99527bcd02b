// Masks credentials in files that leave the attendee's machine (the instructor's diagnostics zip).
// Three shapes hold them in a lab: JSON keys, broker.xml elements, and `key=value` lines; and a
// password can turn up anywhere else (a log line, a command), so known values are masked too.
// Private folders (home, lab dir, installs) are replaced by a short word where a zip or a
// classroom event must not show them.
import os from 'node:os';

export const MASK = '********';

const SECRET_KEY = /password|secret|token/i;

function maskValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValues);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null && typeof v !== 'object' ? MASK : maskValues(v)]),
    );
  }
  return value;
}

/** JSON with every secret-named key's value masked; text that is not JSON goes through maskText. */
export function maskJson(text: string): string {
  try {
    return `${JSON.stringify(maskValues(JSON.parse(text)), null, 2)}\n`;
  } catch {
    return maskText(text);
  }
}

/**
 * Any text: `<password>…</password>`-like elements and attributes, `password=…` / `password: …`
 * lines and command options (`--password x`, `--cluster-password x`).
 */
export function maskText(text: string): string {
  return text
    .replace(/<([\w-]*password[\w-]*)>([^<]*)<\/\1>/gi, (_m, tag: string) => `<${tag}>${MASK}</${tag}>`)
    .replace(/([\w-]*password[\w-]*\s*=\s*")([^"]*)(")/gi, `$1${MASK}$3`)
    .replace(/^(\s*[\w.-]*(?:password|secret)[\w.-]*\s*[=:]\s*)(\S.*)$/gim, `$1${MASK}`)
    .replace(/(--[\w-]*password[\w-]*[ =])("[^"]*"|\S+)/gi, `$1${MASK}`);
}

/**
 * Masks each known secret value wherever it stands. Values shorter than 4 characters, or equal to
 * a user name (`admin`/`admin`), would mask ordinary words, so those rely on the shapes above.
 */
export function maskKnownValues(text: string, secrets: readonly string[], notSecret: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4 || notSecret.includes(secret)) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}

/** A folder whose path never leaves the machine, and the word that stands for it. */
export interface PrivatePath {
  path: string;
  as: string;
}

/** The folders the classroom never shows: the lab dir, the installs dir, the home dir. */
export function privatePathsOf(labDir: string, installsDir: string, home: string = os.homedir()): PrivatePath[] {
  return [
    { path: labDir, as: '<lab>' },
    { path: installsDir, as: '<installs>' },
    { path: home, as: '~' },
  ];
}

/** Replaces each private folder wherever it stands, as written and as JSON writes it (Windows' backslashes doubled). */
export function maskPaths(text: string, privatePaths: readonly PrivatePath[]): string {
  let out = text;
  // Longest first: the lab dir usually sits inside the home dir.
  for (const p of [...privatePaths].sort((a, b) => b.path.length - a.path.length)) {
    if (p.path.length <= 1) continue;
    out = out.split(p.path).join(p.as);
    const escaped = JSON.stringify(p.path).slice(1, -1);
    if (escaped !== p.path) out = out.split(escaped).join(p.as);
  }
  return out;
}
