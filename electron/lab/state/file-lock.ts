// A cross-process lock as a file created with O_EXCL: whoever creates it holds it, and it names
// its holder (pid, face, action, since) so a second caller can say who has the lab. A holder that
// died (kill -9, a crash) leaves a stale file: a dead pid on this host frees it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../processes/process-utils.js';

export interface LockOwner {
  pid: number;
  host: string;
  /** Which face holds it: cli, serve, app. */
  face: string;
  /** What it is doing, in words: "up", "start <broker>". */
  action: string;
  since: string;
}

export interface LockWaitOptions {
  /** Give up after this long (ms). */
  waitMs: number;
  /** Called once, when the lock is found held by someone alive. */
  onWait?: (owner: LockOwner) => void;
  /** How often to look again while it is held (ms). */
  pollMs?: number;
  /** A holder the caller knows is not a real one (its pid now another program's, after a reboot): freed like a dead one. */
  alsoStale?: (owner: LockOwner) => boolean;
}

export class LockBusyError extends Error {
  constructor(readonly owner: LockOwner | null) {
    super(owner ? `held by ${owner.face} (pid ${owner.pid})` : 'held');
  }
}

export function readLockOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      host: parsed.host ?? '',
      face: parsed.face ?? 'another process',
      action: parsed.action ?? 'something',
      since: parsed.since ?? '',
    };
  } catch {
    return null;
  }
}

/** A lock file's owner is gone: dead pid on this host, or a file nobody could finish writing. */
function isStale(file: string, owner: LockOwner | null): boolean {
  if (owner) return owner.host === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid);
  try {
    // Written in one call right after creation; unreadable for more than a moment means its writer died.
    return Date.now() - fs.statSync(file).mtimeMs > 2000;
  } catch {
    return false;
  }
}

function tryCreate(file: string, owner: LockOwner): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeSync(fd, JSON.stringify(owner));
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the lock, waiting (bounded) while someone alive holds it; returns its release. */
export async function acquireLock(file: string, who: Omit<LockOwner, 'pid' | 'host' | 'since'>, options: LockWaitOptions): Promise<() => void> {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), ...who };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (tryCreate(file, owner)) {
      return () => {
        // Only our own file: a lock taken over as stale belongs to someone else now.
        if (readLockOwner(file)?.pid === owner.pid && readLockOwner(file)?.since === owner.since) fs.rmSync(file, { force: true });
      };
    }
    const holder = readLockOwner(file);
    if (isStale(file, holder) || (holder && options.alsoStale?.(holder))) {
      // Rename first, so two callers that both see it stale cannot both remove a fresh lock.
      const aside = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, aside);
        const taken = readLockOwner(aside);
        // Another caller cleared the stale lock and took a fresh one in between: give it back.
        if (taken && (taken.pid !== holder?.pid || taken.since !== holder?.since)) fs.linkSync(aside, file);
        fs.rmSync(aside, { force: true });
      } catch {
        /* someone else cleared it */
      }
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(holder);
    if (holder && !told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 50));
  }
}

export async function withLock<T>(file: string, who: Omit<LockOwner, 'pid' | 'host' | 'since'>, options: LockWaitOptions, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(file, who, options);
  try {
    return await work();
  } finally {
    release();
  }
}
