import { describe, expect, it } from 'vitest';
import { createLabStore } from '../../renderer/src/store.js';
import { createFakeLab } from './fake-lab.js';
import { bridgeFor } from './fake-bridge.js';

describe('renderer store', () => {
  it('holds the latest whole snapshot the lab pushed', async () => {
    const lab = createFakeLab();
    const store = createLabStore(bridgeFor(lab));
    expect(store.getState().snapshot?.setup).toBe('none');
    lab.mutate((s) => {
      s.setup = 'unpacked';
    });
    expect(store.getState().snapshot?.setup).toBe('unpacked');
    expect(store.getState().snapshot).toBe(lab.snapshot());
    await expect.poll(() => store.getState().shell?.shell).toBe('serve');
  });

  it('marks an action busy while it runs and keeps the lab error whole', async () => {
    const lab = createFakeLab({ stepDelayMs: 20 });
    const store = createLabStore(bridgeFor(lab));
    const pending = store.getState().call('doctor.run', {});
    expect(store.getState().busy['doctor.run']).toBe(true);
    await pending;
    expect(store.getState().busy['doctor.run']).toBeUndefined();

    lab.failNext('broker.start', { code: 'PORT_IN_USE', message: 'Port 61616 is held by nc (pid 9).', hint: 'Stop it.' });
    expect(await store.getState().call('broker.start', { broker: 'master' })).toBeUndefined();
    expect(store.getState().error).toEqual({ code: 'PORT_IN_USE', message: 'Port 61616 is held by nc (pid 9).', hint: 'Stop it.', action: 'broker.start', step: null });
    store.getState().dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('runs setup for the unpack step and keeps its report for the page', async () => {
    const lab = createFakeLab();
    const store = createLabStore(bridgeFor(lab));
    await store.getState().runStep('unpack');
    expect(lab.calls.map((c) => c.method)).toEqual(['lab.setup', 'step.run']);
    expect(store.getState().setupReport?.lines.some((l) => l.includes('allow-failback'))).toBe(true);
    expect(store.getState().snapshot?.steps.find((s) => s.id === 'unpack')?.status).toBe('passed');
    await store.getState().runStep('create');
    expect(lab.calls.map((c) => c.method)).toEqual(['lab.setup', 'step.run', 'step.run']);
  });
});

describe('the error shown is one that is true now', () => {
  it('goes when the same action later succeeds, not when another one does', async () => {
    const lab = createFakeLab();
    const store = createLabStore(bridgeFor(lab));
    lab.failNext('doctor.run', { code: 'COMMAND_FAILED', message: 'The checks could not run.', hint: null });
    await store.getState().call('doctor.run', {});
    await store.getState().call('lab.snapshot', {});
    expect(store.getState().error?.message).toBe('The checks could not run.');
    await store.getState().call('doctor.run', {});
    expect(store.getState().error).toBeNull();
  });

  it('goes once the fix it names is done: "no zip" goes when a zip is there', async () => {
    const lab = createFakeLab({ noZips: true });
    const store = createLabStore(bridgeFor(lab));
    await store.getState().refreshZips();
    await store.getState().runStep('unpack');
    expect(store.getState().error).toMatchObject({ code: 'NO_ZIP', fix: 'download-broker', action: 'lab.setup', step: 'unpack' });
    // Snapshots about other things leave it alone.
    await store.getState().call('doctor.run', {});
    expect(store.getState().error?.code).toBe('NO_ZIP');
    await store.getState().downloadBroker();
    expect(store.getState().error).toBeNull();
  });

  it('goes once the step that raised it passes, but not for a pass from before it', async () => {
    const lab = createFakeLab();
    const store = createLabStore(bridgeFor(lab));
    await store.getState().runStep('unpack');
    expect(store.getState().snapshot?.steps.find((s) => s.id === 'unpack')?.status).toBe('passed');
    // A Redo whose setup fails: the step's earlier pass does not take the new error away.
    lab.failNext('lab.setup', { code: 'COMMAND_FAILED', message: '`artemis create` failed (exit 1).', hint: null });
    lab.failNext('step.run', { code: 'LAB_BUSY', message: 'The lab is busy.', hint: null });
    await store.getState().runStep('unpack');
    expect(store.getState().error).toMatchObject({ code: 'LAB_BUSY', step: 'unpack' });
    lab.mutate((s) => {
      s.steps.find((x) => x.id === 'unpack')!.status = 'running';
    });
    expect(store.getState().error?.code).toBe('LAB_BUSY');
    lab.mutate((s) => {
      s.steps.find((x) => x.id === 'unpack')!.status = 'passed';
    });
    expect(store.getState().error).toBeNull();
  });
});
