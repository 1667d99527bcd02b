// Masks credentials in files that leave the attendee's machine (the instructor's diagnostics zip).
// Three shapes hold them in a lab: JSON keys, broker.xml elements, and `key=value` lines; and a
// password can turn up anywhere else (a log line, a command), so known values are masked too.

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
