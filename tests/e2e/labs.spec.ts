// The library of labs in the browser, on real brokers: a fresh lab dir, the picker one click
// away, "One live, two backups" picked, and its story walked by "Do it for me" while the three
// broker cards and the topology picture follow the live role: live → backup 1 → backup 2 → live.
// Screenshots of each stage land in test-results/labs-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LABS } from '../../shared/labs/index.js';
import { multipleBackups } from '../../shared/labs/multiple-backups.js';
import { doStep, STEP_BOUND } from './lab-page.js';
import { startServe, type Served } from './serve-fixture.js';

const SCREENS = path.resolve('test-results');
let served: Served;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  served = await startServe('ui-e2e-labs');
});
test.afterAll(async () => {
  await served?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `labs-${name}.png`) });
}

/** A step the previous one made hold: the lab sees it done, no click. */
async function expectSeen(page: Page, id: string): Promise<void> {
  const step = page.locator(`[data-step="${id}"]`);
  await expect(step, `step ${id}`).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  await expect(step.locator('.detail')).toContainText('seen by the lab');
}

/** What the picture and the cards say of each broker, as one comparable value. */
async function brokers(page: Page): Promise<Record<string, { picture: string | null; card: string | null }>> {
  const out: Record<string, { picture: string | null; card: string | null }> = {};
  for (const b of multipleBackups.topology.brokers) {
    out[b.id] = {
      picture: await page.locator(`figure.topology [data-topo-broker="${b.id}"]`).getAttribute('data-state'),
      card: await page.getByTestId(`role-${b.id}`).textContent(),
    };
  }
  return out;
}

async function expectBrokers(page: Page, want: Record<string, [picture: string, card: string]>): Promise<void> {
  const expected = Object.fromEntries(Object.entries(want).map(([id, [picture, card]]) => [id, { picture, card }]));
  await expect.poll(() => brokers(page), { timeout: 90_000 }).toEqual(expected);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).exclude('iframe').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test('pick "One live, two backups" on a fresh lab dir and watch the live role move', async ({ page }) => {
  await page.goto(served.url);
  // A fresh dir holds the seed's lab until another is picked; the picker is one click away.
  await expect(page.locator('[data-step]')).toHaveCount(LABS[0]!.story.length);
  await page.getByRole('button', { name: 'Choose a lab…' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a lab' });
  await expect(picker.locator('article[data-lab]')).toHaveCount(LABS.length);
  await expect(picker.locator('[data-lab="replicated-pair"]')).toHaveAttribute('aria-current', 'true');
  await shot(page, '0-picker');
  expect(await seriousViolations(page)).toEqual([]);
  await picker.getByRole('button', { name: `Pick ${multipleBackups.title}` }).click();
  await expect(picker).toBeHidden();

  await expect(page.locator('[data-step]')).toHaveCount(multipleBackups.story.length);
  await expect(page.locator('.cards [data-broker]')).toHaveCount(3);
  await expect(page.locator('figure.topology [data-topo-broker]')).toHaveCount(3);
  await expect(page.getByRole('img', { name: /One live, two backups: 3 brokers/ })).toBeVisible();
  await shot(page, '1-picked');

  await doStep(page, 'prerequisites');
  await doStep(page, 'unpack');
  await expectSeen(page, 'create');
  await expect(page.locator('figure.topology [data-topo-broker="backup2"]')).toHaveAttribute('data-state', 'stopped');

  await doStep(page, 'start-live');
  await doStep(page, 'start-backup1');
  await doStep(page, 'start-backup2');
  await expectBrokers(page, { live: ['live', 'live'], backup1: ['synced-backup', 'backup'], backup2: ['waiting-backup', 'backup'] });
  await expect(page.locator('figure.topology [data-link="replication"].copying')).toHaveAttribute('data-to', 'backup1');
  await shot(page, '2-three-running');
  expect(await seriousViolations(page)).toEqual([]);

  await doStep(page, 'send');
  await expect(page.getByTestId('queue-live')).toHaveText('10');

  await doStep(page, 'kill-live');
  await doStep(page, 'backup1-live');
  await expect(page.locator('.cards [data-broker="backup1"]')).toHaveAttribute('data-live', 'true');
  await expectSeen(page, 'backup2-replicates');
  await expectBrokers(page, { live: ['stopped', 'stopped'], backup1: ['live', 'live'], backup2: ['synced-backup', 'backup'] });
  await shot(page, '3-backup1-live');

  await doStep(page, 'kill-backup1');
  await doStep(page, 'backup2-live');
  await expectBrokers(page, { live: ['stopped', 'stopped'], backup1: ['stopped', 'stopped'], backup2: ['live', 'live'] });
  await expect(page.getByTestId('queue-backup2')).toHaveText('10');
  await shot(page, '4-backup2-live');

  await doStep(page, 'restart-live');
  await doStep(page, 'failback');
  await expectBrokers(page, { live: ['live', 'live'], backup1: ['stopped', 'stopped'], backup2: ['synced-backup', 'backup'] });
  await shot(page, '5-failback-live');

  await doStep(page, 'restart-backup1');
  await expectBrokers(page, { live: ['live', 'live'], backup1: ['waiting-backup', 'backup'], backup2: ['synced-backup', 'backup'] });
  for (const s of multipleBackups.story) await expect(page.locator(`[data-step="${s.id}"]`)).toHaveAttribute('data-status', 'passed');
  await shot(page, '6-all-passed');

  // The picker on a set-up lab with brokers running: stop first, and nothing moves without a yes.
  await page.getByRole('button', { name: 'Labs', exact: true }).click();
  await expect(picker.locator('[data-lab="multiple-backups"]')).toHaveAttribute('aria-current', 'true');
  await picker.getByRole('button', { name: 'Pick Replicated live/backup pair' }).click();
  await expect(page.getByTestId('confirm-switch')).toContainText('are running (Live, Backup 1, Backup 2). Stop them first');
  await shot(page, '7-switch-asks-to-stop');
  await picker.getByRole('button', { name: 'Cancel' }).click();
  await picker.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('tab', { name: /HA timeline/ }).click();
  await expect(page.locator('[data-stopwatch="failover"] .stopwatch-value')).toHaveText(/\d/);
  await shot(page, '8-timeline');
});
