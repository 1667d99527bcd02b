// Follows one broker's log/artemis.log as it grows. fs.watch gives the low-latency path; a short
// stat poll covers the platforms and file systems where watch events are late or missing, and
// notices the daily roll (log4j renames artemis.log and starts a new file) and truncation.
import fs from 'node:fs';
import { open } from 'node:fs/promises';

export interface FollowedLine {
  text: string;
  /** When this process read the line (ms since epoch), for detection-lag figures. */
  readAt: number;
}

export interface LogFollowerOptions {
  /** How much of an existing file to read at start (its tail), in bytes. */
  initialTailBytes?: number;
  pollMs?: number;
}

export class LogFollower {
  private position = 0;
  private inode: number | null = null;
  private partial = '';
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly onLines: (lines: FollowedLine[]) => void,
    private readonly options: LogFollowerOptions = {},
  ) {}

  /** Reads the existing tail (delivered before this resolves), then follows. */
  async start(): Promise<void> {
    const stat = statOrNull(this.file);
    if (stat) {
      const tail = this.options.initialTailBytes ?? 256 * 1024;
      this.inode = stat.ino;
      this.position = Math.max(0, stat.size - tail);
      // Starting mid-file: the first partial line is dropped below.
      this.skipFirstPartial = this.position > 0;
      this.watch();
    }
    await this.poke();
    this.timer = setInterval(() => void this.poke(), this.options.pollMs ?? 100);
    this.timer.unref?.();
  }

  private skipFirstPartial = false;

  private watch(): void {
    if (this.watcher || this.closed) return;
    try {
      this.watcher = fs.watch(this.file, { persistent: false }, () => void this.poke());
      this.watcher.on('error', () => this.unwatch());
    } catch {
      this.watcher = null;
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Reads whatever is new; concurrent pokes fold into one more read. */
  poke(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readNew();
      } while (this.again && !this.closed);
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readNew(): Promise<void> {
    const stat = statOrNull(this.file);
    if (!stat) {
      if (this.inode !== null) this.unwatch();
      this.inode = null;
      return;
    }
    if (this.inode !== stat.ino) {
      // New file (first creation or the daily roll): read it from the start.
      this.inode = stat.ino;
      this.position = 0;
      this.partial = '';
      this.unwatch();
      this.watch();
    } else if (stat.size < this.position) {
      this.position = 0;
      this.partial = '';
    }
    if (stat.size === this.position) return;

    const handle = await open(this.file, 'r');
    try {
      const length = stat.size - this.position;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.position);
      this.position += bytesRead;
      let chunk = this.partial + buffer.subarray(0, bytesRead).toString('utf8');
      if (this.skipFirstPartial) {
        this.skipFirstPartial = false;
        const newline = chunk.indexOf('\n');
        chunk = newline >= 0 ? chunk.slice(newline + 1) : '';
      }
      const parts = chunk.split('\n');
      this.partial = parts.pop() ?? '';
      const readAt = Date.now();
      const lines = parts.filter((p) => p.length > 0).map((text) => ({ text: text.replace(/\r$/, ''), readAt }));
      if (lines.length > 0 && !this.closed) this.onLines(lines);
    } finally {
      await handle.close();
    }
  }

  close(): void {
    this.closed = true;
    this.unwatch();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
