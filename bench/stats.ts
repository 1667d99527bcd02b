// Summaries for benchmark figures. Runs that could not measure a figure give null; they are
// counted (n vs missing) but never pulled into a median as zero.

export interface Summary {
  median: number | null;
  min: number | null;
  max: number | null;
  /** Runs that produced a number. */
  n: number;
  /** Runs that did not (failed step, figure not available on this OS). */
  missing: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: ReadonlyArray<number | null | undefined>): Summary {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return {
    median: median(numbers),
    min: numbers.length ? Math.min(...numbers) : null,
    max: numbers.length ? Math.max(...numbers) : null,
    n: numbers.length,
    missing: values.length - numbers.length,
  };
}

/** Does a figure meet its goal? null when there is no figure or no goal. */
export function meetsGoal(value: number | null, goal: { max: number } | undefined): boolean | null {
  if (value === null || !goal) return null;
  return value <= goal.max;
}
