// One actor per lab: across processes, the CLI, serve and the app take `<labDir>.lock` (beside the
// lab dir, so `reset` can move the lab aside while holding it) for every action that changes the
// lab; within one process, actions run one after another (the page's "Crash" waits for the step
// under way). An action may call another (up starts brokers): inside an action, the hold is shared.
import { AsyncLocalStorage } from 'node:async_hooks';
import { acquireLock, LockBusyError, readLockOwner, type LockOwner } from './file-lock.js';
import { isAlive } from '../processes/process-utils.js';
import { LabError } from '../lab-error.js';
import { BOUNDS } from '../lab-bounds.js';

export function labLockPath(labDir: string): string {
  return `${labDir.replace(/[\\/]+$/, '')}.lock`;
}

export function describeOwner(owner: LockOwner): string {
  const since = owner.since ? ` since ${new Date(owner.since).toLocaleTimeString()}` : '';
  return `${owner.face} (pid ${owner.pid}), doing "${owner.action}"${since}`;
}

export class LabActionLock {
  private depth = 0;
  private holding: Promise<() => void> | null = null;
  /** This process's actions, one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set inside an action, so that an action calling another does not queue behind itself. */
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(
    private readonly labDir: string,
    private readonly face: string,
    private readonly onWait: (owner: LockOwner) => void,
  ) {}

  /** Someone else alive holds the lab right now. */
  heldByOther(): boolean {
    const owner = readLockOwner(labLockPath(this.labDir));
    return !!owner && owner.pid !== process.pid && isAlive(owner.pid);
  }

  /** Runs `work` as an action: after this process's earlier actions, holding the lab's lock. */
  run<T>(action: string, work: () => Promise<T>, onWaited: () => void): Promise<T> {
    if (this.inside.getStore()) return this.hold(action, work, onWaited);
    return this.enqueue(() => this.hold(action, work, onWaited));
  }

  /** Runs `work` after this process's actions under way, without the cross-process lock (e.g. following lab.json). */
  afterActions<T>(work: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return work();
    return this.enqueue(work);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(() => this.inside.run(true, work));
    this.queue = next;
    return next;
  }

  private async hold<T>(action: string, work: () => Promise<T>, onWaited: () => void): Promise<T> {
    this.depth += 1;
    try {
      if (!this.holding) {
        let waited = false;
        this.holding = acquireLock(
          labLockPath(this.labDir),
          { face: this.face, action },
          {
            waitMs: BOUNDS.labBusy,
            onWait: (owner) => {
              waited = true;
              this.onWait(owner);
            },
          },
        ).finally(() => {
          if (waited) onWaited();
        });
      }
      try {
        await this.holding;
      } catch (error) {
        this.holding = null;
        if (error instanceof LockBusyError) {
          throw new LabError(
            'LAB_BUSY',
            `The lab is busy: ${error.owner ? describeOwner(error.owner) : 'another process holds it'}, and did not finish within ${Math.round(BOUNDS.labBusy / 1000)} s.`,
            `Wait for it to finish, or stop that process; if none is running, delete ${labLockPath(this.labDir)}.`,
          );
        }
        throw error;
      }
      return await work();
    } finally {
      this.depth -= 1;
      if (this.depth === 0 && this.holding) {
        const holding = this.holding;
        this.holding = null;
        (await holding.catch(() => null))?.();
      }
    }
  }
}

