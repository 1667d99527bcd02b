// @vitest-environment jsdom
// The "Live traffic" tab as an attendee meets it, against the fake lab: start shows the account
// and the chart's place, a failover shows each client's outage in ms, stop drains to lost 0, and
// a lost or duplicated message reads as a problem in words, not in colour alone, and a redelivery
// after ack reads as the at-least-once promise kept.
import { act, cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderApp } from './render-app.js';
import { createFakeLab } from './fake-lab.js';
import { FAKE_OUTAGE_MS } from './fake-traffic.js';

beforeAll(() => {
  // What jsdom without the canvas package amounts to, minus its "not implemented" console noise.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});
afterEach(cleanup);

async function openTraffic({ running = true } = {}) {
  const { lab, store, view } = renderApp(createFakeLab());
  const user = userEvent.setup();
  if (running) {
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await act(() => store.getState().runStep('start-backup'));
  }
  await user.click(screen.getByRole('tab', { name: /Live traffic/ }));
  const panel = view.container.querySelector('.traffic') as HTMLElement;
  return { lab, store, view, user, panel };
}

const counter = (panel: HTMLElement, key: string) => panel.querySelector(`[data-counter="${key}"]`) as HTMLElement;

// 15 s, not 5: each test types and clicks through a whole panel; at load 10 on 2 cores they took 4.5-5 s and two timed out.
describe('Live traffic tab', { timeout: 15_000 }, () => {
  it('before any traffic: says why a running client matters, offers Start at 20 msg/s', async () => {
    const { panel } = await openTraffic({ running: false });
    expect(within(panel).getByText(/Reconnect\./)).toBeVisible();
    expect(within(panel).getByText(/Duplicate detection\./)).toBeVisible();
    expect(within(panel).getByText(/At least once\./)).toBeVisible();
    expect(within(panel).getByLabelText(/Rate/)).toHaveValue(20);
    expect(within(panel).getByRole('button', { name: 'Start traffic' })).toBeEnabled();
    expect(within(panel).getByRole('button', { name: 'Stop traffic' })).toBeDisabled();
    expect(panel.querySelector('[data-testid="traffic-chart"]')).toBeNull();
  });

  it('starting shows the counters, where each client is, and the chart (degraded without a canvas)', async () => {
    const { panel, user, lab } = await openTraffic();
    const rate = within(panel).getByLabelText(/Rate/);
    await user.clear(rate);
    await user.type(rate, '50');
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    expect(lab.calls.find((c) => c.method === 'traffic.start')?.params).toEqual({ rate: 50 });
    act(() => lab.tickTraffic(3));
    await expect.poll(() => counter(panel, 'sent').textContent).toBe('Sent150');
    expect(counter(panel, 'received')).toHaveTextContent('150');
    expect(counter(panel, 'lost')).toHaveTextContent('—');
    expect(counter(panel, 'lost')).toHaveAttribute('title', expect.stringMatching(/never received/));
    expect(within(panel).getByText(/Producer/).parentElement).toHaveTextContent('on master, connected');
    const chart = panel.querySelector('[data-testid="traffic-chart"]') as HTMLElement;
    expect(chart.getAttribute('data-chart')).toBe('fallback');
    expect(within(chart).getByRole('img')).toHaveAccessibleName(/over the last 3 s; 0 client outages/);
    expect(within(panel).getByRole('button', { name: 'Start traffic' })).toBeDisabled();
    expect(screen.getByRole('tab', { name: /Live traffic \(running\)/ })).toBeVisible();
  });

  it('a failover shows an outage row per client with its ms, and the clients on the backup', async () => {
    const { panel, user, lab, store } = await openTraffic();
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    act(() => lab.tickTraffic(2));
    await act(() => store.getState().call('broker.stop', { broker: 'master', crash: true }));
    expect(panel.querySelector('[data-client="producer"]')).toHaveTextContent('reconnecting… (was on master)');
    expect(panel.querySelector('tr[data-gap="producer"]')).toHaveTextContent('still out');
    act(() => lab.tickTraffic(4));
    const producer = panel.querySelector('tr[data-gap="producer"]') as HTMLElement;
    const consumer = panel.querySelector('tr[data-gap="consumer"]') as HTMLElement;
    expect(producer).toHaveTextContent('master → backup');
    expect(within(producer).getByTestId('gap-ms')).toHaveTextContent(`${FAKE_OUTAGE_MS.producer} ms`);
    expect(within(consumer).getByTestId('gap-ms')).toHaveTextContent(`${FAKE_OUTAGE_MS.consumer} ms`);
    expect(panel.querySelector('[data-client="consumer"]')).toHaveTextContent('on backup, connected');
    expect(counter(panel, 'resent')).toHaveTextContent('1');
    expect(counter(panel, 'redelivered')).toHaveTextContent('1');
  });

  it('stop drains and shows the final account: lost 0, not a problem', async () => {
    const { panel, user, lab } = await openTraffic();
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    act(() => lab.tickTraffic(5));
    await user.click(within(panel).getByRole('button', { name: 'Stop traffic' }));
    await expect.poll(() => panel.getAttribute('data-traffic')).toBe('stopped');
    expect(counter(panel, 'lost')).toHaveTextContent('0');
    expect(counter(panel, 'lost')).toHaveAttribute('data-problem', 'false');
    expect(counter(panel, 'sent')).toHaveTextContent('100');
    expect(within(panel).getByTestId('traffic-state')).toHaveTextContent(/stopped at .*: the final account/);
    expect(within(panel).queryByRole('alert')).toBeNull();
    // A new run may start after the last one stopped.
    expect(within(panel).getByRole('button', { name: 'Start traffic' })).toBeEnabled();
  });

  it('lost or duplicated messages read as a problem in words, not colour alone, with the duplicate\'s two sends', async () => {
    const { panel, user, lab } = await openTraffic();
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    act(() =>
      lab.mutate((s) => {
        Object.assign(s.traffic!, { state: 'stopped', stoppedAt: s.traffic!.updatedAt });
        Object.assign(s.traffic!.totals, { sent: 200, received: 197, lost: 3, duplicated: 1 });
        s.traffic!.evidence.duplicated.push({
          seq: 42,
          first: { broker: 'master', at: '2026-11-29T13:46:20.407Z', attempt: 1, deliveryCount: 0 },
          acknowledgedAt: '2026-11-29T13:46:20.430Z',
          again: { broker: 'backup', at: '2026-11-29T13:46:21.184Z', attempt: 2, deliveryCount: 0 },
          sends: 2,
        });
      }),
    );
    expect(counter(panel, 'lost')).toHaveAttribute('data-problem', 'true');
    expect(counter(panel, 'lost')).toHaveTextContent('3 problem');
    expect(counter(panel, 'duplicated')).toHaveTextContent('1 problem');
    const alert = within(panel).getByRole('alert');
    expect(alert).toHaveTextContent('Problem: 3 messages were accepted by a broker and never received: lost. 1 message arrived twice, from two sends: duplicated');
    expect(alert).toHaveTextContent(/message 42: from send attempt 1 on the master at .*, again from send attempt 2 on the backup at .*two stored copies/);
    expect(within(panel).queryByTestId('redelivered-after-ack')).toBeNull();
  });

  it('a message redelivered after ack is said in words as at-least-once, not flagged as a problem', async () => {
    const { panel, user, lab } = await openTraffic();
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    expect(within(panel).queryByTestId('redelivered-after-ack')).toBeNull();
    act(() =>
      lab.mutate((s) => {
        Object.assign(s.traffic!.totals, { redeliveredAfterAck: 3 });
        s.traffic!.evidence.redeliveredAfterAck.push({
          seq: 35467,
          first: { broker: 'master', at: '2026-11-29T13:46:20.407Z', attempt: 1, deliveryCount: 0 },
          acknowledgedAt: '2026-11-29T13:46:20.430Z',
          again: { broker: 'backup', at: '2026-11-29T13:46:21.184Z', attempt: 1, deliveryCount: 0 },
          sends: 2,
        });
      }),
    );
    const c = counter(panel, 'redeliveredAfterAck');
    expect(c).toHaveTextContent('Redelivered after ack3');
    expect(c).toHaveAttribute('data-problem', 'false');
    expect(c).toHaveAttribute('title', expect.stringMatching(/had acknowledged it: the broker that took the acknowledgement went down \(stopped or crashed\) before the acknowledgement reached the broker that took over/));
    const note = within(panel).getByTestId('redelivered-after-ack');
    expect(note).toHaveTextContent(
      '3 redelivered after ack — the consumer had acknowledged them on the master, which went down before the acknowledgement reached the backup, so the backup delivered them again. Artemis promises at-least-once',
    );
    expect(note).toHaveTextContent(/message 35467: received on the master at .*, acknowledged at .*, delivered again by the backup at .*; the same stored message \(send attempt 1, sent 2 times\), processed once/);
    expect(within(panel).queryByRole('alert')).toBeNull();
  });

  it('redeliveries after ack from a failover and a failback name no one pair of brokers', async () => {
    const { panel, user, lab } = await openTraffic();
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    const arrival = (broker: string, at: string) => ({ broker, at, attempt: 1, deliveryCount: 1 });
    act(() =>
      lab.mutate((s) => {
        Object.assign(s.traffic!.totals, { redeliveredAfterAck: 2 });
        s.traffic!.evidence.redeliveredAfterAck.push(
          { seq: 10, first: arrival('master', '2026-11-29T13:46:20.407Z'), acknowledgedAt: '2026-11-29T13:46:20.430Z', again: arrival('backup', '2026-11-29T13:46:21.184Z'), sends: 1 },
          { seq: 900, first: arrival('backup', '2026-11-29T13:50:20.407Z'), acknowledgedAt: '2026-11-29T13:50:20.430Z', again: arrival('master', '2026-11-29T13:50:24.000Z'), sends: 1 },
        );
      }),
    );
    expect(within(panel).getByTestId('redelivered-after-ack')).toHaveTextContent(
      '2 redelivered after ack — the consumer had acknowledged them on a broker that went down before the acknowledgement reached the broker that took over, which delivered them again. Artemis promises at-least-once',
    );
  });

  it('a bad rate gets one line saying what fits, and Start waits for it', async () => {
    const { panel, user, lab } = await openTraffic();
    const rate = within(panel).getByLabelText(/Rate/);
    await user.clear(rate);
    await user.type(rate, '5000');
    expect(within(panel).getByText(/whole number of messages per second from 1 to 2000/)).toBeVisible();
    expect(rate).toHaveAttribute('aria-invalid', 'true');
    expect(within(panel).getByRole('button', { name: 'Start traffic' })).toBeDisabled();
    expect(lab.calls.some((c) => c.method === 'traffic.start')).toBe(false);
  });

  it('shows the commands for attendees with the lab’s ports', async () => {
    const { panel } = await openTraffic();
    expect(within(panel).getByLabelText('Producer command')).toHaveTextContent(
      '/tmp/fake-lab/apache-artemis-2.44.0/bin/artemis producer --protocol amqp --url "failover:(amqp://127.0.0.1:61616,amqp://127.0.0.1:61716)" --destination queue://labTraffic',
    );
    expect(within(panel).getByLabelText('Consumer command')).toHaveTextContent('?ha=true&reconnectAttempts=-1');
  });

  it('starting with no live broker shows the lab’s error and hint', async () => {
    const { panel, user } = await openTraffic({ running: false });
    await user.click(within(panel).getByRole('button', { name: 'Start traffic' }));
    expect(await screen.findByText('No live broker for the traffic to start on.')).toBeVisible();
    expect(screen.getByText(/Start the master first/)).toBeVisible();
  });
});
