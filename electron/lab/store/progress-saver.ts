// Saving progress is a subscriber of the store: each commit that changed a step, added a lab
// event or moved a clock is merged into <labDir>/run/progress.json (state/progress-file.ts), one
// write after another. Progress read from that file, or a lab (re)loaded, is the baseline, never
// written back: a face must not put another's older steps over its newer ones.
import type { LabState } from '../../../shared/derive/lab-facts.js';
import { sameClock } from '../../../shared/derive/stopwatches.js';
import { eventKey, readProgress, saveProgress, type ProgressChange } from '../state/progress-file.js';
import type { CommitCause, LabStore } from './lab-store.js';

const BASELINE: ReadonlySet<CommitCause> = new Set(['progress', 'lab-files', 'lab-chosen']);

export class ProgressSaver {
  private saving: Promise<unknown> = Promise.resolve();
  private unsaved = 0;
  /** The file changed while our own changes were still on their way: read it once they are in. */
  private rereadAfterSave = false;
  private closed = false;
  private readonly stop: () => void;

  constructor(private readonly store: LabStore) {
    this.stop = store.onCommit((before, after, cause) => {
      if (!BASELINE.has(cause)) this.saveDifference(before, after);
    });
  }

  private saveDifference(before: LabState, after: LabState): void {
    const change: ProgressChange = {};
    if (after.steps !== before.steps) {
      const was = new Map(before.steps.map((s) => [s.id, JSON.stringify(s)]));
      const steps = after.steps.filter((s) => was.get(s.id) !== JSON.stringify(s));
      if (steps.length > 0) change.steps = steps;
    }
    if (after.events !== before.events) {
      const had = new Set(before.events.map(eventKey));
      const events = after.events.filter((e) => e.code === 'LAB' && !had.has(eventKey(e)));
      if (events.length > 0) change.events = events;
    }
    if (after.clocks !== before.clocks) {
      const moved = Object.entries(after.clocks).filter(([g, c]) => !before.clocks[g] || !sameClock(before.clocks[g]!, c));
      if (moved.length > 0) change.stopwatch = Object.fromEntries(moved);
    }
    if (change.steps || change.events || change.stopwatch) this.save(change);
  }

  /** A lab this face just created keeps the steps already done (prerequisites, unpack, create). */
  saveAllSteps(): void {
    this.save({ steps: this.store.facts().steps });
  }

  /** Queues a merge of `change` into the lab's progress file (only a lab that exists has one). */
  private save(change: ProgressChange): void {
    const { config, labDir, steps } = this.store.facts();
    if (!config || this.closed) return;
    const base = steps.map((s) => ({ ...s, status: 'pending' as const, ms: null, detail: null, hint: null }));
    this.unsaved += 1;
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => saveProgress(labDir, change, base))
      .catch((error: unknown) => {
        // The lab goes on in memory; the next change tries again with the whole state.
        process.emitWarning(`Could not save the lab's progress: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.unsaved -= 1;
        if (this.unsaved === 0 && this.rereadAfterSave && !this.closed) {
          this.rereadAfterSave = false;
          this.reload();
        }
      });
  }

  /**
   * Another face wrote the progress file. Read now, unless changes of ours are still on their way
   * (the file would not have them yet, and our steps would flicker back): then right after them.
   */
  reload(): void {
    if (this.unsaved > 0) {
      this.rereadAfterSave = true;
      return;
    }
    const progress = readProgress(this.store.facts().labDir);
    if (progress) this.store.observe({ kind: 'progress', progress });
  }

  /** Resolves when every progress change so far is on disk. */
  async saved(): Promise<void> {
    await this.saving.catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.stop();
  }
}
