// @vitest-environment jsdom
// The lab picker as an attendee meets it: every lab with what it teaches, the current one marked;
// a fresh dir simply takes the lab picked; a set-up dir is moved aside only after a yes, and only
// once its brokers are stopped.
import { act, cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABS } from '../../shared/labs/index.js';
import { multipleBackups } from '../../shared/labs/multiple-backups.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);
// The whole app with userEvent takes 1-4 s here; on a 2-core machine shared with brokers, several times that.

const picker = () => screen.getByRole('dialog', { name: 'Choose a lab' });
const card = (id: string) => picker().querySelector(`[data-lab="${id}"]`) as HTMLElement;
const methods = (calls: Array<{ method: string }>) => calls.map((c) => c.method);

describe('lab picker', { timeout: 30_000 }, () => {
  it('lists every lab with its title, minutes, brokers, what it teaches and its picture; the current lab is marked', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Labs' }));
    const cards = picker().querySelectorAll('article[data-lab]');
    expect([...cards].map((c) => c.getAttribute('data-lab'))).toEqual(LABS.map((l) => l.id));
    for (const lab of LABS) {
      const c = card(lab.id);
      expect(within(c).getByRole('heading', { name: lab.title })).toBeVisible();
      expect(within(c).getByTestId('lab-facts')).toHaveTextContent(`about ${lab.minutes} min · ${lab.topology.brokers.length} brokers`);
      for (const point of lab.learn) expect(within(c).getByText(point)).toBeVisible();
      expect(c.querySelectorAll('svg [data-topo-broker]')).toHaveLength(lab.topology.brokers.length);
    }
    expect(card('replicated-pair')).toHaveAttribute('aria-current', 'true');
    expect(within(card('replicated-pair')).getByText('your lab')).toBeVisible();
    expect(within(card('replicated-pair')).queryByRole('button', { name: /Pick/ })).toBeNull();
    expect(card('multiple-backups')).not.toHaveAttribute('aria-current');
  });

  it('on a dir not set up, picking a lab chooses it at once: its steps, cards and picture follow', async () => {
    const user = userEvent.setup();
    const { lab, view } = renderApp();
    // One click from the first screen.
    await user.click(screen.getByRole('button', { name: 'Choose a lab…' }));
    await user.click(within(card('multiple-backups')).getByRole('button', { name: 'Pick One live, two backups' }));
    expect(lab.calls.find((c) => c.method === 'lab.choose')?.params).toEqual({ lab: 'multiple-backups' });
    expect(methods(lab.calls)).not.toContain('lab.setup');
    expect(screen.queryByRole('dialog', { name: 'Choose a lab' })).toBeNull();
    expect([...view.container.querySelectorAll('[data-step]')].map((s) => s.getAttribute('data-step'))).toEqual(multipleBackups.story.map((s) => s.id));
    expect([...view.container.querySelectorAll('.cards [data-broker]')].map((c) => c.getAttribute('data-broker'))).toEqual(['live', 'backup1', 'backup2']);
    expect([...view.container.querySelectorAll('figure.topology [data-topo-broker]')].map((c) => c.getAttribute('data-topo-broker'))).toEqual(['live', 'backup1', 'backup2']);
    expect(screen.getByTestId('header-lab')).toHaveTextContent('One live, two backups');
  });

  it('on a set-up dir with brokers running, says to stop them first, then asks before moving the lab aside', async () => {
    const user = userEvent.setup();
    const { lab, store } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await user.click(screen.getByRole('button', { name: 'Labs' }));
    await user.click(within(card('multiple-backups')).getByRole('button', { name: 'Pick One live, two backups' }));
    const confirm = screen.getByTestId('confirm-switch');
    expect(confirm).toHaveTextContent('The brokers of “Replicated live/backup pair” are running (Master). Stop them first');
    expect(within(confirm).queryByRole('button', { name: /Move it aside/ })).toBeNull();
    expect(methods(lab.calls)).not.toContain('lab.choose');

    await user.click(within(confirm).getByRole('button', { name: 'Stop the brokers' }));
    expect(methods(lab.calls)).toContain('lab.down');
    expect(confirm).toHaveTextContent('This moves your current lab aside (nothing is deleted) and sets up One live, two backups.');
    expect(lab.calls.filter((c) => c.method === 'lab.setup')).toHaveLength(1); // only step 2's own setup so far

    await user.click(within(confirm).getByRole('button', { name: 'Move it aside and set up One live, two backups' }));
    // The classroom pill asks for its membership once a second beside the lab: not part of the switch.
    expect(lab.calls.filter((c) => !c.method.startsWith('classroom.')).at(-1)).toEqual({ method: 'lab.setup', params: { lab: 'multiple-backups', force: true } });
    await expect.poll(() => screen.queryByRole('dialog', { name: 'Choose a lab' })).toBeNull();
    expect(screen.getByTestId('header-lab')).toHaveTextContent('One live, two backups');
    expect(store.getState().error).toBeNull();
  });

  it('Cancel leaves the lab as it is', async () => {
    const user = userEvent.setup();
    const { lab, store } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await user.click(screen.getByRole('button', { name: 'Labs' }));
    await user.click(within(card('multiple-backups')).getByRole('button', { name: 'Pick One live, two backups' }));
    await user.click(within(screen.getByTestId('confirm-switch')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-switch')).toBeNull();
    expect(lab.calls.some((c) => c.method === 'lab.setup' && (c.params as { force?: boolean }).force)).toBe(false);
    expect(lab.snapshot().lab).toBe('replicated-pair');
  });
});
