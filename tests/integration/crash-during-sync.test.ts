// Issue 3's fault "a crash during synchronization", on real brokers. The master holds a journal
// big enough that the backup's initial copy takes seconds (60 000 durable messages: four 10 MB
// journal files, 1-4 s of AMQ221025 lines on this machine), and is killed as soon as it starts
// sending. What Artemis 2.44.0 really does then: the backup votes, logs AMQ221071 (failing over),
// then ERROR AMQ224000 with the cause AMQ229026 "Backup Server was not yet in sync with live" on
// the exception line, and stays a running, passive JVM that never retries, not even when the
// master comes back. The attendee must see exactly that: no live backup with part of the data, no
// failover stopwatch that ends, a step check that says why, and a hint that works.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../electron/lab/lab.js';
import { BOUNDS } from '../../electron/lab/lab-bounds.js';
import { brokerOf } from '../../shared/labs/checks.js';
import { runStep } from '../../electron/lab/story/workshop.js';
import type { LabSnapshot } from '../../shared/lab-state.js';
import { replicatedPair } from '../../shared/labs/replicated-pair.js';
import { stepOf } from '../../shared/labs/story.js';

const stepById = (id: string) => stepOf(replicatedPair, id);
import { brokerLogText, INSTALLS_DIR, makeTempLabDir, testPortOffset } from './test-env.js';

const MESSAGES = 60_000;
const BATCH = 20_000;

let labDir: string;
let lab: Lab;

const backupOf = (s: LabSnapshot) => brokerOf(s, 'backup')!;
const refused = (s: LabSnapshot) => brokerOf(s, 'backup')?.lastError?.code === 'BACKUP_NOT_SYNCHRONIZED';

beforeAll(async () => {
  labDir = await makeTempLabDir('crash-during-sync');
  lab = await createLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset() });
  await lab.setup({});
  await lab.startBroker('master', { wait: false });
  await lab.monitor.waitFor((s) => !!brokerOf(s, 'master')?.live, BOUNDS.startLive, 'the master to be live', (s) => lab.diedWhileStarting(s, 'master'));
  for (let sent = 0; sent < MESSAGES; sent += BATCH) await lab.send(BATCH, { newRun: sent === 0 });
});

afterAll(async () => {
  if (lab) {
    await lab.down();
    await lab.close();
  }
  if (labDir) await fs.rm(labDir, { recursive: true, force: true });
});

describe('the master killed while the backup is still synchronizing', () => {
  it('the backup refuses to take over, stays passive, and the lab says why', async () => {
    await lab.startBroker('backup', { wait: false });
    await lab.monitor.waitFor(
      (s) => s.events.some((e) => e.broker === 'master' && e.code === 'AMQ221025'),
      BOUNDS.backupSync,
      'the master to start sending its journal to the backup (AMQ221025)',
      (s) => lab.diedWhileStarting(s, 'backup'),
    );
    await lab.stopBroker('master', { crash: true });

    // The fault only happened if the kill landed before the copy was done.
    const backupLog = brokerLogText(lab.requireConfig().brokers.backup!.dir);
    expect(backupLog, `the backup synchronized before the kill: raise MESSAGES (${MESSAGES})`).not.toContain('AMQ221024');

    const s = await lab.monitor.waitFor(
      (x) => refused(x) || backupOf(x).live,
      BOUNDS.failover,
      'the backup to take over or to refuse (AMQ229026)',
    );
    expect(backupOf(s)).toMatchObject({ process: 'running', live: false, queues: { haQueue: null } });
    expect(backupOf(s).replicaSync).not.toBe(true);
    expect(backupOf(s).lastError).toMatchObject({
      code: 'BACKUP_NOT_SYNCHRONIZED',
      message: expect.stringContaining('AMQ229026'),
      hint: expect.stringContaining('restart Backup (stop it, then start it)'),
    });
    expect(s.events).toContainEqual(
      expect.objectContaining({ broker: 'backup', code: 'AMQ229026', kind: 'sync-failed', text: expect.stringContaining('not yet in sync') }),
    );
    // The stopwatch started with the kill and stays open: no failover happened.
    expect(s.stopwatch.failover).toMatchObject({ endedAt: null, ms: null });

    const check = stepById('backup-live')!.check(s);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/cannot take over.*AMQ229026/);
    // "Do it for me" on that step fails at once with the reason, rather than at its bound.
    const step = await runStep(lab, 'backup-live');
    expect(step).toMatchObject({ status: 'failed', detail: expect.stringContaining('AMQ229026'), hint: expect.stringContaining('restart Backup (stop it, then start it)') });
    expect(step.detail).not.toMatch(/Timed out/);

    // A fresh Jolokia reading, taken after the refusal, agrees: a passive backup, not in sync.
    const fresh = backupOf(await lab.monitor.refresh());
    expect(fresh).toMatchObject({ process: 'running', live: false, backup: true, replicaSync: false, jolokia: 'ok', queues: { haQueue: null } });
    expect(fresh.lastError?.code).toBe('BACKUP_NOT_SYNCHRONIZED');
  });

  it('the hint works: master started again, backup restarted, the pair is whole with every message', async () => {
    await lab.startBroker('master', { wait: false });
    let s = await lab.monitor.waitFor((x) => !!brokerOf(x, 'master')?.live, BOUNDS.startLive, 'the master to be live again', (x) => lab.diedWhileStarting(x, 'master'));
    // The master's return changes nothing for the refused backup (Artemis does not retry).
    expect(backupOf(s)).toMatchObject({ live: false, lastError: expect.objectContaining({ code: 'BACKUP_NOT_SYNCHRONIZED' }) });
    expect(s.stopwatch.failback).toBeNull();

    await lab.stopBroker('backup');
    await lab.startBroker('backup', { wait: false });
    s = await lab.monitor.waitFor(
      (x) => {
        const b = backupOf(x);
        return b.process === 'running' && !b.live && b.replicaSync === true && !!brokerOf(x, 'master')?.live && brokerOf(x, 'master')?.queues.haQueue === MESSAGES;
      },
      BOUNDS.backupSync,
      'the restarted backup to synchronize with the master holding every message',
      (x) => lab.diedWhileStarting(x, 'backup'),
    );
    expect(backupOf(s).lastError).toBeNull();
    expect(stepById('start-backup')!.check(s).ok).toBe(true);
  });
});
