// One actor per lab across processes: the CLI, serve and the app take `<labDir>.lock` (beside the
// lab dir, so `reset` can move the lab aside while holding it) for every action that changes the
// lab. Within one process the hold is shared: an action may call another (up starts nodes), and
// the process's own actions are already ordered where they must be (Lab.serialize).
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

  async run<T>(action: string, work: () => Promise<T>, onWaited: () => void): Promise<T> {
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

