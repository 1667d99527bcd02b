// @vitest-environment jsdom
// A cluster member's card shows where the lab queue's messages are: counters, the lab's pinned
// consumer with its share of the last send, and the cluster view; a replicated broker's card does not.
import { act, cleanup, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerSnapshot } from '../../shared/lab-state.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

function member(name: string, label: string, over: Partial<BrokerSnapshot>): BrokerSnapshot {
  return {
    name,
    label,
    role: 'member',
    instance: name,
    process: 'running',
    pid: 7,
    startedAt: null,
    live: true,
    backup: false,
    replicaSync: false,
    haPolicy: 'Primary Only',
    ports: { acceptor: 61616, console: 8161 },
    acceptorUrl: '',
    consoleUrl: '',
    queues: { haQueue: 0 },
    haQueueStats: null,
    cluster: null,
    jolokia: 'ok',
    lastError: null,
    ...over,
  };
}

describe('QueueStats in the broker cards', () => {
  it('shows each member its count, consumers, the lab consumer\'s share of the last send and the cluster', () => {
    const { lab, view } = renderApp();
    act(() =>
      lab.mutate((s) => {
        s.brokers = [
          member('broker1', 'Broker 1', { haQueueStats: { messageCount: 0, messagesAdded: 30, consumerCount: 1, deliveringCount: 0 }, cluster: { members: 2, loadBalancing: 'STRICT', remoteBindings: 1 } }),
          member('broker2', 'Broker 2', { haQueueStats: { messageCount: 10, messagesAdded: 10, consumerCount: 0, deliveringCount: 0 }, cluster: { members: 2, loadBalancing: 'STRICT', remoteBindings: 1 } }),
        ];
        s.ledger = { runId: 'r4', sent: 20, checks: [] };
        s.consumers = {
          pid: 42,
          running: true,
          queue: 'haQueue',
          updatedAt: '',
          consumers: { broker1: { broker: 'broker1', state: 'attached', since: '', received: 40, byRun: { r3: 10, r4: 10 }, lastError: null } },
        };
      }),
    );
    const b1 = within(view.getByTestId('queue-stats-broker1'));
    expect(b1.getByTestId('lab-consumer-broker1').textContent).toBe('attached, 40 received (10 of the last send)');
    expect(b1.getByText('2 members · STRICT')).toBeVisible();
    const b2 = within(view.getByTestId('queue-stats-broker2'));
    expect(b2.getByTestId('queue-count-broker2').textContent).toBe('10');
    expect(b2.getByTestId('queue-consumers-broker2').textContent).toBe('0');
    expect(b2.getByTestId('lab-consumer-broker2').textContent).toBe('none');
  });

  it('stays out of a replicated pair\'s cards', () => {
    const { lab, view } = renderApp();
    act(() =>
      lab.mutate((s) => {
        s.brokers = [member('master', 'Master', { role: 'primary', haQueueStats: { messageCount: 10, messagesAdded: 10, consumerCount: 0, deliveringCount: 0 } })];
      }),
    );
    expect(view.container.querySelector('[data-broker="master"]')).not.toBeNull();
    expect(view.queryByTestId('queue-stats-master')).toBeNull();
  });
});
