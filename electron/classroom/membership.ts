// The attendee's classroom membership, per user (not per lab dir): which hub, the code, the
// name, the secret row key, a raised hand. Every face reads the same file, so a join made in the
// terminal shows in the app and survives a restart. The agent's status sits beside it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeJsonAtomic } from '../lab/state/atomic-json.js';
import type { PublisherStatus } from './publisher.js';

export interface Membership {
  schema: 1;
  host: string;
  port: number;
  pin: string | null;
  code: string;
  name: string;
  /** 128 random bits: the hub keeps one row per key, and no other attendee can learn it. */
  rowKey: string;
  hand: boolean;
  /** Set by `classroom leave`: the agent says "left" to the hub, then ends. */
  leaving?: boolean;
  joinedAt: string;
  /** The lab the agent publishes (the lab dir the join was made from). */
  labDir: string;
  installsDir: string;
}

export interface AgentStatus {
  pid: number;
  startedAt: string;
  publisher: PublisherStatus;
  /** Set by the agent when it has ended (left, or refused). */
  endedAt: string | null;
}

/** Per user: AMQ_HA_LAB_CONFIG_DIR (tests, several attendees on one machine), else the OS's config place. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AMQ_HA_LAB_CONFIG_DIR) return path.resolve(env.AMQ_HA_LAB_CONFIG_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'amq-ha-lab');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'amq-ha-lab');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'amq-ha-lab');
}

export function membershipPath(dir = userConfigDir()): string {
  return path.join(dir, 'classroom.json');
}

export function agentStatusPath(dir = userConfigDir()): string {
  return path.join(dir, 'classroom-agent.json');
}

/** Held by the running agent for its whole life: the one way two agents never run for one user. */
export function agentLockPath(dir = userConfigDir()): string {
  return path.join(dir, 'classroom-agent.lock');
}

export function agentOutputPath(dir = userConfigDir()): string {
  return path.join(dir, 'classroom-agent.out');
}

export function newRowKey(): string {
  return crypto.randomBytes(16).toString('hex');
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function readMembership(dir = userConfigDir()): Membership | null {
  const m = readJson<Membership>(membershipPath(dir));
  return m?.schema === 1 && typeof m.rowKey === 'string' ? m : null;
}

export function writeMembership(membership: Membership, dir = userConfigDir()): void {
  writeJsonAtomic(membershipPath(dir), membership, 2);
  // The code is the room's, the row key the attendee's own: neither for other users of the machine.
  fs.chmodSync(membershipPath(dir), 0o600);
}

export function removeMembership(dir = userConfigDir()): void {
  fs.rmSync(membershipPath(dir), { force: true });
}

export function readAgentStatus(dir = userConfigDir()): AgentStatus | null {
  return readJson<AgentStatus>(agentStatusPath(dir));
}

export function writeAgentStatus(status: AgentStatus, dir = userConfigDir()): void {
  writeJsonAtomic(agentStatusPath(dir), status, 2);
}
