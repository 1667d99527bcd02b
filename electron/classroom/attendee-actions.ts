// What an attendee does with a classroom, the same for every face (the CLI's `classroom join /
// leave / hand`, the app's dialog and pill): one attempt to join, the membership remembered per
// user, the agent started or stopped.
import os from 'node:os';
import { LabError } from '../lab/lab-error.js';
import { ensureAgent, runningAgent, stopAgent } from './agent.js';
import { answerAsk, forgetAsk, pendingAskView, readSavedAsk } from './attendee-ask.js';
import { ATTENDEE_USER } from './hub-config.js';
import { HubConnectError, openHubConnection, parseHubAddress } from './hub-connection.js';
import { newRowKey, readAgentStatus, readMembership, removeMembership, userConfigDir, writeMembership } from './membership.js';
import type { MembershipView } from '../../shared/classroom-contract.js';
import type { PendingAsk } from '../../shared/classroom-ask.js';

const JOIN_CONFIRM_MS = 10_000;

export interface JoinRequest {
  hub: string;
  code: string;
  pin?: string | null;
  name?: string | null;
  labDir: string;
  installsDir: string;
}

/** The membership as a face may show it: no code, no row key. */
export async function membershipView(dir = userConfigDir()): Promise<MembershipView | null> {
  const m = readMembership(dir);
  if (!m) return null;
  const status = readAgentStatus(dir);
  const running = !!(await runningAgent(dir));
  return {
    host: m.host,
    port: m.port,
    name: m.name,
    hand: m.hand,
    state: !status ? 'not started' : running ? status.publisher.state : status.publisher.state === 'refused' ? 'refused' : 'not started',
    reason: status?.publisher.reason ?? null,
    lastAcceptedAt: status?.publisher.lastAcceptedAt ?? null,
    ask: pendingAskView(readSavedAsk(dir, m.rowKey)),
  };
}

/**
 * One attempt with the code (a wrong one is HubConnectError 'refused-code', never retried), then
 * the membership written and the agent started; waits a bounded while for the hub to take the
 * first state. Returns whether it did.
 */
export async function joinClassroom(request: JoinRequest, dir = userConfigDir()): Promise<{ name: string; host: string; port: number; accepted: boolean }> {
  const address = parseHubAddress(request.hub);
  if (!address) throw new LabError('BAD_REQUEST', `"${request.hub}" is not HOST:PORT.`, 'Type the line the instructor shows, e.g. `amq-ha-lab classroom join 192.168.1.20:5673 --code 7QF-K2M --pin …`.');
  const pin = request.pin?.toLowerCase() ?? null;
  if (pin !== null && !/^[0-9a-f]{16,64}$/.test(pin)) throw new LabError('BAD_REQUEST', `The pin "${request.pin}" is not the hex pin of the join line.`);
  const connection = await openHubConnection({ ...address, pin }, ATTENDEE_USER, request.code, 'join');
  connection.close();
  const before = readMembership(dir);
  if (before) {
    writeMembership({ ...before, leaving: true }, dir);
    await stopAgent(dir);
  }
  const name = (request.name ?? os.userInfo().username).trim().slice(0, 64) || 'attendee';
  const sameHub = before && before.host === address.host && before.port === address.port;
  writeMembership(
    {
      schema: 1,
      host: address.host,
      port: address.port,
      pin,
      code: request.code,
      name,
      rowKey: sameHub ? before.rowKey : newRowKey(),
      hand: false,
      joinedAt: new Date().toISOString(),
      labDir: request.labDir,
      installsDir: request.installsDir,
    },
    dir,
  );
  const started = Date.now();
  await ensureAgent(dir);
  while (Date.now() - started < JOIN_CONFIRM_MS && !readAgentStatus(dir)?.publisher.lastAcceptedAt) await new Promise((r) => setTimeout(r, 100));
  return { name, host: address.host, port: address.port, accepted: !!readAgentStatus(dir)?.publisher.lastAcceptedAt };
}

export { HubConnectError };

/** Says "left" to the hub (through the agent, bounded) and forgets the membership. */
export async function leaveClassroom(dir = userConfigDir()): Promise<{ host: string; port: number } | null> {
  const m = readMembership(dir);
  if (!m) return null;
  writeMembership({ ...m, leaving: true }, dir);
  await stopAgent(dir);
  removeMembership(dir);
  forgetAsk(dir);
  return { host: m.host, port: m.port };
}

/** Raises or lowers the hand (`raised` absent: the other way); the agent tells the hub. */
export async function setHand(raised: boolean | undefined, dir = userConfigDir()): Promise<boolean> {
  const m = readMembership(dir);
  if (!m) throw new LabError('BAD_REQUEST', 'Not in a classroom.', 'Join with the line the instructor shows (`amq-ha-lab classroom join …`).');
  const hand = raised ?? !m.hand;
  writeMembership({ ...m, hand }, dir);
  await ensureAgent(dir);
  return hand;
}

/** The attendee's answer to the instructor's ask: "send" collects and sends the masked zip, "decline" sends nothing of theirs. */
export async function answerInstructor(accept: boolean, dir = userConfigDir()): Promise<PendingAsk> {
  const m = readMembership(dir);
  if (!m) throw new LabError('BAD_REQUEST', 'Not in a classroom.', 'Join with the line the instructor shows (`amq-ha-lab classroom join …`).');
  return answerAsk(accept, m.rowKey, () => ensureAgent(dir), dir);
}
