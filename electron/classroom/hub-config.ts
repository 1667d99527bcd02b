// The hub dir and its hub.json: what `classroom host` decided once (address, ports, join code,
// the instructor's login, the certificate's fingerprint). It holds secrets, so it is written for
// the instructor's user only; attendees learn the code and pin from the join line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabConfig } from '../../shared/lab-state.js';
import { writeJsonAtomic } from '../lab/state/atomic-json.js';
import type { SupervisorContext } from '../lab/processes/supervisor.js';
import { pinOf } from './hub-tls.js';

export const HUB_BROKER = 'hub';
export const DEFAULT_HUB_PORT = 5673;
export const DEFAULT_HUB_CONSOLE_PORT = 8169;
export const HUB_HEAP_MB = 256;
export const INSTRUCTOR_USER = 'instructor';
export const ATTENDEE_USER = 'attendee';

export interface HubConfig {
  schema: 1;
  title: string;
  bind: string;
  port: number;
  consolePort: number;
  code: string;
  instructorPassword: string;
  tls: { keystore: string; password: string; fingerprint: string } | null;
  broker: { version: string; label: string; home: string; zip: string };
  javaHome: string | null;
  /** The instance dir (etc/broker.xml, data/, log/). */
  dir: string;
  createdAt: string;
}

/** The hub sits beside the lab dir (`target` → `classroom-hub`), its own dir, not part of any lab. */
export function defaultHubDir(labDir: string): string {
  return path.join(path.dirname(path.resolve(labDir)), 'classroom-hub');
}

/** The hub dir of a hub's config: its instance sits right in it. */
export function hubDirOf(config: Pick<HubConfig, 'dir'>): string {
  return path.dirname(config.dir);
}

export function hubJsonPath(hubDir: string): string {
  return path.join(hubDir, 'hub.json');
}

export function readHubConfig(hubDir: string): HubConfig | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(hubJsonPath(hubDir), 'utf8')) as HubConfig;
    return parsed.schema === 1 && typeof parsed.dir === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export function writeHubConfig(hubDir: string, config: HubConfig): void {
  writeJsonAtomic(hubJsonPath(hubDir), config, 2);
  fs.chmodSync(hubJsonPath(hubDir), 0o600);
}

// No 0/O, 1/I/L: read aloud and typed from a projector.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A join code like 7QF-K2M: 30 bits, typed once by each attendee. */
export function newJoinCode(): string {
  const pick = () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]!;
  return `${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}

export function newSecret(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/** The room's LAN address: the first non-internal IPv4 address, else loopback (a laptop with no network). */
export function defaultBindAddress(interfaces = os.networkInterfaces()): string {
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export function joinLine(config: HubConfig): string {
  const host = config.bind.includes(':') ? `[${config.bind}]` : config.bind;
  return `amq-ha-lab classroom join ${host}:${config.port} --code ${config.code}${config.tls ? ` --pin ${pinOf(config.tls.fingerprint)}` : ''}`;
}

/** The hub as the lab's supervisor sees a lab of one broker, so starting, adopting and stopping it are the lab's own functions. */
export function hubSupervisorContext(hubDir: string, config: HubConfig): SupervisorContext {
  const lab: LabConfig = {
    schema: 1,
    lab: 'classroom-hub',
    broker: { ...config.broker, dialect: 'primary-backup' },
    javaHome: config.javaHome,
    user: INSTRUCTOR_USER,
    password: config.instructorPassword,
    clusterUser: '',
    clusterPassword: '',
    heapMb: HUB_HEAP_MB,
    journal: 'nio',
    brokers: { [HUB_BROKER]: { instance: HUB_BROKER, dir: config.dir, portOffset: 0, acceptorPort: config.port, consolePort: config.consolePort } },
    createdAt: config.createdAt,
  };
  return { labDir: hubDir, config: lab };
}
