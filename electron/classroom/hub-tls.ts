// The hub's TLS: a self-signed certificate made with the JDK's own keytool (every machine that
// runs a broker has it), and the short pin of its SHA-256 fingerprint that travels in the join
// line, so an attendee's lab talks to this hub and no other before it sends the join code.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LabError, tailLines } from '../lab/lab-error.js';

/** Hex characters of the fingerprint in the join line: 80 bits, beyond any forgery in a workshop's day. */
export const PIN_LENGTH = 20;

export function keytoolPath(javaHome: string | null): string {
  const exe = process.platform === 'win32' ? 'keytool.exe' : 'keytool';
  return javaHome ? path.join(javaHome, 'bin', exe) : exe;
}

/** The certificate's SHA-256 fingerprint as lower-case hex (no colons). */
export function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();
}

/** The join line's pin: the fingerprint's first PIN_LENGTH hex characters. */
export function pinOf(fingerprint: string): string {
  return fingerprint.slice(0, PIN_LENGTH);
}

/** Whether a certificate (DER, as Node's TLS socket gives it) matches the pin. */
export function certMatchesPin(der: Buffer, pin: string): boolean {
  const hex = crypto.createHash('sha256').update(der).digest('hex');
  return pin.length >= 16 && hex.startsWith(pin.toLowerCase());
}

/**
 * Creates the PKCS12 keystore with a self-signed RSA certificate naming the bind address, and
 * returns its PEM. The certificate lives as long as the hub dir; a new hub gets a new one.
 */
export async function makeHubKeystore(opts: { keystore: string; password: string; bind: string; javaHome: string | null }): Promise<string> {
  fs.mkdirSync(path.dirname(opts.keystore), { recursive: true });
  const keytool = keytoolPath(opts.javaHome);
  const san = /^[\d.]+$|:/.test(opts.bind) ? `ip:${opts.bind}` : `dns:${opts.bind}`;
  const common = ['-keystore', opts.keystore, '-storetype', 'PKCS12', '-storepass', opts.password, '-alias', 'hub'];
  const made = await execa(keytool, ['-genkeypair', ...common, '-keypass', opts.password, '-keyalg', 'RSA', '-keysize', '2048', '-validity', '825', '-dname', 'CN=AMQ HA Lab classroom hub', '-ext', `SAN=${san}`], {
    reject: false,
    all: true,
    timeout: 60_000,
  });
  if (made.exitCode !== 0) {
    throw new LabError('COMMAND_FAILED', `keytool could not make the hub's certificate (exit ${made.exitCode ?? 'none'}).`, 'Check the JDK (`amq-ha-lab doctor`); keytool ships with it.', tailLines(made.all ?? ''));
  }
  const exported = await execa(keytool, ['-exportcert', '-rfc', ...common], { reject: false, all: true, timeout: 60_000 });
  if (exported.exitCode !== 0) {
    throw new LabError('COMMAND_FAILED', "keytool could not read the hub's certificate back.", 'Check the JDK (`amq-ha-lab doctor`).', tailLines(exported.all ?? ''));
  }
  return exported.stdout.trim();
}
