// The whole workshop story in the browser, on real brokers: every step by "Do it for me", every
// light turning passed, both consoles logged in and showing haQueue's 10 messages where the story
// says they are. Screenshots of each stage land in test-results/screens/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { replicatedPair } from '../../shared/labs/replicated-pair.js';

const WORKSHOP_STEPS = replicatedPair.story;
import { doStep, STEP_BOUND } from './lab-page.js';
import { startServe, type Served } from './serve-fixture.js';

const SCREENS = path.resolve('test-results/screens');
let served: Served;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  served = await startServe('c-e2e-story');
});
test.afterAll(async () => {
  await served?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

/**
 * A step the lab sees done without a click: the step before it made it hold (as an attendee's
 * terminal command would). Its light must still turn passed.
 */
async function expectSeen(page: Page, id: string): Promise<void> {
  const step = page.locator(`[data-step="${id}"]`);
  await expect(step, `step ${id}`).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  await expect(step.locator('.detail')).toContainText('seen by the lab');
}

/**
 * "Watch the failback" by "Do it for me", as an attendee meets it with traffic running and both
 * consoles open. On this 2-core machine the copy back to the returning master still breaks in
 * about 3 runs of 10 (Artemis 2.44.0: the live hears nothing from the replica during its final
 * handshake, AMQ229014, AMQ229114; docs/failback.md, cause not fixed yet). The product must then
 * say so in one sentence on the step, and "Do it for me" again must repair the pair: that is
 * asserted, and the break is printed, so the test still fails on a silent or unrepaired failback.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  // The consoles are Artemis's own pages: judged by their authors, not by this test.
  const result = await new AxeBuilder({ page }).exclude('iframe').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

function consoleFrame(page: Page, broker: 'master' | 'backup') {
  return page.frameLocator(`[data-console="${broker}"] iframe`);
}

/** The console pane shows hawtio's Browse view of haQueue with `count` messages, logged in. */
async function expectConsoleHolds(page: Page, broker: 'master' | 'backup', count: number): Promise<void> {
  await page.getByRole('tab', { name: 'Web consoles' }).click();
  const frame = consoleFrame(page, broker);
  await expect(frame.getByText('Browsing haQueue')).toBeVisible({ timeout: 90_000 });
  await expect(frame.locator('table tbody tr')).toHaveCount(count, { timeout: 30_000 });
  // Logged in: hawtio shows the user, and no login form is anywhere in the frame.
  await expect(frame.getByText('admin', { exact: true }).first()).toBeAttached();
  await expect(frame.locator('input[type="password"]')).toHaveCount(0);
}

test('the whole story, step by step, in the browser', async ({ page }) => {
  const ids = WORKSHOP_STEPS.map((s) => s.id);
  expect(ids[0]).toBe('prerequisites');

  await page.goto(served.url);
  await expect(page.locator('[data-step]')).toHaveCount(WORKSHOP_STEPS.length);
  await expect(page.locator('[data-broker="master"]')).toBeVisible();
  await expect(page.locator('[data-broker="backup"]')).toBeVisible();
  await shot(page, '01-start');
  expect(await seriousViolations(page)).toEqual([]);

  // Step 1 by keyboard: the first "Do it for me" is reachable and works with Enter.
  const first = page.locator('[data-step="prerequisites"]').getByRole('button', { name: 'Do it for me' });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-step="prerequisites"]')).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  await shot(page, '02-prerequisites');

  await doStep(page, 'unpack');
  await expectSeen(page, 'create');
  // The passed step folds away; open it again to read what setup changed and why.
  await page.locator('[data-step="create"]').getByRole('button', { name: /Create the live and backup brokers/ }).click();
  await expect(page.getByText('What changed in each broker.xml, and why')).toBeVisible();
  await shot(page, '03-created');

  await doStep(page, 'start-master');
  await expect(page.locator('[data-broker="master"]')).toHaveAttribute('data-live', 'true');
  await doStep(page, 'start-backup');
  await expect(page.locator('[data-broker="backup"] [data-testid="role-backup"]')).toHaveText('backup');
  await shot(page, '04-pair-running');

  await doStep(page, 'send');
  await expectSeen(page, 'master-holds');
  await expect(page.locator('[data-testid="queue-master"]')).toHaveText('10');
  await expectConsoleHolds(page, 'master', 10);
  await shot(page, '05-master-console-10');

  await expectSeen(page, 'backup-no-queue');
  await shot(page, '06-backup-passive');

  await doStep(page, 'traffic');

  await doStep(page, 'stop-master');
  await expectSeen(page, 'backup-live');
  await expect(page.locator('[data-broker="backup"]')).toHaveAttribute('data-live', 'true');
  await expect(page.locator('[data-broker="backup"] [data-testid="role-backup"]')).toHaveText('live');
  await doStep(page, 'backup-holds');
  await expectConsoleHolds(page, 'backup', 10);
  await shot(page, '07-failover-backup-console-10');

  // The client kept running: the chart shows the failover's gap, the outage table its length.
  await page.getByRole('tab', { name: /Live traffic/ }).click();
  await expect(page.locator('.traffic-gaps [data-testid="gap-ms"]').first()).toHaveText(/\d/);
  await expect(page.locator('.traffic canvas').first()).toBeVisible();
  await shot(page, '07b-traffic-through-failover');

  await page.getByRole('tab', { name: /HA timeline/ }).click();
  await expect(page.locator('[data-stopwatch="failover"] .stopwatch-value')).toHaveText(/\d/);
  await shot(page, '08-timeline-failover');

  // The traffic keeps running through the failback, as an attendee leaves it: the failback step
  // stops it at the end and its account must be final and clean (docs/failback.md).
  // Both consoles stay in view meanwhile, browsing haQueue (the view that was open when it broke).
  await page.getByRole('tab', { name: /Live traffic/ }).click();
  await expect(page.getByText(/running at \d+ msg\/s/)).toBeVisible();
  await page.getByRole('tab', { name: 'Web consoles' }).click();
  await doStep(page, 'restart-master');
  // Traffic running, consoles open: the failback passes (docs/failback.md: replication has its own acceptor).
  await doStep(page, 'failback');
  await expect(page.locator('[data-broker="master"]')).toHaveAttribute('data-live', 'true');
  await page.getByRole('tab', { name: /Live traffic/ }).click();
  await expect(page.getByText(/stopped at .*: the final account/)).toBeVisible();
  for (const counter of ['lost', 'duplicated']) await expect(page.locator(`[data-counter="${counter}"] dd`)).toHaveText('0');
  await shot(page, '08b-traffic-through-failback');
  await expect(page.locator('[data-broker="backup"] [data-testid="role-backup"]')).toHaveText('backup');
  await page.getByRole('tab', { name: 'Message ledger' }).click();
  await expect(page.locator('.ledger tbody tr').last()).toContainText('master');
  await shot(page, '09-failback-ledger');

  await page.getByRole('tab', { name: /HA timeline/ }).click();
  await expect(page.locator('[data-stopwatch="failback"] .stopwatch-value')).toHaveText(/\d/);
  await shot(page, '10-timeline-failback');

  for (const id of ids) await expect(page.locator(`[data-step="${id}"]`)).toHaveAttribute('data-status', 'passed');

  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByLabel('Code').fill('AMQ2210');
  await shot(page, '11-logs-filtered');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByRole('tab', { name: 'Web consoles' }).click();
  await shot(page, '12-dark-consoles');
  expect(await seriousViolations(page)).toEqual([]);
});
