// Within one process, lab actions run one after another: a "Crash" clicked while a step runs
// waits for the step, and an action that calls another (up starts brokers) does not wait for itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabActionLock } from '../../../electron/lab/state/lab-action-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function lock(): LabActionLock {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-lock-'));
  dirs.push(dir);
  return new LabActionLock(path.join(dir, 'lab'), 'the test', () => undefined);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('actions in one process', () => {
  it('run one after another, in the order asked, each holding the lab lock', async () => {
    const actions = lock();
    const log: string[] = [];
    const gate = deferred();
    const a = actions.run('step', async () => {
      log.push('step starts');
      await gate.promise;
      log.push('step ends');
    }, () => undefined);
    const b = actions.run('crash master', async () => {
      log.push('crash');
    }, () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual(['step starts']);
    gate.resolve();
    await Promise.all([a, b]);
    expect(log).toEqual(['step starts', 'step ends', 'crash']);
  });

  it('lets an action call another at once, and a failed action not block the next', async () => {
    const actions = lock();
    const log: string[] = [];
    await actions.run('up', async () => {
      log.push('up');
      await actions.run('start master', async () => void log.push('start master'), () => undefined);
    }, () => undefined);
    await expect(actions.run('bad', async () => Promise.reject(new Error('boom')), () => undefined)).rejects.toThrow('boom');
    await actions.run('next', async () => void log.push('next'), () => undefined);
    expect(log).toEqual(['up', 'start master', 'next']);
  });

  it('follows lab.json only once the actions under way are done', async () => {
    const actions = lock();
    const log: string[] = [];
    const gate = deferred();
    const setup = actions.run('setup', async () => {
      await gate.promise;
      log.push('setup');
    }, () => undefined);
    const reload = actions.afterActions(async () => void log.push('reload'));
    gate.resolve();
    await Promise.all([setup, reload]);
    expect(log).toEqual(['setup', 'reload']);
  });
});
