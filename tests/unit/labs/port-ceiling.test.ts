// How far the test port offset may go: computed from the labs' own ports (the same function setup
// refuses an offset with), and checked by `npm test` before anything runs.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { highestLabPort, largestPortOffset } from '../../../electron/lab/instances/port-ceiling.js';
import { setupLab } from '../../../electron/lab/instances/setup.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { LABS } from '../../../shared/labs/index.js';
import { splitBrain } from '../../../shared/labs/split-brain.js';
import { REPO_ROOT, testPortOffset } from '../../integration/test-env.js';

const saved = process.env.LAB_TEST_PORT_OFFSET;
afterEach(() => {
  if (saved === undefined) delete process.env.LAB_TEST_PORT_OFFSET;
  else process.env.LAB_TEST_PORT_OFFSET = saved;
});

describe('the largest port offset a lab takes', () => {
  it('puts every lab’s highest port exactly at 65535; the split-brain lab’s wire leaves 2769', () => {
    for (const lab of LABS) expect(highestLabPort(lab, largestPortOffset(lab)), lab.id).toBe(65535);
    expect(largestPortOffset(splitBrain)).toBe(2769);
  });

  it('is the figure setup names when it refuses an offset one higher', async () => {
    const labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-ceiling-'));
    try {
      const error = await setupLab({ lab: splitBrain, labDir, installsDir: labDir, portOffset: 2770 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabError);
      expect((error as LabError).hint).toBe('Use a --port-offset of at most 2769.');
    } finally {
      fs.rmSync(labDir, { recursive: true, force: true });
    }
  });
});

describe('LAB_TEST_PORT_OFFSET', () => {
  it('is refused above the tightest lab’s room, in one line naming the lab and the largest that fits', () => {
    process.env.LAB_TEST_PORT_OFFSET = '3000';
    expect(() => testPortOffset()).toThrow("LAB_TEST_PORT_OFFSET=3000 is too large: the split-brain lab's ports reach 65535 at 2769; use 0..2769");
    process.env.LAB_TEST_PORT_OFFSET = '2769';
    expect(testPortOffset()).toBe(2769);
  });

  it('stops `npm test` in its pretest, before anything is fetched or started', async () => {
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/pretest.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, LAB_TEST_PORT_OFFSET: '3000' },
    }).then(
      () => null,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(run?.code).toBe(1);
    expect(run?.stdout).toBe('');
    expect(run?.stderr?.trim()).toBe("pretest: LAB_TEST_PORT_OFFSET=3000 is too large: the split-brain lab's ports reach 65535 at 2769; use 0..2769");
  }, 30_000);
});
