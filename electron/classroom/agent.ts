// The attendee's classroom agent: a process of its own (started by `classroom join`, kept while
// joined, like the lab's traffic and relay processes) that follows the lab's change feed and
// publishes the attendee's state each time it says something changed.
// Publishing is fire-and-forget from the lab's side: the lab never waits on the hub, and a hub
// away costs the lab nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabChange } from '../../shared/change-feed.js';
import { encodeEvent, type ClassroomEvent } from '../../shared/classroom-event.js';
import type { LabService } from '../../shared/contract.js';
import { appVersion } from '../lab/app-version.js';
import { findJava } from '../lab/host/java.js';
import { readLabConfig } from '../lab/instances/lab-config.js';
import { privatePathsOf } from '../lab/diagnostics/mask-secrets.js';
import { createLab } from '../lab/lab.js';
import { spawnDetachedCli } from '../lab/processes/cli-launcher.js';
import { commandLineOf, isAlive, killHard, waitForExit } from '../lab/processes/process-utils.js';
import { writeJsonAtomic } from '../lab/state/atomic-json.js';
import { acquireLock, LockBusyError, readLockOwner } from '../lab/state/file-lock.js';
import { AskInbox } from './ask-inbox.js';
import { askPath } from './attendee-ask.js';
import { attendeeEvent, EMPTY_MEMORY, rememberChanges, rememberSteps, type AttendeeMemory, type AttendeeProfile, type ClassroomInput } from './attendee-state.js';
import { agentLockPath, agentOutputPath, membershipPath, readAgentStatus, readMembership, userConfigDir, writeAgentStatus, type Membership } from './membership.js';
import { ClassroomPublisher } from './publisher.js';

const LEAVE_FLUSH_MS = 3000;
const AGENT_MARK = 'classroom agent';

function memoryPath(dir: string): string {
  return path.join(dir, 'classroom-memory.json');
}

function readMemory(dir: string, rowKey: string): AttendeeMemory {
  try {
    const saved = JSON.parse(fs.readFileSync(memoryPath(dir), 'utf8')) as { rowKey: string; memory: AttendeeMemory };
    // A memory saved before the timeline was kept has none yet.
    return saved.rowKey === rowKey ? { ...EMPTY_MEMORY, ...saved.memory } : EMPTY_MEMORY;
  } catch {
    return EMPTY_MEMORY;
  }
}

/** The event without its clock: two events alike here need not both be sent. */
function contentOf(event: ClassroomEvent): string {
  const { at: _at, seq: _seq, ...rest } = event;
  return JSON.stringify(rest);
}

/**
 * Turns the lab's change feed into published events: the publisher's one input. `start` tells the
 * whole state once (the agent has just opened the lab), `change` each time the store's feed says
 * something changed (with the snapshot that showed it), `reprofile` when the attendee changed what
 * is theirs (hand, name, leaving). A snapshot that changes nothing in the feed is never published.
 */
export class AttendeeFeed {
  private memory: AttendeeMemory;
  private lastContent: string | null = null;
  private lastInput: ClassroomInput | null = null;

  constructor(
    private readonly publish: (body: string) => void,
    private profile: AttendeeProfile,
    memory: AttendeeMemory,
    private readonly onMemory: (memory: AttendeeMemory) => void = () => undefined,
  ) {
    this.memory = memory;
  }

  start(input: ClassroomInput, now = new Date().toISOString()): void {
    this.tell(input, [], now);
  }

  change(changes: readonly LabChange[], input: ClassroomInput, now = new Date().toISOString()): void {
    this.tell(input, changes, now);
  }

  /** The same lab state, told again with the attendee's new profile. */
  reprofile(profile: AttendeeProfile): void {
    this.profile = profile;
    if (this.lastInput) this.tell(this.lastInput, [], new Date().toISOString());
  }

  private tell(input: ClassroomInput, changes: readonly LabChange[], now: string): void {
    this.lastInput = input;
    try {
      const next = rememberChanges(rememberSteps(this.memory, input, now), changes);
      const event = attendeeEvent(input, next, this.profile, now);
      const content = contentOf(event);
      if (content === this.lastContent) return;
      this.lastContent = content;
      this.memory = next;
      this.onMemory(next);
      this.publish(encodeEvent(event));
    } catch {
      // The classroom never breaks the lab: a state that cannot be built is skipped, the next one tried.
    }
  }
}

/** Feeds the agent from the lab: its whole state now, then on each change the store's feed tells. */
export function followLab(lab: Pick<LabService, 'snapshot' | 'onChange'>, feed: AttendeeFeed): () => void {
  feed.start(lab.snapshot());
  return lab.onChange((changes, snapshot) => feed.change(changes, snapshot, snapshot.at));
}

async function profileOf(m: Membership, left: boolean, java: string): Promise<AttendeeProfile> {
  const config = await readLabConfig(m.labDir).catch(() => null);
  return {
    name: m.name,
    hand: m.hand,
    left,
    versions: { os: `${os.type()} ${os.release()} ${os.arch()}`, java, app: appVersion() },
    privatePaths: privatePathsOf(m.labDir, m.installsDir),
    secrets: config ? [config.password, config.clusterPassword] : [],
  };
}

async function isAgent(pid: number): Promise<boolean> {
  const cmd = await commandLineOf(pid);
  // The two words as the launcher passes them: a path that merely holds both (a test file's) is not an agent.
  return !!cmd && /(^|\s)classroom\s+agent(\s|$)/.test(cmd);
}

/**
 * The agent's lock, or null when another agent holds it. A lock whose pid is dead, or is now
 * another program (the machine rebooted and gave the pid away), is taken over.
 */
export async function takeAgentLock(dir: string): Promise<(() => void) | null> {
  const file = agentLockPath(dir);
  const holder = readLockOwner(file);
  const impostor = holder !== null && holder.pid !== process.pid && !(await isAgent(holder.pid));
  try {
    return await acquireLock(file, { face: AGENT_MARK, action: 'publishing' }, { waitMs: 0, alsoStale: (o) => impostor && o.pid === holder?.pid && o.since === holder.since });
  } catch (error) {
    if (error instanceof LockBusyError) return null;
    throw error;
  }
}

/** The agent's whole life: runs until the attendee leaves or the hub refuses the code; at once ends if another agent runs. */
export async function runAgent(dir = userConfigDir()): Promise<void> {
  const membership = readMembership(dir);
  if (!membership) return;
  const release = await takeAgentLock(dir);
  if (!release) return;
  try {
    await publishWhileJoined(dir, membership);
  } finally {
    release();
  }
}

async function publishWhileJoined(dir: string, joined: Membership): Promise<void> {
  let membership: Membership | null = joined;
  const startedAt = new Date().toISOString();
  const found = await findJava().catch(() => null);
  const java = found ? `Java ${found.version.raw}` : 'no Java found';
  const publisher = new ClassroomPublisher({
    address: { host: membership.host, port: membership.port, pin: membership.pin },
    code: membership.code,
    rowKey: membership.rowKey,
    onStatus: (publisherStatus) => writeAgentStatus({ pid: process.pid, startedAt, publisher: publisherStatus, endedAt: null }, dir),
  });
  const rowKey = membership.rowKey;
  const feed = new AttendeeFeed((body) => publisher.publish(body), await profileOf(membership, false, java), readMemory(dir, rowKey), (memory) => {
    try {
      writeJsonAtomic(memoryPath(dir), { rowKey, memory });
    } catch {
      /* the memory is a comfort, not a need */
    }
  });
  // Set before the first attempt: a wrong code may be told before the lab is even open.
  let refused = false;
  let onRefused = () => undefined as void;
  publisher.onRefused = () => {
    refused = true;
    onRefused();
  };
  // Asks for diagnostics: the zip is the lab's own (`lab.diagnose`), with the private folders hidden too.
  let collectFrom: Awaited<ReturnType<typeof createLab>> | null = null;
  const inbox = new AskInbox({
    rowKey,
    dir,
    collect: async () => {
      if (!collectFrom) throw new Error('the lab is not open yet');
      return (await collectFrom.request('lab.diagnose', { hidePaths: true })).path;
    },
  });
  publisher.onConnected = (connection) => inbox.attach(connection);
  const onAnswer = () => void inbox.act();
  fs.watchFile(askPath(dir), { interval: 250 }, onAnswer);
  publisher.start();
  const lab = await createLab({ labDir: membership.labDir, installsDir: membership.installsDir, face: 'the classroom agent' });
  collectFrom = lab;
  followLab(lab, feed);
  void inbox.act();

  await new Promise<void>((resolve) => {
    const check = async () => {
      const now = readMembership(dir);
      if (!now || now.rowKey !== rowKey || now.leaving) {
        fs.unwatchFile(membershipPath(dir), onChange);
        if (membership) feed.reprofile(await profileOf(membership, true, java));
        await publisher.flush(LEAVE_FLUSH_MS);
        return resolve();
      }
      if (now.hand !== membership!.hand || now.name !== membership!.name) {
        membership = now;
        feed.reprofile(await profileOf(now, false, java));
      }
    };
    const onChange = () => void check();
    fs.watchFile(membershipPath(dir), { interval: 250 }, onChange);
    onRefused = () => {
      fs.unwatchFile(membershipPath(dir), onChange);
      resolve();
    };
    if (refused) onRefused();
  });
  fs.unwatchFile(askPath(dir), onAnswer);
  inbox.close();
  await lab.close();
  const last = publisher.current();
  publisher.close();
  writeAgentStatus({ pid: process.pid, startedAt, publisher: { ...last, state: last.state === 'refused' ? 'refused' : 'closed' }, endedAt: new Date().toISOString() }, dir);
}

/** The agent that runs for this user, if any: the lock's holder (else the status's pid), alive and a classroom agent. */
export async function runningAgent(dir = userConfigDir()): Promise<number | null> {
  const holder = readLockOwner(agentLockPath(dir));
  if (holder && (await isAgent(holder.pid))) return holder.pid;
  const status = readAgentStatus(dir);
  if (!status || status.endedAt || !isAlive(status.pid)) return null;
  return (await isAgent(status.pid)) ? status.pid : null;
}

/** Starts the agent for the membership unless one runs. */
export async function ensureAgent(dir = userConfigDir()): Promise<number | null> {
  const membership = readMembership(dir);
  if (!membership) return null;
  const running = await runningAgent(dir);
  if (running) return running;
  const pid = spawnDetachedCli(membership.labDir, ['--installs', membership.installsDir, 'classroom', 'agent'], agentOutputPath(dir), AGENT_MARK);
  writeAgentStatus({ pid, startedAt: new Date().toISOString(), publisher: { state: 'connecting', reason: null, lastAcceptedAt: null, sent: 0 }, endedAt: null }, dir);
  return pid;
}

/** Stops the agent: asked (it publishes "left" when the membership says leaving), then killed after the bound. */
export async function stopAgent(dir = userConfigDir(), boundMs = LEAVE_FLUSH_MS + 3000): Promise<boolean> {
  const pid = await runningAgent(dir);
  if (!pid) return false;
  if (await waitForExit(pid, boundMs)) return true;
  await killHard(pid);
  await waitForExit(pid, 5000);
  return true;
}
