// A producer and a consumer on the lab's traffic queue, their shared account, and the snapshot
// the faces show. Runs inside whichever process owns the traffic (a detached `traffic run`, or
// `soak`), and writes its snapshot to run/traffic.json so every face sees it.
import fs from 'node:fs';
import type { TrafficSnapshot } from '../../../shared/traffic-state.js';
import { labJsonPath } from '../instances/lab-layout.js';
import type { TrafficClientOptions } from './reconnecting-connection.js';
import { TrafficAccount } from './traffic-account.js';
import { TrafficConsumer } from './traffic-consumer.js';
import { writeTraffic } from './traffic-files.js';
import { TrafficProducer } from './traffic-producer.js';

export interface TrafficRunnerOptions extends Omit<TrafficClientOptions, 'account' | 'onError'> {
  /** Where to publish the snapshot (run/traffic.json); none for a runner nobody else watches. */
  labDir: string | null;
  rate: number;
}

const PUBLISH_MS = 250;
/** Draining ends when every accepted message has arrived, or nothing arrives for this long. */
const DRAIN_QUIET_MS = 10_000;
const DRAIN_MAX_MS = 90_000;

export class TrafficRunner {
  readonly account = new TrafficAccount();
  private readonly producer: TrafficProducer;
  private readonly consumer: TrafficConsumer;
  private state: TrafficSnapshot['state'] = 'running';
  private readonly startedAt = new Date().toISOString();
  private stoppedAt: string | null = null;
  private lastError: string | null = null;
  private drained = false;
  private timer: NodeJS.Timeout | null = null;
  private stopping: Promise<TrafficSnapshot> | null = null;

  constructor(private readonly options: TrafficRunnerOptions) {
    const common = { endpoints: options.endpoints, user: options.user, password: options.password, queue: options.queue, runId: options.runId, account: this.account };
    const onError = (message: string) => {
      this.lastError = message;
    };
    this.producer = new TrafficProducer({ ...common, rate: options.rate, onError });
    this.consumer = new TrafficConsumer({ ...common, onError });
  }

  start(): void {
    this.consumer.start();
    this.producer.start();
    this.publish();
    this.timer = setInterval(() => this.publish(), PUBLISH_MS);
  }

  snapshot(): TrafficSnapshot {
    return {
      runId: this.options.runId,
      queue: this.options.queue,
      rate: this.options.rate,
      state: this.state,
      pid: process.pid,
      startedAt: this.startedAt,
      stoppedAt: this.stoppedAt,
      updatedAt: new Date().toISOString(),
      producer: { broker: this.producer.connectedBroker, connected: this.producer.connectedBroker !== null },
      consumer: { broker: this.consumer.connectedBroker, connected: this.consumer.connectedBroker !== null },
      totals: this.account.totals(this.drained, this.producer.unconfirmed),
      evidence: { duplicated: [...this.account.evidence.duplicated], redeliveredAfterAck: [...this.account.evidence.redeliveredAfterAck] },
      gaps: this.account.gaps.map((g) => ({ ...g })),
      series: this.account.series(),
      lastError: this.lastError,
    };
  }

  private publish(): void {
    // A lab reset under the traffic: writing would bring its dir back as a ghost.
    if (!this.options.labDir || !fs.existsSync(labJsonPath(this.options.labDir))) return;
    try {
      writeTraffic(this.options.labDir, this.snapshot());
    } catch {
      // A full disk must not stop the clients; the next publish tries again.
    }
  }

  /** As if the consumer's process died and came back: what it held unacknowledged is redelivered. */
  crashConsumer(): void {
    this.consumer.crash();
  }

  /**
   * Stops producing, lets what is unconfirmed go out (bounded: a broker that is gone keeps it
   * unconfirmed, never "sent"), waits until the consumer has everything, then closes.
   */
  stop(): Promise<TrafficSnapshot> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<TrafficSnapshot> {
    this.state = 'draining';
    this.producer.stopProducing();
    this.publish();
    const deadline = Date.now() + DRAIN_MAX_MS;
    let lastReceived = -1;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      const received = this.account.totals(false, 0).received;
      if (received !== lastReceived) {
        lastReceived = received;
        quietSince = Date.now();
      }
      if (this.producer.unconfirmed === 0 && this.account.caughtUp()) break;
      if (Date.now() - quietSince > DRAIN_QUIET_MS && (this.producer.connectedBroker === null || this.producer.unconfirmed === 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Without a consumer connected nothing can be drained: what is not received yet is in a
    // broker's journal, not lost, and the account says so instead of guessing.
    const consumerThere = this.consumer.connectedBroker !== null;
    this.drained = consumerThere;
    const notYet = this.account.totals(false, 0).sent - this.account.totals(false, 0).received;
    this.producer.close();
    this.consumer.close();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = 'stopped';
    this.stoppedAt = new Date().toISOString();
    const missing = this.account.missing();
    if (!consumerThere) this.lastError = `Stopped with no broker answering: ${notYet} accepted messages not received yet (they wait in the journal, not counted lost), ${this.producer.unconfirmed} never confirmed (not counted sent).`;
    else if (missing.length > 0) this.lastError = `Never received: ${missing.join(', ')}${missing.length >= 20 ? '…' : ''}.`;
    const final = this.snapshot();
    this.publish();
    return final;
  }
}
