// The facade every face calls: contract validation and clear errors before any broker exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import type { RequestMethod } from '../../../shared/contract.js';

let labDir: string;
let lab: Lab;

beforeEach(async () => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-facade-'));
  lab = await createLab({ labDir, installsDir: path.join(labDir, 'installs') });
});
afterEach(async () => {
  await lab.close();
  fs.rmSync(labDir, { recursive: true, force: true });
});

async function errorOf(method: RequestMethod, params: unknown): Promise<LabError> {
  const error = await lab.request(method, params as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LabError);
  return error as LabError;
}

describe('the lab facade before setup', () => {
  it('gives a snapshot that says nothing is set up, with every workshop step pending', async () => {
    const s = await lab.request('lab.snapshot', {});
    expect(s).toMatchObject({ setup: 'none', config: null, brokers: [], labDir });
    expect(s.steps.length).toBeGreaterThan(10);
    expect(s.steps.every((step) => step.status === 'pending')).toBe(true);
    expect(lab.snapshot().seq).toBeGreaterThanOrEqual(s.seq);
  });

  it('refuses bad params with BAD_REQUEST, naming the field', async () => {
    const bad = await errorOf('broker.start', { broker: '../primary' });
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toContain('broker');
    expect((await errorOf('messages.send', { count: 0 })).code).toBe('BAD_REQUEST');
    expect((await errorOf('lab.reset', {})).code).toBe('BAD_REQUEST');
    expect((await errorOf('step.run', { id: 'no-such-step' })).code).toBe('BAD_REQUEST');
  });

  it('says to run setup first for anything that needs brokers', async () => {
    for (const [method, params] of [
      ['lab.up', {}],
      ['broker.start', { broker: 'master' }],
      ['broker.stop', { broker: 'backup', crash: true }],
      ['messages.send', { count: 10 }],
    ] as const) {
      const error = await errorOf(method, params);
      expect(error.code).toBe('NOT_SET_UP');
      expect(error.hint).toContain('amq-ha-lab setup');
      expect(error.fix).toBe('set-up');
    }
  });

  it('a setup without any broker zip fails with where to put one; the step light says so too', async () => {
    const error = await errorOf('lab.setup', {});
    expect(error.code).toBe('NO_ZIP');
    // The CLI keeps its command; every face also gets the fix by name, for the app's own button.
    expect(error.hint).toContain('amq-ha-lab setup --download');
    expect(error.toInfo()).toMatchObject({ code: 'NO_ZIP', fix: 'download-broker' });
    const step = await lab.request('step.run', { id: 'unpack' });
    expect(step).toMatchObject({ id: 'unpack', status: 'failed', fix: 'download-broker' });
    expect(step.hint).toContain('amq-ha-lab setup --download');
    expect(lab.snapshot().steps.find((s) => s.id === 'unpack')?.status).toBe('failed');
    const skipped = await lab.request('step.skip', { id: 'unpack' });
    expect(skipped.status).toBe('skipped');
  });
});
