// Following a log file the way log4j writes it: appends, partial lines, truncation, the daily roll.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFollower } from '../../../electron/lab/watching/log-follower.js';

let dir: string;
let follower: LogFollower | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-follow-'));
});
afterEach(() => {
  follower?.close();
  follower = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `lines` holds `n` lines (bounded). */
async function until(lines: string[], n: number, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (lines.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${lines.length} of ${n} lines: ${JSON.stringify(lines)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LogFollower', () => {
  it('reads the existing tail, then lines as they are appended, joining a line written in two parts', async () => {
    const file = path.join(dir, 'artemis.log');
    fs.writeFileSync(file, 'one\ntwo\n');
    const lines: string[] = [];
    follower = new LogFollower(file, (batch) => lines.push(...batch.map((l) => l.text)));
    await follower.start();
    expect(lines).toEqual(['one', 'two']);
    fs.appendFileSync(file, 'thr');
    fs.appendFileSync(file, 'ee\r\nfour\n');
    await until(lines, 4);
    expect(lines).toEqual(['one', 'two', 'three', 'four']);
  });

  it('waits for a file that does not exist yet', async () => {
    const file = path.join(dir, 'log', 'artemis.log');
    const lines: string[] = [];
    follower = new LogFollower(file, (batch) => lines.push(...batch.map((l) => l.text)));
    await follower.start();
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'born\n');
    await until(lines, 1);
    expect(lines).toEqual(['born']);
  });

  it('starts over on the daily roll (file renamed, a new one created) and on truncation', async () => {
    const file = path.join(dir, 'artemis.log');
    fs.writeFileSync(file, 'old day\n');
    const lines: string[] = [];
    follower = new LogFollower(file, (batch) => lines.push(...batch.map((l) => l.text)));
    await follower.start();
    fs.renameSync(file, `${file}.2026-11-23`);
    fs.writeFileSync(file, 'new day\n');
    await until(lines, 2);
    fs.truncateSync(file, 0);
    await follower.poke();
    fs.writeFileSync(file, 'after truncate\n');
    await until(lines, 3);
    expect(lines).toEqual(['old day', 'new day', 'after truncate']);
  });

  it('reads only the tail of a big file, dropping the cut first line', async () => {
    const file = path.join(dir, 'artemis.log');
    fs.writeFileSync(file, `${'x'.repeat(5000)}\nlast\n`);
    const lines: string[] = [];
    follower = new LogFollower(file, (batch) => lines.push(...batch.map((l) => l.text)), { initialTailBytes: 100 });
    await follower.start();
    expect(lines).toEqual(['last']);
  });
});
