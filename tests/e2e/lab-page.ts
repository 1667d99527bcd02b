// What every story spec does on the page: run one step with "Do it for me" and insist it passed,
// saying the step's own detail when it did not.
import { expect, type Page } from '@playwright/test';

/** A step on real brokers under load: a backup's first sync or a failback can take minutes. */
export const STEP_BOUND = 4 * 60_000;

export async function doStep(page: Page, id: string): Promise<void> {
  const step = page.locator(`[data-step="${id}"]`);
  await expect(step).toHaveAttribute('data-status', /pending|failed/);
  const button = step.getByRole('button', { name: 'Do it for me' });
  if (!(await button.isVisible())) await step.getByRole('button', { expanded: false }).click();
  await button.click();
  await expect(step, `step ${id}`).toHaveAttribute('data-status', /passed|failed/, { timeout: STEP_BOUND });
  const detail = await step.locator('.detail').textContent().catch(() => '');
  expect(await step.getAttribute('data-status'), `step ${id}: ${detail}`).toBe('passed');
}
