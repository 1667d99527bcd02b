// @vitest-environment jsdom
// The timeline of a lab with two pairs shows each pair's own failover and failback clock; a
// one-pair lab keeps its single pair of stopwatches.
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../renderer/src/components/Timeline.js';
import { formatDuration } from '../../renderer/src/format.js';
import { createLabStore } from '../../renderer/src/store.js';
import { LabProvider } from '../../renderer/src/store-context.js';
import type { LabSnapshot } from '../../shared/lab-state.js';
import { bridgeFor } from './fake-bridge.js';
import { createFakeLab } from './fake-lab.js';

function renderTimeline(change: Partial<LabSnapshot>) {
  const lab = createFakeLab();
  const bridge = bridgeFor(lab);
  const store = createLabStore(bridge);
  store.setState({ snapshot: { ...lab.snapshot(), ...change } });
  return render(
    <LabProvider store={store} bridge={bridge}>
      <Timeline />
    </LabProvider>,
  );
}

const watch = (ms: number) => ({ startedAt: '2026-11-29T09:50:00.000Z', endedAt: '2026-11-29T09:50:10.000Z', ms });

describe('the timeline stopwatches', () => {
  it('show each pair on its own clock in replication-vs-shared-store', () => {
    const view = renderTimeline({
      lab: 'replication-vs-shared-store',
      groupStopwatches: { repLive: { failover: watch(5967), failback: watch(44856) }, ssLive: { failover: watch(12967), failback: null } },
    });
    const groups = view.container.querySelectorAll('[data-group]');
    expect([...groups].map((g) => g.getAttribute('data-group'))).toEqual(['repLive', 'ssLive']);
    expect(groups[0]!.textContent).toContain(formatDuration(5967));
    expect(groups[0]!.textContent).toContain(formatDuration(44856));
    expect(groups[1]!.textContent).toContain(formatDuration(12967));
    expect(groups[1]!.textContent).toContain('no failback in this group yet');
  });

  it('keep one pair of stopwatches for a one-pair lab', () => {
    const view = renderTimeline({ lab: 'shared-store', stopwatch: { failover: watch(2180), failback: null } });
    expect(view.container.querySelectorAll('[data-group]')).toHaveLength(0);
    expect(view.container.querySelector('[data-stopwatch="failover"]')!.textContent).toContain(formatDuration(2180));
  });
});
