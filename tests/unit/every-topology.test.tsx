// @vitest-environment jsdom
// The app as an attendee meets it in each lab's topology, against the fake lab built from that
// lab's definition: a card per broker with the lab's names, the picture with a box per broker and
// the lines that lab has (replication, the shared journal's disk, cluster bridges, the wire), the
// lab's own steps, and "Do it for me" turning them green with the brokers' new state on card and box.
import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { findLab } from '../../shared/labs/index.js';
import type { LabDefinition } from '../../shared/labs/lab-definition.js';
import { createFakeLab } from './fake-lab.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

type User = ReturnType<typeof userEvent.setup>;

const stepEl = (c: HTMLElement, id: string) => c.querySelector(`[data-step="${id}"]`) as HTMLElement;
const cardEl = (c: HTMLElement, id: string) => c.querySelector(`.cards [data-broker="${id}"]`) as HTMLElement;
const picture = (c: HTMLElement) => c.querySelector('figure.topology') as HTMLElement;
const boxStates = (c: HTMLElement) => Object.fromEntries([...picture(c).querySelectorAll('[data-topo-broker]')].map((g) => [g.getAttribute('data-topo-broker'), g.getAttribute('data-state')]));
const lines = (c: HTMLElement) =>
  [...picture(c).querySelectorAll('svg [data-link]')].map((l) => `${l.getAttribute('data-link')}:${l.getAttribute('data-from')}-${l.getAttribute('data-to')}`).sort();
const copying = (c: HTMLElement) => [...picture(c).querySelectorAll('[data-link="replication"].copying')].map((l) => `${l.getAttribute('data-from')}-${l.getAttribute('data-to')}`);
const badge = (id: string) => screen.getByTestId(`role-${id}`).textContent;

/** Opens the step if it is not the current one, clicks "Do it for me", and waits for the lab's verdict. */
async function doItForMe(user: User, c: HTMLElement, id: string): Promise<HTMLElement> {
  const step = stepEl(c, id);
  if ((step.querySelector('.step-body') as HTMLElement).hidden) await user.click(step.querySelector('button.step-title')!);
  await user.click(within(step).getByRole('button', { name: 'Do it for me' }));
  await expect.poll(() => step.getAttribute('data-status'), { timeout: 10_000 }).not.toMatch(/pending|running/);
  return step;
}

/** The lab mounted not yet set up, then set up by its own "Unpack" step: cards and boxes for its brokers. */
async function openLab(id: string) {
  const def = findLab(id)!;
  const app = renderApp(createFakeLab({ lab: id }));
  const user = userEvent.setup();
  const c = app.view.container;
  // Before setup: the lab's steps, and a placeholder per broker saying it is not created yet.
  expect(screen.getByTestId('header-lab')).toHaveTextContent(def.title);
  expect([...c.querySelectorAll('[data-step]')].map((s) => s.getAttribute('data-step'))).toEqual(def.story.map((s) => s.id));
  expect([...c.querySelectorAll('[data-step] .step-title')].map((b) => b.textContent)).toEqual(def.story.map((s, i) => `${i + 1} ${s.title}`));
  expect(screen.getByText(`0 of ${def.story.length} verified`)).toBeVisible();
  expect([...c.querySelectorAll('.cards .placeholder')].map((p) => p.getAttribute('aria-label'))).toEqual(def.topology.brokers.map((b) => `${b.label} broker`));
  expect(Object.values(boxStates(c)).every((s) => s === 'not-created')).toBe(true);

  expect(await doItForMe(user, c, 'unpack')).toHaveAttribute('data-status', 'passed');
  return { ...app, def, user, c };
}

/** One card per broker, in the topology's order, titled with its label and instance folder. */
function expectCards(c: HTMLElement, def: LabDefinition) {
  const cards = [...c.querySelectorAll('.cards [data-broker]')] as HTMLElement[];
  expect(cards.map((card) => card.getAttribute('data-broker'))).toEqual(def.topology.brokers.map((b) => b.id));
  expect(cards.map((card) => within(card).getByRole('heading', { level: 2 }).textContent)).toEqual(def.topology.brokers.map((b) => `${b.label} ${b.instance}`));
  expect(cards.every((card) => card.getAttribute('data-process') === 'stopped')).toBe(true);
}

/** The picture: one box per broker saying its label, and the legend for the kinds of line it draws. */
function expectBoxes(c: HTMLElement, def: LabDefinition, legend: string[]) {
  const boxes = [...picture(c).querySelectorAll('[data-topo-broker]')];
  expect(boxes).toHaveLength(def.topology.brokers.length);
  for (const b of def.topology.brokers) {
    const box = picture(c).querySelector(`[data-topo-broker="${b.id}"]`)!;
    expect(box.querySelector('.topo-label')!.textContent).toBe(b.label);
    expect(box.querySelector('.topo-instance')!.textContent).toBe(b.instance);
  }
  expect(screen.getByRole('img', { name: `${def.title}: ${def.topology.brokers.length} brokers, as they are now` })).toBeVisible();
  const caption = picture(c).querySelector('figcaption')!;
  for (const words of legend) expect(caption).toHaveTextContent(words);
}

const REPLICATION = 'replication (green: a synchronized backup copies the live journal)';

describe('every topology in the app', { timeout: 60_000 }, () => {
  it('replicated pair (the seed): two cards, one replication line; starting the master shows it live', async () => {
    const { c, def, user } = await openLab('replicated-pair');
    expectCards(c, def);
    expectBoxes(c, def, [REPLICATION]);
    expect(lines(c)).toEqual(['replication:master-backup']);
    expect(picture(c).querySelector('.topo-disk')).toBeNull();

    expect(await doItForMe(user, c, 'start-master')).toHaveAttribute('data-status', 'passed');
    expect(badge('master')).toBe('live');
    expect(cardEl(c, 'master')).toHaveAttribute('data-live', 'true');
    expect(boxStates(c)).toEqual({ master: 'live', backup: 'stopped' });

    expect(await doItForMe(user, c, 'start-backup')).toHaveAttribute('data-status', 'passed');
    expect(badge('backup')).toBe('backup');
    expect(boxStates(c)).toEqual({ master: 'live', backup: 'synced-backup' });
    expect(copying(c)).toEqual(['master-backup']);
    expect(screen.getByText(`3 of ${def.story.length} verified`)).toBeVisible();
  });

  it('multiple backups: three cards, three replication lines; backup 1 replicates and backup 2 waits', async () => {
    const { c, def, user } = await openLab('multiple-backups');
    expect(def.topology.brokers).toHaveLength(3);
    expectCards(c, def);
    expectBoxes(c, def, [REPLICATION]);
    expect(lines(c)).toEqual(['replication:backup1-backup2', 'replication:live-backup1', 'replication:live-backup2']);

    for (const id of ['start-live', 'start-backup1', 'start-backup2']) expect(await doItForMe(user, c, id)).toHaveAttribute('data-status', 'passed');
    expect(boxStates(c)).toEqual({ live: 'live', backup1: 'synced-backup', backup2: 'waiting-backup' });
    expect(copying(c)).toEqual(['live-backup1']);
    expect([badge('live'), badge('backup1'), badge('backup2')]).toEqual(['live', 'backup', 'backup']);
    expect(within(cardEl(c, 'backup1')).getByText('Synchronized').nextElementSibling).toHaveTextContent('yes');
    expect(within(cardEl(c, 'backup2')).getByText('Synchronized').nextElementSibling).toHaveTextContent('no');

    // The first failure: the replica takes over, and the waiting backup becomes the new replica.
    for (const id of ['send', 'kill-live', 'backup1-live', 'backup2-replicates']) expect(await doItForMe(user, c, id)).toHaveAttribute('data-status', 'passed');
    expect(boxStates(c)).toEqual({ live: 'stopped', backup1: 'live', backup2: 'synced-backup' });
    expect(copying(c)).toEqual(['backup1-backup2']);
    expect(screen.getByTestId('queue-backup1')).toHaveTextContent('10');
  });

  it('taken out of order, a step fails with what its check saw and the hint, and offers "Do it for me" again', async () => {
    const { c, user } = await openLab('multiple-backups');
    await doItForMe(user, c, 'start-live');
    // Backup 2 before backup 1: it is the first to connect, so it replicates instead of waiting.
    const step = await doItForMe(user, c, 'start-backup2');
    expect(step).toHaveAttribute('data-status', 'failed');
    expect(within(step).getByRole('alert')).toHaveTextContent('Last seen: Backup 1: stopped, not live. Backup 2: running, passive backup, synchronized: true.');
    expect(within(step).getByText(/Hint:/)).toHaveTextContent('If backup 2 synchronized instead, backup 1 was not yet in sync when it connected');
    expect(within(step).getByRole('button', { name: 'Do it for me' })).toBeEnabled();
    expect(boxStates(c)).toEqual({ live: 'live', backup1: 'stopped', backup2: 'synced-backup' });
  });

  it('replication vs shared store: four cards, a replication line and one shared disk; each pair starts its own way', async () => {
    const { c, def, user } = await openLab('replication-vs-shared-store');
    expect(def.topology.brokers).toHaveLength(4);
    expectCards(c, def);
    expectBoxes(c, def, [REPLICATION, 'disk: one journal on shared storage']);
    expect(lines(c)).toEqual(['replication:repLive-repBackup', 'shared-store:ssBackup-disk:ssLive', 'shared-store:ssLive-disk:ssLive']);
    expect(picture(c).querySelectorAll('.topo-disk')).toHaveLength(1);
    expect(screen.getByRole('img', { name: /Replication vs shared store/ })).toHaveAccessibleDescription(/Shared-store live and Shared-store backup share one journal on a shared disk\./);

    expect(await doItForMe(user, c, 'start-lives')).toHaveAttribute('data-status', 'passed');
    expect(boxStates(c)).toEqual({ repLive: 'live', repBackup: 'stopped', ssLive: 'live', ssBackup: 'stopped' });
    expect(await doItForMe(user, c, 'start-backups')).toHaveAttribute('data-status', 'passed');
    // The replica synchronized; the shared-store backup has nothing to copy and waits on the lock.
    expect(boxStates(c)).toEqual({ repLive: 'live', repBackup: 'synced-backup', ssLive: 'live', ssBackup: 'waiting-backup' });
    expect(copying(c)).toEqual(['repLive-repBackup']);
    expect(within(cardEl(c, 'ssBackup')).getByText('Synchronized').nextElementSibling).toHaveTextContent('not needed (shared store)');
    expect(picture(c).querySelector('[data-topo-broker="ssBackup"]')!.querySelector('title')!.textContent).toContain('waits for the shared journal’s lock');
  });

  it('clustered queue: two live members joined by a dashed cluster bridge; the cluster forms', async () => {
    const { c, def, user } = await openLab('clustered-queue');
    expectCards(c, def);
    expectBoxes(c, def, ['cluster bridge']);
    expect(picture(c).querySelector('figcaption')).not.toHaveTextContent('replication');
    expect(lines(c)).toEqual(['bridge:broker1-broker2']);
    expect(picture(c).querySelector('[data-link="bridge"]')!.getAttribute('class')).toContain('link-bridge');

    expect(await doItForMe(user, c, 'start-brokers')).toHaveAttribute('data-status', 'passed');
    expect(boxStates(c)).toEqual({ broker1: 'live', broker2: 'live' });
    expect([badge('broker1'), badge('broker2')]).toEqual(['live', 'live']);
    // Two live members are the plan, not a split brain.
    expect(screen.queryByTestId('split-brain-alarm')).toBeNull();
    expect(await doItForMe(user, c, 'cluster-formed')).toHaveAttribute('data-status', 'passed');
    for (const id of ['broker1', 'broker2']) expect(screen.getByTestId(`queue-stats-${id}`)).toHaveTextContent('2 members · ON_DEMAND');
  });

  it('split brain: the replication line is the wire; it carries the backup once both run', async () => {
    const { c, def, user } = await openLab('split-brain');
    expectCards(c, def);
    expectBoxes(c, def, [REPLICATION, "wire: the lab's relay between two brokers"]);
    expect(lines(c)).toEqual(['replication:primary-backup']);
    const wire = () => picture(c).querySelector('[data-wire="primary|backup"]')!;
    // Declared at setup, relayed once a broker starts.
    expect(wire()).toHaveAttribute('data-wire-state', 'not-relayed');
    expect(screen.getByRole('button', { name: 'Cut the wire between Primary and Backup' })).toBeVisible();

    expect(await doItForMe(user, c, 'start-primary')).toHaveAttribute('data-status', 'passed');
    expect(badge('primary')).toBe('live');
    expect(wire()).toHaveAttribute('data-wire-state', 'open');
    expect(await doItForMe(user, c, 'start-backup')).toHaveAttribute('data-status', 'passed');
    expect(boxStates(c)).toEqual({ primary: 'live', backup: 'synced-backup' });
    expect(wire().textContent).toContain('wire · 2 conn.');
    expect(copying(c)).toEqual(['primary-backup']);

    // Cut from the line: the backup cannot tell a cut wire from a dead primary, and goes live too.
    expect(await doItForMe(user, c, 'send')).toHaveAttribute('data-status', 'passed');
    await user.click(screen.getByRole('button', { name: 'Cut the wire between Primary and Backup' }));
    await expect.poll(() => wire().getAttribute('data-wire-state')).toBe('cut');
    expect(boxStates(c)).toEqual({ primary: 'live', backup: 'live' });
    expect(screen.getByTestId('split-brain-alarm')).toHaveTextContent('Split brain: Primary and Backup are both live');
  });
});
