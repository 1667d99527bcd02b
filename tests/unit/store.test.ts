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

    lab.failNext('node.start', { code: 'PORT_IN_USE', message: 'Port 61616 is held by nc (pid 9).', hint: 'Stop it.' });
    expect(await store.getState().call('node.start', { node: 'master' })).toBeUndefined();
    expect(store.getState().error).toEqual({ code: 'PORT_IN_USE', message: 'Port 61616 is held by nc (pid 9).', hint: 'Stop it.', action: 'node.start' });
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
