// What a benchmark section is. Each file in bench/sections/ exports one (or a few) of these and
// bench/sections/index.ts lists them; a section measures one thing per run and says how to show it.

export type Unit = 'ms' | 'MB' | 'msg/s' | 'x';

export interface MetricSpec {
  key: string;
  label: string;
  unit: Unit;
  /** Shown next to the figure; `max` makes the report say whether the median meets it. */
  goal?: { max: number; text: string };
}

export interface BenchContext {
  /** 0-based run number and the total. */
  run: number;
  runs: number;
  repoDir: string;
  installsDir: string;
  /** Lab port offset to use (master offset, backup +100): 0 unless LAB_BENCH_PORT_OFFSET says otherwise. */
  portOffset: number;
  /** A fresh, empty directory for this section in this run. */
  scratchDir: string;
  log(line: string): void;
}

export type Figures = Record<string, number | null>;

export interface BenchSection {
  /** Short id for --only, e.g. "workshop-graceful". */
  name: string;
  title: string;
  metrics: MetricSpec[];
  /** Runs only when named with --only (slow or special-purpose). */
  optional?: boolean;
  run(ctx: BenchContext): Promise<Figures>;
}

/** A run that failed part way but measured some figures first: they are kept, the run still counts as failed. */
export class PartialFigures extends Error {
  constructor(
    message: string,
    readonly figures: Figures,
  ) {
    super(message);
  }
}
