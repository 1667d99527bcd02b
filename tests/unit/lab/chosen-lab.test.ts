// The lab picked for a dir not set up yet is the lab dir's, not one face's: the app's picker and
// the CLI (and the app after a restart) show the same lab and the same steps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { multipleBackups } from '../../../shared/labs/multiple-backups.js';

const labs: Lab[] = [];
let labDir: string;

afterEach(async () => {
  for (const l of labs.splice(0)) await l.close();
  fs.rmSync(labDir, { recursive: true, force: true });
});

async function open(face: string): Promise<Lab> {
  const lab = await createLab({ labDir, installsDir: path.join(labDir, 'installs'), face });
  labs.push(lab);
  return lab;
}

describe('the chosen lab', () => {
  it('is seen by a face opened later and followed by a face already open within a second', async () => {
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chosen-lab-'));
    const app = await open('the app');
    const cliOpenBefore = await open('the CLI');
    expect(app.snapshot().lab).toBe('replicated-pair');

    await app.request('lab.choose', { lab: 'multiple-backups' });
    expect(app.snapshot().lab).toBe('multiple-backups');

    const cliLater = await open('the CLI');
    expect(cliLater.snapshot().lab).toBe('multiple-backups');
    expect(cliLater.snapshot().steps.map((s) => s.id)).toEqual(multipleBackups.story.map((s) => s.id));

    await cliOpenBefore.monitor.waitFor((s) => s.lab === 'multiple-backups', 1500, 'the open face to follow the choice');
  });
});
