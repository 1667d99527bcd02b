// One truth across restarts and processes: progress saved in the lab dir and restored, another
// face's changes seen within a second, one actor at a time, and state that survives kill -9.
// Stand-in instances (no broker is started); the files and locks are the real ones.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LockBusyError } from '../../../electron/lab/state/file-lock.js';
import { labLockPath } from '../../../electron/lab/state/lab-action-lock.js';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { readLedger, recordCheck } from '../../../electron/lab/messages/ledger.js';
import { progressPath, readProgress } from '../../../electron/lab/state/progress-file.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { freePorts } from '../free-ports.js';
import { fakeLabConfig, standInInstance, standInBrokers } from './lab-fixtures.js';

const WRITER = path.join(import.meta.dirname, 'state-writer.ts');
let root: string;
let labDir: string;
let config: LabConfig;
const labs: Lab[] = [];
const children: ChildProcess[] = [];

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'b-truth-'));
  labDir = path.join(root, 'lab');
  config = fakeLabConfig(labDir, standInBrokers(labDir, await freePorts(4)));
  for (const broker of Object.values(config.brokers)) standInInstance(broker.dir);
  fs.writeFileSync(path.join(labDir, 'lab.json'), JSON.stringify(config));
});

afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.close();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

async function open(face: string): Promise<Lab> {
  const lab = await createLab({ labDir, installsDir: path.join(root, 'installs'), face });
  labs.push(lab);
  return lab;
}

function writer(...args: string[]): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, labDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`writer exited (${code}) before a line: ${out}`)));
  });
  return { child, line };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('progress survives, and every face sees the same lab', () => {
  it('a lab opened again shows the step states, the lab events and the stopwatches it had', async () => {
    const first = await open('the app');
    await first.request('step.skip', { id: 'prerequisites' });
    first.store.observe({ kind: 'lab-event', broker: 'master', text: 'Something the lab did.' });
    await first.close();
    labs.splice(labs.indexOf(first), 1);

    const again = await open('the app');
    const s = again.snapshot();
    expect(s.steps.find((x) => x.id === 'prerequisites')?.status).toBe('skipped');
    expect(s.events.some((e) => e.code === 'LAB' && e.text === 'Something the lab did.')).toBe(true);
  });

  it("another face's step, ledger check and lab event appear within 1 s", async () => {
    const app = await open('the app');
    const cli = await open('the CLI');
    const t0 = Date.now();
    await cli.request('step.skip', { id: 'send' });
    await recordCheck(labDir, { at: new Date().toISOString(), broker: 'master', label: 'from the CLI', sent: 10, present: 10, lost: 0, duplicated: 0 });
    cli.store.observe({ kind: 'lab-event', broker: 'backup', text: 'Seen by the CLI.' });
    await cli.close();
    await expect.poll(() => app.snapshot().steps.find((x) => x.id === 'send')?.status, { timeout: 1000, interval: 50 }).toBe('skipped');
    await expect.poll(() => app.snapshot().ledger.checks.map((c) => c.label), { timeout: 1000, interval: 50 }).toEqual(['from the CLI']);
    await expect.poll(() => app.snapshot().events.some((e) => e.text === 'Seen by the CLI.'), { timeout: 1000, interval: 50 }).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('two faces changing different steps at once lose neither change', async () => {
    const a = await open('the app');
    const b = await open('the CLI');
    await Promise.all([a.request('step.skip', { id: 'send' }), b.request('step.skip', { id: 'stop-master' })]);
    await Promise.all([a.monitor.saved(), b.monitor.saved()]);
    const saved = readProgress(labDir)!;
    expect(saved.steps.filter((s) => s.status === 'skipped').map((s) => s.id).sort()).toEqual(['send', 'stop-master']);
  });

  it('a lab reset from another face empties this one within 1 s', async () => {
    const app = await open('the app');
    const cli = await open('the CLI');
    const { movedTo } = await cli.reset();
    expect(movedTo).toBeTruthy();
    await expect.poll(() => app.snapshot().setup, { timeout: 1000, interval: 50 }).toBe('none');
    expect(app.snapshot().brokers).toEqual([]);
  });
});

describe('one actor at a time', () => {
  it("waits for another process's action, says who holds the lab, then acts", async () => {
    const holder = writer('hold');
    expect(await holder.line).toBe('held');
    const told: string[] = [];
    const lab = await createLab({ labDir, installsDir: path.join(root, 'installs'), face: 'the CLI', onBusy: (m) => told.push(m) });
    labs.push(lab);
    const skipped = lab.request('step.skip', { id: 'send' });
    await expect.poll(() => told.length).toBe(1);
    expect(told[0]).toMatch(new RegExp(`Waiting for the test holder \\(pid ${holder.child.pid}\\), doing "hold"`));
    expect(lab.snapshot().steps.find((s) => s.id === 'send')?.status).toBe('pending');
    await killed(holder.child);
    // A dead holder's lock is stale: taken over, not waited out.
    expect((await skipped).status).toBe('skipped');
    expect(fs.existsSync(labLockPath(labDir))).toBe(false);
  });

  it('a bounded wait ends with who holds the lock', async () => {
    const release = await acquireLock(labLockPath(labDir), { face: 'the app', action: 'up' }, { waitMs: 0 });
    const fromElsewhere = writer('hold');
    // The writer waits 10 s for the lock; the test only needs its busy error from a short wait here.
    const error = await acquireLock(labLockPath(labDir), { face: 'x', action: 'y' }, { waitMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as LockBusyError).owner).toMatchObject({ pid: process.pid, face: 'the app', action: 'up' });
    release();
    expect(await fromElsewhere.line).toBe('held');
  });

  it('two processes claiming sequence numbers at once never get the same one', async () => {
    const [a, b] = [writer('reserve', '40'), writer('reserve', '40')];
    const seqs = [...(JSON.parse(await a.line) as number[]), ...(JSON.parse(await b.line) as number[])];
    expect(new Set(seqs).size).toBe(80);
    expect((await readLedger(labDir)).nextSeq).toBe(81);
  }, 30_000);
});

describe('kill -9 at any moment', () => {
  it('leaves progress, ledger and lock that the next start reads without error', async () => {
    for (let round = 0; round < 5; round++) {
      const churn = writer('churn');
      expect(await churn.line).toBe('ready');
      // Let it write a while: a different moment in its loop each round.
      const writes = fs.statSync(progressPath(labDir), { throwIfNoEntry: false })?.mtimeMs ?? 0;
      await expect.poll(() => (fs.statSync(progressPath(labDir), { throwIfNoEntry: false })?.mtimeMs ?? 0) > writes, { timeout: 10_000, interval: 5 + round * 7 }).toBe(true);
      await killed(churn.child);
    }
    const lab = await open('the app');
    const s = lab.snapshot();
    expect(readProgress(labDir)).not.toBeNull();
    expect(fs.readdirSync(path.join(labDir, 'run')).filter((n) => n.includes('.damaged-'))).toEqual([]);
    expect((await readLedger(labDir)).sent % 3).toBe(0);
    expect(s.events.some((e) => e.text.startsWith('event '))).toBe(true);
    // The churn's lock died with it: this face acts at once.
    expect((await lab.request('step.skip', { id: 'send' })).status).toBe('skipped');
  }, 60_000);

  it('a step a killed process left running is marked interrupted, ready to run again', async () => {
    fs.mkdirSync(path.join(labDir, 'run'), { recursive: true });
    const first = await open('the app');
    const running = first.snapshot().steps.find((s) => s.id === 'stop-master')!;
    first.store.observe({ kind: 'step', step: { ...running, status: 'running' } });
    await first.close();
    labs.splice(labs.indexOf(first), 1);
    const again = await open('the app');
    const step = again.snapshot().steps.find((s) => s.id === 'stop-master')!;
    expect(step.status).toBe('failed');
    expect(step.detail).toMatch(/Interrupted/);
  });
});
