// The broker downloads this lab process has under way, so a setup started meanwhile (the unpack
// step's "Do it for me" pressed while "Download Apache Artemis" still runs) waits for the zip
// instead of finding installs/ empty; and a second press of the same download joins the first
// instead of writing the same file twice.
import { LabError } from '../lab-error.js';
import type { DownloadResult } from './download-broker.js';

export class DownloadsUnderWay {
  private readonly running = new Map<string, Promise<DownloadResult>>();

  /** Runs the download of `version`, or joins the one of that version already under way. */
  run(version: string, work: () => Promise<DownloadResult>): Promise<DownloadResult> {
    const current = this.running.get(version);
    if (current) return current;
    const started = work().finally(() => this.running.delete(version));
    this.running.set(version, started);
    return started;
  }

  get active(): boolean {
    return this.running.size > 0;
  }

  /**
   * Resolves once no download is under way: with the first failure among them (null when all
   * succeeded or none ran), or throws TIMEOUT when they still run after `boundMs`.
   */
  async finished(boundMs: number): Promise<unknown> {
    if (this.running.size === 0) return null;
    const outcomes = Promise.all([...this.running.values()].map((d) => d.then(() => null, (error: unknown) => error)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), boundMs);
    });
    const outcome = await Promise.race([outcomes, timeout]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      throw new LabError('TIMEOUT', `The broker download still runs after ${Math.round(boundMs / 1000)} s.`, 'Let it finish (its progress shows), then set up again.');
    }
    return outcome.find((e) => e !== null) ?? null;
  }
}
