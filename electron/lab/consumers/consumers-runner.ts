// The process that holds a lab's pinned consumers: it follows run/consumers-want.json (which
// brokers should have one), starting and stopping them, and publishes run/consumers.json four
// times a second for every face to watch.
import fs from 'node:fs';
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { labJsonPath } from '../instances/lab-layout.js';
import { readWanted, writeConsumers } from './consumers-files.js';
import { PinnedQueueConsumer } from './pinned-consumer.js';

const PUBLISH_MS = 250;

export class ConsumersRunner {
  private readonly live = new Map<string, PinnedQueueConsumer>();
  /** Stopped ones keep their last counts in the snapshot (what a story step looks back at). */
  private readonly stopped = new Map<string, ReturnType<PinnedQueueConsumer['view']>>();
  private timer: NodeJS.Timeout | null = null;
  private running = true;

  constructor(
    private readonly labDir: string,
    private readonly config: LabConfig,
    private readonly queue: string,
  ) {}

  start(): void {
    this.follow();
    this.timer = setInterval(() => this.follow(), PUBLISH_MS);
  }

  /** Brings the consumers in line with the wanted list, then publishes. */
  follow(): void {
    const wanted = new Set(readWanted(this.labDir).filter((n) => this.config.brokers[n]));
    for (const [broker, consumer] of this.live) {
      if (wanted.has(broker)) continue;
      consumer.stop();
      this.stopped.set(broker, consumer.view());
      this.live.delete(broker);
    }
    for (const broker of wanted) {
      if (this.live.has(broker)) continue;
      const consumer = new PinnedQueueConsumer(
        { broker, host: '127.0.0.1', port: this.config.brokers[broker]!.acceptorPort },
        { user: this.config.user, password: this.config.password, queue: this.queue },
      );
      consumer.start();
      this.stopped.delete(broker);
      this.live.set(broker, consumer);
    }
    this.publish();
  }

  snapshot(): ConsumersSnapshot {
    const consumers: ConsumersSnapshot['consumers'] = {};
    for (const broker of Object.keys(this.config.brokers)) {
      const view = this.live.get(broker)?.view() ?? this.stopped.get(broker);
      if (view) consumers[broker] = view;
    }
    return { pid: process.pid, running: this.running, queue: this.queue, updatedAt: new Date().toISOString(), consumers };
  }

  private publish(): void {
    // A lab reset under the consumers: writing would bring its dir back as a ghost.
    if (!fs.existsSync(labJsonPath(this.labDir))) return;
    try {
      writeConsumers(this.labDir, this.snapshot());
    } catch {
      // A full disk must not stop the consumers; the next publish tries again.
    }
  }

  /** Stops every consumer and publishes the final counts. */
  stop(): ConsumersSnapshot {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const [broker, consumer] of this.live) {
      consumer.stop();
      this.stopped.set(broker, consumer.view());
    }
    this.live.clear();
    this.running = false;
    this.publish();
    return this.snapshot();
  }
}
