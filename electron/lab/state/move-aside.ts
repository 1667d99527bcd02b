// Attendees' labs are never deleted: a lab being replaced is renamed next to itself.
import fs from 'node:fs/promises';

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** Renames `target` to `<target>.<label>-<timestamp>` (label "moved" by default) and returns the new path. */
export async function moveAside(target: string, now: Date = new Date(), label = 'moved'): Promise<string> {
  const base = `${target.replace(/[\\/]+$/, '')}.${label}-${stamp(now)}`;
  let candidate = base;
  for (let n = 2; ; n++) {
    try {
      await fs.access(candidate);
      candidate = `${base}-${n}`;
    } catch {
      break;
    }
  }
  await fs.rename(target, candidate);
  return candidate;
}
