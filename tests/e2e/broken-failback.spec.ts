// A failback that breaks, in the browser, on real brokers: the attendee restarts the master and
// presses "Do it for me" on "Watch the failback"; while the backup copies the journal back, the
// master's JVM is frozen (SIGSTOP, what a laptop lid or a stalled VM does) past the connection TTL,
// then let go. The page must show the hung broker (alarm, card), then say in one sentence what
// broke and what to do — on the step, not after its bound — and "Do it for me" again must repair
// the pair. Screenshots: test-results/broken-failback-*.png.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readBrokerLog } from '../../electron/lab/instances/broker-log.js';
import { doStep, STEP_BOUND } from './lab-page.js';
import { startServe, type Served } from './serve-fixture.js';

const SCREENS = path.resolve('test-results');
let served: Served;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  served = await startServe('e2e-broken-failback');
});
test.afterAll(async () => {
  await served?.stop();
});

/** The instance whose log is read (every day of it: a run may cross midnight's roll). */
function brokerLog(instance: string): string {
  const home = readdirSync(served.labDir).find((d) => d.startsWith('apache-artemis-'))!;
  return path.join(served.labDir, home, 'instances', instance);
}

const count = (instance: string, code: string) => (readBrokerLog(instance) ?? '').split(code).length - 1;
const masterPid = () => (JSON.parse(readFileSync(path.join(served.labDir, 'run', 'master.json'), 'utf8')) as { pid: number }).pid;

/** Resolves once `code` appears in `instance`'s log more often than `before` (polled every 10 ms: the copy lasts well under a second). */
async function nextLine(instance: string, code: string, before: number, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (count(instance, code) <= before) {
    if (Date.now() > deadline) throw new Error(`no new ${code} in ${instance}'s log within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// SIGSTOP, and the OS saying a process is stopped (/proc), are Linux's: CI's and this project's machine.
test.skip(process.platform !== 'linux', 'freezes a JVM with SIGSTOP and reads its state from /proc');

test('the master hangs during the failback: the page says so, then repairs it', async ({ page }) => {
  await page.goto(served.url);
  for (const id of ['prerequisites', 'unpack']) await doStep(page, id);
  await expect(page.locator('[data-step="create"]')).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  for (const id of ['start-master', 'start-backup', 'send', 'stop-master']) await doStep(page, id);
  await expect(page.locator('[data-broker="backup"]')).toHaveAttribute('data-live', 'true', { timeout: STEP_BOUND });

  const backupLog = brokerLog('replicatedSlave');
  const copies = count(backupLog, 'AMQ221025');
  const copying = nextLine(backupLog, 'AMQ221025', copies, STEP_BOUND);
  await doStep(page, 'restart-master');
  const failback = page.locator('[data-step="failback"]');
  const button = failback.getByRole('button', { name: 'Do it for me' });
  if (!(await button.isVisible())) await failback.getByRole('button', { expanded: false }).click();
  await button.click();

  await copying;
  const pid = masterPid();
  const drops = count(backupLog, 'AMQ222092');
  process.kill(pid, 'SIGSTOP');
  try {
    await expect(page.getByTestId('hung-alarm')).toContainText('Master is hung', { timeout: 10_000 });
    await expect(page.getByTestId('role-master')).toHaveText('hung');
    await page.screenshot({ path: path.join(SCREENS, 'broken-failback-1-hung.png') });
    // The backup's connection TTL runs out on the silent master (AMQ222092: replication dropped).
    await nextLine(backupLog, 'AMQ222092', drops, 60_000);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await expect(page.getByTestId('hung-alarm')).toBeHidden({ timeout: 15_000 });

  // One sentence of what broke, one of what to do: on the step, well before its bound.
  await expect(failback).toHaveAttribute('data-status', 'failed', { timeout: 90_000 });
  await expect(failback.locator('.detail')).toContainText(/AMQ229026|AMQ229114/);
  await expect(failback).toContainText(/restart Master|Start Backup again/);
  await page.screenshot({ path: path.join(SCREENS, 'broken-failback-2-said.png') });

  await doStep(page, 'failback');
  await expect(page.locator('[data-broker="master"]')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('role-backup')).toHaveText('backup');
  await page.getByRole('tab', { name: /HA timeline/ }).click();
  await expect(page.getByText(/Master answers again after \d+ s hung\./)).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS, 'broken-failback-3-repaired.png') });
});
