// @vitest-environment jsdom
// A lab with two HA groups times each on its own: the attendee reads which group failed over and how fast.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupStopwatches } from '../../renderer/src/components/Timeline.js';
import type { LabDefinition } from '../../shared/labs/lab-definition.js';
import { multipleBackups } from '../../shared/labs/multiple-backups.js';

afterEach(cleanup);

const twoGroups: LabDefinition = {
  ...multipleBackups,
  id: 'two-groups-test',
  topology: {
    brokers: [
      { id: 'a', label: 'Replicated live', instance: 'a', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: ['a2'], group: 'a' },
      { id: 'a2', label: 'Replicated backup', instance: 'a2', role: 'backup', ha: 'replication', portOffset: 100, connectsTo: ['a'], group: 'a' },
      { id: 's', label: 'Shared live', instance: 's', role: 'primary', ha: 'shared-store', portOffset: 200, connectsTo: ['s2'], group: 's' },
      { id: 's2', label: 'Shared backup', instance: 's2', role: 'backup', ha: 'shared-store', portOffset: 300, connectsTo: ['s'], group: 's' },
    ],
  },
};

describe('per-group failover clocks', () => {
  it('shows one pair of clocks per HA group, named by its brokers, each with its own figure', () => {
    render(
      <GroupStopwatches
        lab={twoGroups}
        watches={{
          a: { failover: { startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-01-01T00:00:01.2Z', ms: 1200, broker: 'a', to: 'a2' }, failback: null },
          s: { failover: { startedAt: '2025-01-01T00:00:00Z', endedAt: null, ms: null, broker: 's' }, failback: null },
        }}
      />,
    );
    const a = screen.getByRole('region', { name: 'Replicated live’s group (Replicated live, Replicated backup)' });
    const s = screen.getByRole('region', { name: 'Shared live’s group (Shared live, Shared backup)' });
    expect(within(a).getByText('Replicated live stop issued → Replicated backup live')).toBeVisible();
    expect(a.querySelector('[data-stopwatch="failover-a"] .stopwatch-value')).toHaveTextContent(/1[.,]2/);
    expect(s.querySelector('[data-stopwatch="failover-s"] .stopwatch-value')).toHaveTextContent('running…');
    expect(s.querySelector('[data-stopwatch="failback-s"] .stopwatch-value')).toHaveTextContent('—');
  });

  it('shows nothing extra for a lab with one group (the main clocks are that group’s)', () => {
    const { container } = render(<GroupStopwatches lab={multipleBackups} watches={{}} />);
    expect(container).toBeEmptyDOMElement();
  });
});
