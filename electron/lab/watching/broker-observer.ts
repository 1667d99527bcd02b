// Looks at each broker's process and asks its Jolokia, and tells the store what it saw: a run
// file and the OS's verdict on the pid (every tick), a Jolokia reading (every JOLOKIA_INTERVAL_MS
// while the JVM runs). It judges nothing: the store and the derivation do.
import type { LabConfig, BrokerName } from '../../../shared/lab-state.js';
import { isStopped } from '../processes/process-utils.js';
import { judgeBroker } from '../processes/supervisor.js';
import type { Observation } from '../store/observations.js';
import { readBrokerState } from './jolokia.js';

const JOLOKIA_INTERVAL_MS = 250;
const JOLOKIA_TIMEOUT_MS = 1500;

export class BrokerObserver {
  private polling = new Set<BrokerName>();
  /** Bumped when the watched lab changes: a reading begun before belongs to brokers no longer watched. */
  private generation = 0;
  private closed = false;

  constructor(
    private readonly labDir: string,
    private readonly observe: (o: Observation) => void,
    /** Whether the store's latest snapshot says the broker's JVM runs (what keeps a poll loop going). */
    private readonly running: (broker: BrokerName) => boolean,
  ) {}

  /** The watched brokers changed (setup, reset): readings under way are dropped. */
  rewatch(): void {
    this.generation += 1;
    this.polling.clear();
  }

  /** One look at each broker's run file and process; starts a Jolokia poll loop for each one running. */
  async look(config: LabConfig, brokers: BrokerName[]): Promise<void> {
    const generation = this.generation;
    for (const broker of brokers) {
      const { verdict, run } = await judgeBroker(this.labDir, config, broker);
      if (this.closed || generation !== this.generation) return;
      this.observe({ kind: 'process', broker, verdict, run, stoppedByOs: verdict.kind === 'running' && isStopped(verdict.pid) });
      if (verdict.kind === 'running' && !this.polling.has(broker)) void this.pollLoop(config, broker);
    }
  }

  private async pollLoop(config: LabConfig, broker: BrokerName): Promise<void> {
    const generation = this.generation;
    this.polling.add(broker);
    try {
      while (!this.closed && generation === this.generation && this.running(broker)) {
        await this.pollOnce(config, broker);
        await new Promise((r) => setTimeout(r, JOLOKIA_INTERVAL_MS));
      }
    } finally {
      if (generation === this.generation) this.polling.delete(broker);
    }
  }

  /** One Jolokia reading of the broker. */
  async pollOnce(config: LabConfig, broker: BrokerName): Promise<void> {
    const generation = this.generation;
    const created = config.brokers[broker];
    if (!created) return;
    const result = await readBrokerState({ consolePort: created.consolePort, user: config.user, password: config.password }, JOLOKIA_TIMEOUT_MS);
    if (this.closed || generation !== this.generation) return;
    this.observe({ kind: 'jolokia', broker, result });
  }

  close(): void {
    this.closed = true;
  }
}
