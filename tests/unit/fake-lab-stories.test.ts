// The fake lab against every lab's own story: built from the definition alone, "Do it for me" on
// each step in order turns it passed by the lab's own check, and a check the fake cannot make hold
// fails the step with what the check saw, as a real timeout does. The component tests rest on this.
import { describe, expect, it } from 'vitest';
import { LABS } from '../../shared/labs/index.js';
import { createFakeLab } from './fake-lab.js';

describe('the fake lab plays every story', () => {
  it.each(LABS.map((l) => [l.id, l] as const))('%s: every step passes in story order', async (_id, def) => {
    const lab = createFakeLab({ lab: def.id });
    expect(lab.snapshot().steps.map((s) => s.id)).toEqual(def.story.map((s) => s.id));
    const outcome: Record<string, string> = {};
    for (const step of def.story) {
      const state = await lab.request('step.run', { id: step.id });
      outcome[step.id] = state.status === 'passed' ? 'passed' : `${state.status}: ${state.detail}`;
    }
    expect(outcome).toEqual(Object.fromEntries(def.story.map((s) => [s.id, 'passed'])));
    // The brokers are the topology's, named and labelled as the lab says.
    expect(lab.snapshot().brokers.map((n) => [n.name, n.label])).toEqual(def.topology.brokers.map((b) => [b.id, b.label]));
  });

  it('a failover keeps every message: the backup that takes over holds what the ledger sent', async () => {
    const lab = createFakeLab({ lab: 'multiple-backups' });
    for (const id of ['unpack', 'start-live', 'start-backup1', 'start-backup2', 'send']) await lab.request('step.run', { id });
    await lab.request('broker.stop', { broker: 'live', crash: true });
    const s = lab.snapshot();
    expect(s.brokers.map((n) => [n.name, n.process, n.live, n.replicaSync, n.queues.haQueue])).toEqual([
      ['live', 'crashed', false, null, null],
      ['backup1', 'running', true, true, 10],
      ['backup2', 'running', false, true, null],
    ]);
    expect(s.stopwatch.failover).toMatchObject({ broker: 'live', to: 'backup1', ms: expect.any(Number) });
    expect(s.groupStopwatches.live?.failover?.to).toBe('backup1');
  });

  it("a step the fake cannot make hold fails with the check's own words and the step's hint", async () => {
    const lab = createFakeLab({ lab: 'multiple-backups' });
    for (const id of ['unpack', 'start-live']) await lab.request('step.run', { id });
    // Out of order: backup 2 connects first, so it becomes the replica, not the one that waits.
    const state = await lab.request('step.run', { id: 'start-backup2' });
    expect(state.status).toBe('failed');
    expect(state.detail).toBe(
      'Timed out after 120 s waiting for "Start backup 2: it waits" to hold. Last seen: Backup 1: stopped, not live. Backup 2: running, passive backup, synchronized: true.',
    );
    expect(state.hint).toMatch(/^If backup 2 synchronized instead/);
  });

  it('a wait that never ends is a failed step saying what it waited for', async () => {
    const lab = createFakeLab({ lab: 'shared-store' });
    for (const id of ['unpack', 'start-live', 'start-backup', 'send']) await lab.request('step.run', { id });
    // Stopped gracefully instead of crashed: failover-on-shutdown is false, so the backup keeps waiting.
    await lab.request('broker.stop', { broker: 'live' });
    const state = await lab.request('step.run', { id: 'backup-live' });
    expect(state).toMatchObject({ status: 'failed', detail: 'Timed out after 60 s waiting for the backup to be live.' });
  });
});
