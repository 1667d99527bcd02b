// Follows every watched broker's log and hands each batch of new lines to the store as it is.
import type { LabConfig, BrokerName } from '../../../shared/lab-state.js';
import { logFileOf } from '../processes/supervisor.js';
import type { Observation } from '../store/observations.js';
import { LogFollower } from './log-follower.js';

export class LogObserver {
  private followers: LogFollower[] = [];
  /** False while the logs' existing tails are read: those lines are history, not detections. */
  private following = false;

  constructor(private readonly observe: (o: Observation) => void) {}

  /** Reads the logs' tails (delivered before this resolves), then keeps following. */
  async follow(config: LabConfig | null, brokers: BrokerName[]): Promise<void> {
    this.close();
    this.following = false;
    if (config) {
      for (const broker of brokers) {
        const follower = new LogFollower(logFileOf(config, broker), (lines) => this.observe({ kind: 'log', broker, lines: lines.map((l) => l.text), following: this.following }));
        this.followers.push(follower);
        await follower.start();
      }
    }
    this.following = true;
  }

  /** Reads whatever is new in every log now. */
  async poke(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.poke()));
  }

  close(): void {
    for (const f of this.followers) f.close();
    this.followers = [];
  }
}
