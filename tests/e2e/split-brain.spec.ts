// Split brain in the browser, on real brokers: a fresh lab dir, the split-brain lab picked, the
// pair started through the lab's wire, then the wire cut with the topology's own ✂ button (not the
// step's): the line shows the cut, the backup goes live beside the primary, the cards show two
// LIVE and the red alarm says split brain. Each side takes its own messages; healing the wire
// leaves them in two places or stranded, which the ledger says per message; the round-trip plot
// shows what 50 ms on the wire costs every durable send. Screenshots: test-results/split-brain-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { splitBrain } from '../../shared/labs/split-brain.js';
import { doStep, STEP_BOUND } from './lab-page.js';
import { startServe, type Served } from './serve-fixture.js';

const SCREENS = path.resolve('test-results');
const WIRE = 'figure.topology [data-wire="primary|backup"]';
let served: Served;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  // Under os.tmpdir()/e2e-split-brain-*, so a leftover lab is easy to find.
  served = await startServe('e2e-split-brain');
});
test.afterAll(async () => {
  await served?.stop();
});

test('cut the wire from the topology: two live brokers, the alarm, where each message ended up', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Choose a lab…' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a lab' });
  await picker.getByRole('button', { name: `Pick ${splitBrain.title}` }).click();
  await expect(picker).toBeHidden();
  await expect(page.locator('[data-step]')).toHaveCount(splitBrain.story.length);

  await doStep(page, 'prerequisites');
  await doStep(page, 'unpack');
  await expect(page.locator('[data-step="create"]')).toHaveAttribute('data-status', 'passed', { timeout: STEP_BOUND });
  await doStep(page, 'start-primary');
  await doStep(page, 'start-backup');
  // Replication crosses the relay: the line is the wire, open and carrying connections.
  await expect(page.locator(WIRE)).toHaveAttribute('data-wire-state', 'open');
  await expect(page.locator(`${WIRE} .topo-wire-label`)).toHaveText(/wire · [1-9]\d* conn\./);
  await doStep(page, 'slow-wire');
  await expect(page.getByTestId('round-trip-summary')).toContainText('0 ms on the wire: median');
  await expect(page.getByTestId('round-trip-summary')).toContainText('50 ms on the wire: median');
  await doStep(page, 'send');
  await expect(page.getByTestId('queue-primary')).toHaveText('10');
  await expect(page.getByTestId('split-brain-alarm')).toHaveCount(0);

  // The attendee's scissors: the topology's button, not the step.
  await page.getByRole('button', { name: 'Cut the wire between Primary and Backup' }).click();
  await expect(page.locator(WIRE)).toHaveAttribute('data-wire-state', 'cut');
  await expect(page.locator(`${WIRE} .topo-wire-gap`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Heal the wire between Primary and Backup' })).toBeVisible();

  await doStep(page, 'two-live');
  await expect(page.locator('.cards [data-broker="primary"]')).toHaveAttribute('data-live', 'true');
  await expect(page.locator('.cards [data-broker="backup"]')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('role-primary')).toHaveText('live');
  await expect(page.getByTestId('role-backup')).toHaveText('live');
  await expect(page.getByTestId('split-brain-alarm')).toContainText('Split brain: Primary and Backup are both live');
  await expect(page.locator(WIRE)).toHaveAttribute('data-wire-state', 'cut');
  await page.screenshot({ path: path.join(SCREENS, 'split-brain-1-cut.png') });

  await doStep(page, 'send-both-sides');
  await doStep(page, 'heal-wire');
  await expect(page.locator(WIRE)).toHaveAttribute('data-wire-state', 'open');
  // Healing the wire does not heal the split.
  await expect(page.getByTestId('split-brain-alarm')).toBeVisible();

  await page.getByRole('tab', { name: 'Message ledger' }).click();
  const placement = page.getByTestId('placement').last();
  await expect(placement).toContainText('in two places');
  await expect(placement).toContainText('stranded on Primary');
  await expect(placement).toContainText('stranded on Backup');
  await expect(placement.locator('tr[data-on="primary|backup"]')).toHaveCount(1);
  // The tab panel scrolls inside the right column: a taller window shows the whole ledger at once.
  await page.setViewportSize({ width: 1280, height: 1600 });
  await placement.scrollIntoViewIfNeeded();
  await page.locator('.ledger').screenshot({ path: path.join(SCREENS, 'split-brain-2-placement.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  const plot = page.getByTestId('round-trips');
  await plot.scrollIntoViewIfNeeded();
  await expect(plot.locator('.rt-series')).toHaveCount(2);
  await page.locator('figure.topology').screenshot({ path: path.join(SCREENS, 'split-brain-3-round-trips.png') });
});
