// run/consumers.json and run/consumers-want.json: what every face reads of the consumers process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsumersSnapshot } from '../../../shared/consumers-state.js';
import { consumersPath, readConsumers, readWanted, writeConsumers, writeWanted } from '../../../electron/lab/consumers/consumers-files.js';

const dirs: string[] = [];
function labDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-consumers-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function written(pid: number): ConsumersSnapshot {
  return {
    pid,
    running: true,
    queue: 'haQueue',
    updatedAt: '2026-11-29T09:30:00.000Z',
    consumers: {
      broker1: { broker: 'broker1', state: 'attached', since: '2026-11-29T09:29:00.000Z', received: 30, byRun: { r1: 10, r2: 20 }, lastError: null },
      broker2: { broker: 'broker2', state: 'stopped', since: '2026-11-29T09:29:30.000Z', received: 10, byRun: { r1: 10 }, lastError: null },
    },
  };
}

describe('the consumers run file', () => {
  it('reads back what the live process wrote', () => {
    const dir = labDir();
    writeConsumers(dir, written(process.pid));
    expect(readConsumers(dir)).toEqual(written(process.pid));
  });

  it('a process that died without a word shows not running, every consumer stopped with why, counts kept', () => {
    const dir = labDir();
    const gone = 2 ** 22 + 12345;
    writeConsumers(dir, written(gone));
    const seen = readConsumers(dir)!;
    expect(seen.running).toBe(false);
    expect(seen.consumers.broker1).toMatchObject({ state: 'stopped', received: 30, byRun: { r1: 10, r2: 20 }, since: '2026-11-29T09:30:00.000Z' });
    expect(seen.consumers.broker1?.lastError).toMatch(/ended without stopping/);
    expect(seen.consumers.broker2).toEqual(written(gone).consumers.broker2);
  });

  it('no file, or not ours: no consumers', () => {
    const dir = labDir();
    expect(readConsumers(dir)).toBeNull();
    fs.mkdirSync(path.dirname(consumersPath(dir)), { recursive: true });
    fs.writeFileSync(consumersPath(dir), '{"half":');
    expect(readConsumers(dir)).toBeNull();
  });

  it('the wanted list: written once per broker, empty when missing', () => {
    const dir = labDir();
    expect(readWanted(dir)).toEqual([]);
    writeWanted(dir, ['broker1', 'broker2', 'broker1']);
    expect(readWanted(dir)).toEqual(['broker1', 'broker2']);
  });
});
