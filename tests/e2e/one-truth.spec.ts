// One truth across faces and restarts, on real brokers: the CLI's `up` and the app's Start at the
// same moment leave one JVM per broker and both truthful; a CLI `verify` shows in the open app
// within a second; serve killed with -9 and started again shows the same steps and ledger; an
// action that cannot be done (a script without its execute bit, a lab reset from the CLI) is a
// clear error in the app, which keeps running.
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { findInstanceProcesses } from '../../electron/lab/processes/process-utils.js';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import { startServe, type Served } from './serve-fixture.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const STEP_BOUND = 4 * 60_000;
let served: Served;

test.beforeAll(async () => {
  served = await startServe('c-e2e-truth');
});
test.afterAll(async () => {
  await served?.stop();
});

function cli(...args: string[]) {
  return run(process.execPath, [path.join(repo, 'bin/amq-ha-lab.mjs'), '--lab-dir', served.labDir, ...args], { cwd: repo, timeout: 5 * 60_000 });
}

async function doStep(page: Page, id: string): Promise<void> {
  const step = page.locator(`[data-step="${id}"]`);
  const button = step.getByRole('button', { name: 'Do it for me' });
  if (!(await button.isVisible())) await step.getByRole('button', { expanded: false }).click();
  await button.click();
  await expect(step, `step ${id}`).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
}

async function stepStatuses(page: Page): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const step of await page.locator('[data-step]').all()) out[(await step.getAttribute('data-step'))!] = await step.getAttribute('data-status');
  return out;
}

test('one lab whatever the face, through kill -9 and a reset from the CLI', async ({ page }) => {
  await page.goto(served.url);
  await doStep(page, 'prerequisites');
  await doStep(page, 'unpack');
  await expect(page.locator('[data-step="create"]')).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  await doStep(page, 'start-master');
  const config = (await readLabConfig(served.labDir))!;

  // The CLI's `up` and the app's "start the backup" at the same moment.
  const up = cli('up');
  await doStep(page, 'start-backup');
  const upOut = (await up).stdout;
  for (const broker of ['master', 'backup'] as const) expect(await findInstanceProcesses(config.brokers[broker]!.dir), broker).toHaveLength(1);
  const [backupJvm] = await findInstanceProcesses(config.brokers.backup!.dir);
  expect(upOut).toContain(`(pid ${backupJvm})`);
  expect(upOut).toMatch(/backup: passive and synchronized/);

  // A CLI verify in the open app within a second.
  await cli('send', '--count', '10');
  await page.getByRole('tab', { name: 'Message ledger' }).click();
  await cli('verify');
  // Bounded from the moment the CLI has exited.
  await expect(page.locator('.ledger tbody tr').filter({ hasText: 'on the master' })).toHaveCount(1, { timeout: 1000 });

  // serve killed hard, then started again on the same lab: same steps, same ledger.
  const before = await stepStatuses(page);
  expect(before['start-backup']).toBe('passed');
  const dead = new Promise((r) => served.child.once('exit', r));
  served.child.kill('SIGKILL');
  await dead;
  served = await startServe('c-e2e-truth', served.labDir);
  await page.goto(served.url);
  await expect(page.locator('[data-step="start-backup"]')).toHaveAttribute('data-status', 'passed');
  expect(await stepStatuses(page)).toEqual(before);
  await page.getByRole('tab', { name: 'Message ledger' }).click();
  await expect(page.locator('.ledger tbody tr').filter({ hasText: 'on the master' })).toHaveCount(1);

  // A script without its execute bit: a clear error on Start, and the app lives on.
  await cli('down');
  const script = path.join(config.brokers.master!.dir, 'bin', 'artemis');
  chmodSync(script, 0o644);
  try {
    await page.locator('[data-broker="master"]').getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('alert')).toContainText('not executable');
    await expect(page.getByRole('alert')).toContainText('chmod +x');
  } finally {
    chmodSync(script, 0o755);
  }
  expect(served.child.exitCode).toBeNull();

  // Reset from the CLI under the open app: the app follows within a second and keeps running.
  await cli('reset', '--yes');
  await expect(page.locator('[data-broker="master"]')).toContainText(/not created/i, { timeout: 1000 });
  await expect(page.getByText(/0 of \d+ verified/)).toBeVisible();
  expect(served.child.exitCode).toBeNull();
  await page.screenshot({ path: path.resolve('test-results/screens/one-truth-after-reset.png') });
});
