// @vitest-environment jsdom
// The topology picture as an attendee reads it: one box per broker saying its state in words,
// the replication line that is copying now, bridges dashed, a shared journal drawn once per group.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TopologyPicture } from '../../renderer/src/components/Topology.js';
import { layoutTopology, rowOrder } from '../../renderer/src/topology-layout.js';
import type { BrokerSnapshot } from '../../shared/lab-state.js';
import type { LabDefinition } from '../../shared/labs/lab-definition.js';
import { multipleBackups } from '../../shared/labs/multiple-backups.js';
import { renderApp } from './render-app.js';
import { labBroker } from './snapshot-fixtures.js';

afterEach(cleanup);

/** A broker of multiple-backups as the monitor would report it. */
const broker = (id: string, patch: Partial<BrokerSnapshot>): BrokerSnapshot => labBroker(multipleBackups.id, id, patch, 63216);

const box = (c: HTMLElement, id: string) => c.querySelector(`[data-topo-broker="${id}"]`) as SVGGElement;
const states = (c: Element) => Object.fromEntries([...c.querySelectorAll('[data-topo-broker]')].map((g) => [g.getAttribute('data-topo-broker'), g.getAttribute('data-state')]));
const copying = (c: HTMLElement) => [...c.querySelectorAll('[data-link="replication"].copying')].map((l) => [l.getAttribute('data-from'), l.getAttribute('data-to')].sort().join('–'));

describe('topology picture of multiple-backups', { timeout: 30_000 }, () => {
  it('before failover: the live, its synchronized replica, and the backup that waits', () => {
    const brokers = [broker('live', { live: true, backup: false, replicaSync: true, queues: { haQueue: 10 } }), broker('backup1', { replicaSync: true }), broker('backup2', {})];
    const { container } = render(<TopologyPicture lab={multipleBackups} brokers={brokers} />);
    expect(states(container)).toEqual({ live: 'live', backup1: 'synced-backup', backup2: 'waiting-backup' });
    // The words, not only the colours, and the ports the attendee will type.
    expect(box(container, 'live').textContent).toContain('live');
    expect(box(container, 'backup1').textContent).toContain('synchronized backup');
    expect(box(container, 'backup2').textContent).toContain('waiting backup');
    expect(box(container, 'backup1').textContent).toContain('63316 · 9861');
    expect(box(container, 'backup2').textContent).toContain('multiBackup2');
    // Every broker of the group knows the others: three replication lines, one copying now.
    expect([...container.querySelectorAll('[data-link]')].map((l) => l.getAttribute('data-link'))).toEqual(['replication', 'replication', 'replication']);
    expect(copying(container)).toEqual(['backup1–live']);
    const img = screen.getByRole('img', { name: /One live, two backups: 3 brokers/ });
    expect(img).toHaveAccessibleDescription(/Backup 1 \(multiBackup1, backup\): synchronized backup\. Backup 2 \(multiBackup2, backup\): waiting backup\./);
  });

  it('follows the live role: live → backup 1 → backup 2 → live, with the replica moving along', () => {
    const at = (brokers: BrokerSnapshot[]) => {
      const { container, unmount } = render(<TopologyPicture lab={multipleBackups} brokers={brokers} />);
      const seen = { states: states(container), copying: copying(container) };
      unmount();
      return seen;
    };
    expect(at([broker('live', { process: 'crashed', live: false, backup: null, replicaSync: null, pid: null }), broker('backup1', { live: true, backup: false, replicaSync: null }), broker('backup2', { replicaSync: true })])).toEqual({
      states: { live: 'crashed', backup1: 'live', backup2: 'synced-backup' },
      copying: ['backup1–backup2'],
    });
    expect(at([broker('live', { process: 'stopped', backup: null, replicaSync: null }), broker('backup1', { process: 'stopped', backup: null, replicaSync: null }), broker('backup2', { live: true, backup: false })])).toEqual({
      states: { live: 'stopped', backup1: 'stopped', backup2: 'live' },
      copying: [],
    });
    expect(at([broker('live', { process: 'starting', backup: null, replicaSync: null }), broker('backup1', { process: 'stopped', backup: null, replicaSync: null }), broker('backup2', { live: true, backup: false })]).states.live).toBe('starting');
    expect(at([broker('live', { live: true, backup: false }), broker('backup1', {}), broker('backup2', { replicaSync: true })])).toEqual({
      states: { live: 'live', backup1: 'waiting-backup', backup2: 'synced-backup' },
      copying: ['backup2–live'],
    });
  });

  it('as a plan (the picker) draws the boxes and lines but claims no state', () => {
    const { container } = render(<TopologyPicture lab={multipleBackups} small />);
    expect(states(container)).toEqual({ live: 'plan', backup1: 'plan', backup2: 'plan' });
    expect(container.textContent).not.toMatch(/live\b.*serving|not created/);
  });
});

/** Four brokers as the labs being written may have them: a replicated pair, a shared-store pair, bridged. */
const fourBrokers: LabDefinition = {
  ...multipleBackups,
  id: 'four-test',
  title: 'Four brokers',
  topology: {
    brokers: [
      { id: 'a', label: 'A live', instance: 'a', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: ['a2', 's'], group: 'a' },
      { id: 's', label: 'S live', instance: 's', role: 'primary', ha: 'shared-store', portOffset: 100, connectsTo: ['s2', 'a'], group: 's' },
      { id: 'a2', label: 'A backup', instance: 'a2', role: 'backup', ha: 'replication', portOffset: 200, connectsTo: ['a'], group: 'a' },
      { id: 's2', label: 'S backup', instance: 's2', role: 'backup', ha: 'shared-store', portOffset: 300, connectsTo: ['s'], group: 's' },
    ],
  },
};

describe('topology layout for any lab', () => {
  it('puts each HA group side by side, so its lines stay short', () => {
    expect(rowOrder(fourBrokers.topology).map((b) => b.id)).toEqual(['a', 'a2', 's', 's2']);
  });

  it('draws replication solid, the bridge dashed, and one shared journal under the shared-store pair', () => {
    const { container } = render(<TopologyPicture lab={fourBrokers} brokers={null} />);
    expect(container.querySelectorAll('[data-topo-broker]')).toHaveLength(4);
    const kinds = [...container.querySelectorAll('[data-link]')].map((l) => `${l.getAttribute('data-link')}:${l.getAttribute('data-from')}-${l.getAttribute('data-to')}`).sort();
    expect(kinds).toEqual(['bridge:a-s', 'replication:a-a2', 'shared-store:s-disk:s', 'shared-store:s2-disk:s']);
    expect(container.querySelectorAll('.topo-disk')).toHaveLength(1);
    expect(container.querySelector('[data-link="bridge"]')!.getAttribute('class')).toContain('link-bridge');
    expect(screen.getByRole('img')).toHaveAccessibleDescription(/S live and S backup share one journal on a shared disk\./);
    // Not set up: every box says so.
    expect(Object.values(states(container))).toEqual(['not-created', 'not-created', 'not-created', 'not-created']);
  });

  it('keeps four boxes and the arches inside the picture', () => {
    const l = layoutTopology(fourBrokers.topology);
    const right = Math.max(...l.boxes.map((b) => b.x + l.boxW));
    expect(right).toBeLessThanOrEqual(l.width);
    expect(Math.min(...l.boxes.map((b) => b.y))).toBeGreaterThan(0);
    // The bridge a–s jumps over a2: an arch whose peak (3/4 up to its control points) stays in the picture.
    const arch = l.lines.find((x) => x.kind === 'bridge')!;
    const m = arch.d.match(/^M [\d.]+ ([\d.]+) C [\d.]+ (-?[\d.]+),/)!;
    const [y0, cy] = [Number(m[1]), Number(m[2])];
    expect(cy).toBeLessThan(y0 - 20);
    expect(y0 - 0.75 * (y0 - cy)).toBeGreaterThanOrEqual(0);
  });
});

describe('topology in the app', { timeout: 30_000 }, () => {
  it('sits above the cards and turns a box live when its broker is', async () => {
    const { view, store } = renderApp();
    const picture = view.container.querySelector('figure.topology')!;
    expect(picture.compareDocumentPosition(view.container.querySelector('.cards')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(states(picture)).toEqual({ master: 'not-created', backup: 'not-created' });
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    await act(() => store.getState().runStep('start-backup'));
    expect(states(picture)).toEqual({ master: 'live', backup: 'synced-backup' });
    expect(within(picture as HTMLElement).getByText('replication (green: a synchronized backup copies the live journal)')).toBeVisible();
    await act(() => store.getState().call('broker.stop', { broker: 'master', crash: true }));
    expect(states(picture)).toEqual({ master: 'crashed', backup: 'live' });
  });
});
