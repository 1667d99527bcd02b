// One direction of a relayed connection: what one socket reads, the other writes, after the
// wire's latency. Chunks leave in the order they came, whatever the latency does meanwhile, and
// a slow reader slows the writer (backpressure) instead of filling the relay's memory.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';

/** Bytes held back by latency before the source is paused. */
const HIGH_WATER = 1 << 20;

interface Held {
  due: number;
  chunk: Buffer;
}

export class WirePump {
  private readonly held: Held[] = [];
  private heldBytes = 0;
  private lastDue = 0;
  private timer: NodeJS.Timeout | null = null;
  private sourceEnded = false;
  private stopped = false;

  constructor(
    private readonly source: net.Socket,
    private readonly sink: net.Socket,
    private readonly latencyMs: () => number,
    private readonly delivered: (bytes: number) => void,
  ) {
    source.on('data', (chunk: Buffer) => this.take(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      // A FIN travels behind the data, as on a real wire.
      if (!this.timer) this.release();
    });
    sink.on('drain', () => this.resumeIfRoom());
  }

  /** Drops what is held and lets go of the timer; the sockets are the caller's to destroy. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held.length = 0;
    this.heldBytes = 0;
  }

  private take(chunk: Buffer): void {
    if (this.stopped) return;
    const ms = this.latencyMs();
    if (ms === 0 && this.held.length === 0) {
      this.write(chunk);
      return;
    }
    // Never before what came earlier: a latency lowered mid-stream must not reorder the bytes.
    const due = Math.max(performance.now() + ms, this.lastDue);
    this.lastDue = due;
    this.held.push({ due, chunk });
    this.heldBytes += chunk.length;
    if (this.heldBytes >= HIGH_WATER) this.source.pause();
    this.schedule();
  }

  private write(chunk: Buffer): void {
    if (this.sink.destroyed || !this.sink.writable) return;
    this.delivered(chunk.length);
    if (!this.sink.write(chunk)) this.source.pause();
  }

  private release(): void {
    this.timer = null;
    if (this.stopped) return;
    // Timers may fire a little early by this clock: what is not due yet waits for the next one.
    const now = performance.now();
    while (this.held.length > 0 && this.held[0]!.due <= now) {
      const { chunk } = this.held.shift()!;
      this.heldBytes -= chunk.length;
      this.write(chunk);
    }
    if (this.held.length > 0) this.schedule();
    else if (this.sourceEnded && this.sink.writable) this.sink.end();
    this.resumeIfRoom();
  }

  private schedule(): void {
    if (this.timer || this.held.length === 0) return;
    this.timer = setTimeout(() => this.release(), Math.max(0, Math.ceil(this.held[0]!.due - performance.now())));
  }

  private resumeIfRoom(): void {
    if (this.stopped || this.source.destroyed) return;
    if (this.heldBytes < HIGH_WATER && !this.sink.writableNeedDrain && this.source.isPaused()) this.source.resume();
  }
}
