// Issue 16's broken failback, made deterministic on real brokers: the master comes back, and while
// the backup copies the journal back to it, the master's JVM is frozen (SIGSTOP) for longer than
// the connection TTL, then let go (SIGCONT). What Artemis 2.44.0 does then (docs/failback.md): the
// backup notices the silence (AMQ229014), drops replication (AMQ222092) and, 30 s later, gives up
// the synchronization (AMQ229114); the half-copied master refuses to take over (AMQ229026) — or,
// when its copy was further along, goes live while the backup shuts down. Either way the lab must
// say so in one sentence while the failback step runs (not wait out its bound), show the hung
// broker while it is frozen, and "Do it for me" on the failed step must repair the pair.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../electron/lab/lab.js';
import { BOUNDS } from '../../electron/lab/lab-bounds.js';
import { brokerOf } from '../../shared/labs/checks.js';
import { runStep } from '../../electron/lab/story/workshop.js';
import type { LabSnapshot } from '../../shared/lab-state.js';
import { INSTALLS_DIR, makeTempLabDir, testPortOffset } from './test-env.js';
import { labBrokerJvms } from './lab-cli.js';

/** Enough journal that the copy back to the master takes a second or more (AMQ221025 lines). */
const MESSAGES = 20_000;

let labDir: string;
let lab: Lab;

const master = (s: LabSnapshot) => brokerOf(s, 'master')!;
const backup = (s: LabSnapshot) => brokerOf(s, 'backup')!;

// SIGSTOP, and the OS saying a process is stopped (/proc), are Linux's: CI's and this project's machine.
describe.skipIf(process.platform !== 'linux')('a failback whose returning master hangs during its copy', () => {
  beforeAll(async () => {
    labDir = await makeTempLabDir('broken-failback');
    lab = await createLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset() });
    await lab.setup({});
    await lab.startBroker('master');
    await lab.monitor.waitFor((s) => !!master(s).live, BOUNDS.startLive, 'the master to be live');
    await lab.startBroker('backup');
    await lab.monitor.waitFor((s) => backup(s).replicaSync === true, BOUNDS.backupSync, 'the backup to synchronize');
    await lab.send(MESSAGES, { newRun: true });
    await lab.stopBroker('master');
    await lab.monitor.waitFor((s) => !!backup(s).live, BOUNDS.failover, 'the backup to take over');
  });

  afterAll(async () => {
    if (lab) {
      await lab.down();
      expect(await labBrokerJvms(labDir)).toEqual([]);
      await lab.close();
    }
    if (labDir) await fs.rm(labDir, { recursive: true, force: true });
  });

  it('is said while the step runs, shows the hung broker, and "Do it for me" repairs it', async () => {
    const restartedAt = new Date().toISOString();
    await lab.startBroker('master', { wait: false });
    // The attendee presses "Do it for me" on the failback step as soon as the master runs.
    const firstTry = runStep(lab, 'failback');
    await lab.monitor.waitFor(
      (s) => s.events.some((e) => e.broker === 'backup' && e.code === 'AMQ221025' && e.time >= restartedAt),
      BOUNDS.failback,
      'the backup to start copying the journal back to the master (AMQ221025)',
    );
    const pid = master(lab.snapshot()).pid!;
    process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      const hung = await lab.monitor.waitFor((s) => master(s).hung?.why === 'stopped', 5000, 'the master shown hung');
      expect(hung.events.some((e) => e.broker === 'master' && e.kind === 'hung' && e.text.startsWith('Master is hung'))).toBe(true);
      // The backup's connection TTL runs out on the silent master.
      await lab.monitor.waitFor(
        (s) => s.events.some((e) => e.broker === 'backup' && e.code === 'AMQ222092' && Date.parse(e.time) >= frozenAt - 1000),
        60_000,
        'the backup to drop replication to the silent master (AMQ222092)',
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await lab.monitor.waitFor((s) => !master(s).hung, 15_000, 'the master to answer again');
    expect(lab.snapshot().events.some((e) => e.broker === 'master' && /^Master answers again after \d+ s hung\.$/.test(e.text))).toBe(true);

    const failed = await firstTry;
    console.log(`failback step after the freeze: ${failed.status} in ${failed.ms} ms — ${failed.detail} | ${failed.hint}`);
    expect(failed.status).toBe('failed');
    // One sentence that says what broke and one that says what to do, in the lab's own words.
    expect(failed.detail).toMatch(/AMQ229026|AMQ229114/);
    expect(failed.hint).toMatch(/^(Artemis does not retry by itself: .*restart Master|Start Backup again)/);
    // It failed early: well inside the failback bound.
    expect(failed.ms!).toBeLessThan(BOUNDS.failback / 2);

    const repaired = await runStep(lab, 'failback');
    expect(repaired, JSON.stringify(repaired)).toMatchObject({ status: 'passed' });
    const s = lab.snapshot();
    expect(master(s)).toMatchObject({ live: true, lastError: null });
    expect(backup(s)).toMatchObject({ live: false, replicaSync: true, process: 'running' });
    const check = s.ledger.checks.at(-1)!;
    expect(check).toMatchObject({ broker: 'master', lost: 0, duplicated: 0 });
    expect(check.present).toBe(check.sent);
  });
});
