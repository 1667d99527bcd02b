// Peak resident memory of the brokers and of this process. On Linux the kernel keeps each
// process's peak (VmHWM), so a sample now and then misses nothing; elsewhere `ps` gives only the
// current RSS, which the sampler polls and keeps the largest of.
import { readRss, type RssReading } from '../electron/lab/processes/process-utils.js';

export type { RssReading };

export const MB = 1024 * 1024;

/** This process's peak RSS over its whole life (the bench's, so an upper bound for the lab logic). */
export function ownPeakRssBytes(): number {
  // maxRSS is in kilobytes on every platform Node supports.
  return process.resourceUsage().maxRSS * 1024;
}

export type PidSource = () => Record<string, number | null | undefined>;
export type RssReader = (pid: number) => Promise<RssReading | null>;

/**
 * Samples the processes `pids()` names (e.g. master/backup, whose pids change on a restart) and
 * keeps, per name, the largest peak seen, and the largest sum of concurrent current RSS.
 */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private concurrentPeak = 0;
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;

  constructor(
    private readonly pids: PidSource,
    private readonly intervalMs = 250,
    private readonly read: RssReader = readRss,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
    void this.sample();
  }

  /** Takes one sample (also called by the timer); overlapping calls share one sample. */
  sample(): Promise<void> {
    if (this.sampling) return this.sampling;
    this.sampling = (async () => {
      let sum = 0;
      for (const [name, pid] of Object.entries(this.pids())) {
        if (!pid) continue;
        const reading = await this.read(pid).catch(() => null);
        if (!reading) continue;
        sum += reading.current;
        this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, reading.peak));
      }
      this.concurrentPeak = Math.max(this.concurrentPeak, sum);
    })().finally(() => {
      this.sampling = null;
    });
    return this.sampling;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sample();
  }

  /** Peak bytes per name; null for a name never seen running. */
  peakOf(name: string): number | null {
    return this.peaks.get(name) ?? null;
  }

  /** Largest sum of the sampled processes' RSS at one moment. */
  concurrentPeakBytes(): number {
    return this.concurrentPeak;
  }
}
