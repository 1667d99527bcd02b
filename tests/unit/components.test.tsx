// @vitest-environment jsdom
// The renderer as an attendee meets it: every step with its light, broker cards, "Do it for me"
// turning a light green, logs with AMQ codes highlighted and filterable, reset that asks first.
import { act, cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filterLines } from '../../renderer/src/components/Logs.js';
import { splitCodes } from '../../renderer/src/format.js';
import { replicatedPair } from '../../shared/labs/replicated-pair.js';

const WORKSHOP_STEPS = replicatedPair.story;
import { createFakeLab } from './fake-lab.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);


const stepEl = (container: HTMLElement, id: string) => container.querySelector(`[data-step="${id}"]`) as HTMLElement;

describe('App', () => {
  it('shows every guided step with a pending light and both broker cards', () => {
    const { view } = renderApp();
    const steps = view.container.querySelectorAll('[data-step]');
    expect([...steps].map((s) => s.getAttribute('data-step'))).toEqual(WORKSHOP_STEPS.map((s) => s.id));
    expect([...steps].every((s) => s.getAttribute('data-status') === 'pending')).toBe(true);
    expect(view.container.querySelector('[data-broker="master"]')).not.toBeNull();
    expect(view.container.querySelector('[data-broker="backup"]')).not.toBeNull();
    // The current step is open and teaches: what to do, why, how it is verified.
    const first = stepEl(view.container, 'prerequisites');
    expect(within(first).getByText(/Why it matters/)).toBeVisible();
    expect(within(first).getByText(/Verified by/)).toBeVisible();
  });

  it('turns a step passed after "Do it for me", and shows the doctor checks with their fixes', async () => {
    const user = userEvent.setup();
    const { view } = renderApp();
    const first = stepEl(view.container, 'prerequisites');
    await user.click(within(first).getByRole('button', { name: 'Do it for me' }));
    await expect.poll(() => first.getAttribute('data-status')).toBe('passed');
    await user.click(within(first).getByRole('button', { name: /Check prerequisites/ }));
    expect(within(first).getByText('sudo apt install libaio1t64')).toBeVisible();
    expect(view.container.querySelector('[data-check="libaio"]')?.getAttribute('data-status')).toBe('warn');
  });

  it('marks a step the lab saw done outside the app as seen, with what it saw', async () => {
    const { lab, view } = renderApp();
    act(() =>
      lab.mutate((s) => {
        s.steps[0] = { id: 'prerequisites', status: 'passed', ms: null, detail: '10 checks, none failed. (seen by the lab)', hint: null };
      }),
    );
    const first = stepEl(view.container, 'prerequisites');
    await expect.poll(() => first.getAttribute('data-status')).toBe('passed');
    expect(within(first).getByText('seen')).toBeVisible();
    expect(first.querySelector('.detail')?.textContent).toContain('seen by the lab');
  });

  it('shows the failure detail and hint when a step fails, and offers "Do it for me" again', async () => {
    const user = userEvent.setup();
    const { view } = renderApp();
    const step = stepEl(view.container, 'start-master');
    await user.click(within(step).getByRole('button', { name: /Start the master/ }));
    await user.click(within(step).getByRole('button', { name: 'Do it for me' }));
    await expect.poll(() => step.getAttribute('data-status')).toBe('failed');
    expect(within(step).getByRole('alert')).toHaveTextContent('The lab is not set up yet.');
    expect(within(step).getByText(/Hint:/)).toBeVisible();
    expect(within(step).getByRole('button', { name: 'Do it for me' })).toBeEnabled();
  });

  it('fills the step command with the lab’s own paths and ports', async () => {
    const user = userEvent.setup();
    const { view, store } = renderApp(createFakeLab({ portOffset: 3000 }));
    await act(() => store.getState().runStep('unpack'));
    const send = stepEl(view.container, 'send');
    await user.click(within(send).getByRole('button', { name: /Send 10 messages/ }));
    expect(within(send).getByLabelText('Equivalent command')).toHaveTextContent(
      '/tmp/fake-lab/replicatedMaster/bin/artemis producer --message-count 10 --url "tcp://127.0.0.1:64616" --user admin --password admin --destination queue://haQueue',
    );
  });

  it('cards follow the brokers: live, backup, haQueue depth, and offer start/stop/crash', async () => {
    const { view, store, lab } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await act(() => store.getState().runStep('start-backup'));
    await act(() => store.getState().runStep('send'));
    const master = view.container.querySelector('[data-broker="master"]') as HTMLElement;
    const backup = view.container.querySelector('[data-broker="backup"]') as HTMLElement;
    expect(master.getAttribute('data-live')).toBe('true');
    expect(within(master).getByTestId('role-master')).toHaveTextContent('live');
    expect(within(master).getByTestId('queue-master')).toHaveTextContent('10');
    expect(within(backup).getByTestId('role-backup')).toHaveTextContent('backup');
    expect(within(backup).getByTestId('queue-backup')).toHaveTextContent('none (passive)');
    expect(within(master).getByRole('button', { name: 'Start' })).toBeDisabled();
    const user = userEvent.setup();
    await user.click(within(master).getByRole('button', { name: 'Crash' }));
    await expect.poll(() => master.getAttribute('data-process')).toBe('crashed');
    expect(lab.calls.at(-1)).toEqual({ method: 'broker.stop', params: { broker: 'master', crash: true } });
    expect(backup.getAttribute('data-live')).toBe('true');
  });

  it('embeds both consoles from the shell’s proxies, on haQueue where it exists', async () => {
    const { view, store } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await act(() => store.getState().runStep('send'));
    await expect.poll(() => view.container.querySelector('[data-console="master"] iframe')?.getAttribute('src')).toBe('http://127.0.0.1:5001/console/artemis#lab-queue=haQueue');
    expect(view.container.querySelector('[data-console="backup"] iframe')).toBeNull();
    expect(view.container.querySelector('[data-console="backup"]')).toHaveTextContent('Backup is stopped');
  });

  it('reset asks first, then moves the lab aside and says where', async () => {
    const user = userEvent.setup();
    const { lab } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Reset lab…' }));
    expect(lab.calls.some((c) => c.method === 'lab.reset')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Stop brokers and move the lab aside' }));
    expect(lab.calls.find((c) => c.method === 'lab.reset')?.params).toEqual({ confirm: true });
    expect(await screen.findByText('/tmp/fake-lab.old-1')).toBeVisible();
  });

  it('with no zip, offers to download Apache Artemis and then lists it', async () => {
    const user = userEvent.setup();
    const { lab } = renderApp(createFakeLab({ noZips: true }));
    await user.click(screen.getByRole('button', { name: /Unpack the broker/ }));
    await user.click(await screen.findByRole('button', { name: 'Download Apache Artemis' }));
    expect(lab.calls.find((c) => c.method === 'broker.download')?.params).toEqual({});
    expect(await screen.findByText('apache-artemis-2.44.0-bin.zip')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Download Apache Artemis' })).toBeNull();
  });

  it('"Save diagnostics" asks the lab for the zip and says where it went', async () => {
    const user = userEvent.setup();
    const { lab } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Save diagnostics' }));
    expect(lab.calls.some((c) => c.method === 'lab.diagnose')).toBe(true);
    expect(await screen.findByText('/tmp/fake-lab/diagnostics/amq-ha-lab-diagnostics.zip')).toBeVisible();
  });

  it('switches theme and tabs by keyboard', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    screen.getByRole('tab', { name: 'Web consoles' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Logs' })).toHaveFocus();
  });

  it('logs highlight AMQ codes and filter by code and level', async () => {
    const user = userEvent.setup();
    const { store } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    const log = screen.getByRole('log', { name: 'master log' });
    expect(within(log).getAllByText('AMQ221007')[0]!.tagName).toBe('MARK');
    await user.type(screen.getByLabelText('Code'), '221007');
    expect(log.querySelectorAll('.log-line')).toHaveLength(1);
  });
});

describe('log helpers', () => {
  it('split codes out of a line', () => {
    expect(splitCodes('x AMQ221007: live AMQ221024')).toEqual([
      { code: false, text: 'x ' },
      { code: true, text: 'AMQ221007' },
      { code: false, text: ': live ' },
      { code: true, text: 'AMQ221024' },
    ]);
  });
  it('filter by minimum level', () => {
    const lines = [
      { seq: 1, time: null, level: 'INFO', code: 'AMQ221007', text: 'a' },
      { seq: 2, time: null, level: 'WARN', code: 'AMQ222092', text: 'b' },
      { seq: 3, time: null, level: 'ERROR', code: 'AMQ224000', text: 'c' },
    ];
    expect(filterLines(lines, 'WARN', '').map((l) => l.seq)).toEqual([2, 3]);
    expect(filterLines(lines, 'all', '2220').map((l) => l.seq)).toEqual([2]);
  });
});
