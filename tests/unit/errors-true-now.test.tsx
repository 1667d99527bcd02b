// @vitest-environment jsdom
// Errors as the attendee meets them in the app: the banner and a failed step name this page's own
// button for the fix (not a CLI command), the banner goes once its cause is gone, and "Do it for
// me" on the unpack step while the download runs waits for it, saying so, instead of failing.
import { act, cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLab } from './fake-lab.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

const FIX = 'Press Download Apache Artemis in the “Unpack the broker” step, or drop a broker zip there.';
const stepEl = (container: HTMLElement, id: string) => container.querySelector(`[data-step="${id}"]`) as HTMLElement;
const banner = () => document.querySelector('.error-banner');

describe('an error in the app', () => {
  it('names the app’s own button as the fix, in the banner and in the failed step, and goes once a zip is there', async () => {
    const user = userEvent.setup();
    const { view } = renderApp(createFakeLab({ noZips: true }));
    const unpack = stepEl(view.container, 'unpack');
    await user.click(within(unpack).getByRole('button', { name: /Unpack the broker/ }));
    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));

    await expect.poll(() => banner()?.textContent ?? '').toContain('No broker zip in /tmp/fake-installs.');
    expect(banner()).toHaveTextContent(`Fix: ${FIX}`);
    expect(banner()?.textContent).not.toContain('amq-ha-lab');
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('failed');
    expect(within(unpack).getByText(`Hint: ${FIX}`)).toBeVisible();
    // The button the fix names is there to press.
    const download = within(unpack).getByRole('button', { name: 'Download Apache Artemis' });

    // Something else happening does not take it away: its cause is still there.
    const first = stepEl(view.container, 'prerequisites');
    await user.click(within(first).getByRole('button', { name: 'Do it for me' }));
    await expect.poll(() => first.getAttribute('data-status')).toBe('passed');
    expect(banner()).toHaveTextContent('No broker zip');

    await user.click(download);
    await expect.poll(() => banner()).toBeNull();
    // The step keeps the record of its failed run, and its hint now says what is left.
    expect(within(unpack).getByText('Hint: That is fixed now: press Do it for me.')).toBeVisible();
    expect(document.body.textContent).not.toContain(FIX);

    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('passed');
    expect(banner()).toBeNull();
  });

  it('raised by a step goes once that step passes', async () => {
    const user = userEvent.setup();
    const { lab, view } = renderApp();
    const unpack = stepEl(view.container, 'unpack');
    await user.click(within(unpack).getByRole('button', { name: /Unpack the broker/ }));
    lab.failNext('lab.setup', { code: 'COMMAND_FAILED', message: '`artemis create` failed (exit 1).', hint: 'See the output below.' });
    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));
    // The step's own run went through after the failed setup call: its pass makes the banner untrue.
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('passed');
    expect(banner()).toBeNull();

    lab.failNext('lab.setup', { code: 'COMMAND_FAILED', message: '`artemis create` failed (exit 1).', hint: 'See the output below.' });
    lab.failNext('step.run', { code: 'LAB_BUSY', message: 'Waited 240 s for the CLI to finish.', hint: 'Try again when it is done.' });
    await user.click(within(unpack).getByRole('button', { name: 'Redo' }));
    await expect.poll(() => banner()?.textContent ?? '').toContain('Waited 240 s for the CLI to finish.');
    // An older pass of the step is no reason to drop it; a new pass is.
    act(() =>
      lab.mutate((s) => {
        s.steps.find((x) => x.id === 'unpack')!.status = 'running';
      }),
    );
    expect(banner()).toHaveTextContent('Waited 240 s');
    act(() =>
      lab.mutate((s) => {
        s.steps.find((x) => x.id === 'unpack')!.status = 'passed';
      }),
    );
    await expect.poll(() => banner()).toBeNull();
  });
});

describe('"Do it for me" on the unpack step while the download runs', () => {
  it('waits for the download, saying so, then unpacks: no error at any point', async () => {
    const user = userEvent.setup();
    const { lab, view } = renderApp(createFakeLab({ noZips: true, slowDownload: true }));
    const unpack = stepEl(view.container, 'unpack');
    await user.click(within(unpack).getByRole('button', { name: /Unpack the broker/ }));
    await user.click(await within(unpack).findByRole('button', { name: 'Download Apache Artemis' }));
    await within(unpack).findByText('Downloading apache-artemis-2.44.0-bin.zip');
    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));

    expect(await within(unpack).findByText('Waiting for the download to finish; this step goes on by itself then.')).toBeVisible();
    expect(within(unpack).getByRole('button', { name: 'Working…' })).toBeDisabled();
    expect(banner()).toBeNull();
    expect(unpack.querySelector('.detail')).toBeNull();

    act(() => lab.finishDownload());
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('passed');
    expect(within(unpack).queryByText(/Waiting for the download/)).toBeNull();
    expect(banner()).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('after a "No broker zip": the banner stays while the download runs (no zip yet), the step stops repeating it, and both go once it is done', async () => {
    const user = userEvent.setup();
    const { lab, view } = renderApp(createFakeLab({ noZips: true, slowDownload: true }));
    const unpack = stepEl(view.container, 'unpack');
    await user.click(within(unpack).getByRole('button', { name: /Unpack the broker/ }));
    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('failed');
    expect(banner()).toHaveTextContent('No broker zip');

    await user.click(within(unpack).getByRole('button', { name: 'Download Apache Artemis' }));
    await within(unpack).findByText('Downloading apache-artemis-2.44.0-bin.zip');
    await user.click(within(unpack).getByRole('button', { name: 'Do it for me' }));
    expect(await within(unpack).findByText('Waiting for the download to finish; this step goes on by itself then.')).toBeVisible();
    expect(unpack.querySelector('.detail')).toBeNull();
    expect(banner()).toHaveTextContent('No broker zip');

    act(() => lab.finishDownload());
    await expect.poll(() => unpack.getAttribute('data-status')).toBe('passed');
    expect(banner()).toBeNull();
  });
});
