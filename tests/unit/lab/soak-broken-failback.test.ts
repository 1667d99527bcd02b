// The soak's failback wait ends at once, in the lab's words, when the failback broke for good.
import { describe, expect, it } from 'vitest';
import { brokenFailback } from '../../../electron/lab/ops/soak.js';
import type { LabSnapshot } from '../../../shared/lab-state.js';

const snap = (lastError: { code: string; message: string; hint: string | null } | null) =>
  ({ brokers: [{ name: 'master', process: 'running', lastError: null }, { name: 'backup', process: 'crashed', lastError }] }) as unknown as LabSnapshot;

describe('brokenFailback', () => {
  it('names the broker that gave up its synchronization', () => {
    const error = brokenFailback(snap({ code: 'SYNC_GAVE_UP', message: 'Backup gave up copying its journal (AMQ229114), and shut down.', hint: 'Start Backup again.' }));
    expect(error?.code).toBe('SYNC_GAVE_UP');
    expect(error?.message).toContain('AMQ229114');
    expect(error?.hint).toBe('Start Backup again.');
  });

  it('says nothing while the pair is only on its way back', () => {
    expect(brokenFailback(snap(null))).toBeNull();
  });
});
