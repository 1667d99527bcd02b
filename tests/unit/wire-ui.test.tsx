// @vitest-environment jsdom
// The wire as an attendee meets it in the app: the line between the wired brokers says what the
// relay does and has a Cut/Heal button; two live brokers of one group raise the split-brain alarm;
// the ledger says where each message of a split run is; the round trips per wire delay are plotted
// and said in words. Labs without a wire look as before.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabSnapshot, BrokerSnapshot, RoundTripSeries } from '../../shared/lab-state.js';
import type { WireView } from '../../shared/wire-state.js';
import { clusteredQueue } from '../../shared/labs/clustered-queue.js';
import { findLab } from '../../shared/labs/index.js';
import { splitBrain } from '../../shared/labs/split-brain.js';
import { roundTripSummary } from '../../renderer/src/round-trips.js';
import { renderApp } from './render-app.js';
import { labBroker } from './snapshot-fixtures.js';

afterEach(cleanup);

/** A broker of `lab`, synchronized with 10 messages unless the patch says otherwise. */
const broker = (lab: string, id: string, patch: Partial<BrokerSnapshot> = {}): BrokerSnapshot => labBroker(lab, id, { replicaSync: true, queues: { haQueue: 10 }, ...patch }, 62816);

const openWire = (patch: Partial<WireView> = {}): WireView => ({ a: 'primary', b: 'backup', cut: false, latencyMs: 0, state: 'open', connections: 2, lastError: null, ...patch });

/** The app on the split-brain lab: primary live, backup synchronized, the wire open. */
function splitLab(change: (s: LabSnapshot) => void = () => undefined) {
  const app = renderApp();
  act(() =>
    app.lab.mutate((s) => {
      s.lab = splitBrain.id;
      s.brokers = [broker(splitBrain.id, 'primary', { live: true, backup: false }), broker(splitBrain.id, 'backup')];
      s.wire = { wires: [openWire()], unreachable: [], relayRunning: true };
      change(s);
    }),
  );
  return app;
}

const wireLine = (c: HTMLElement) => c.querySelector('figure.topology [data-wire="primary|backup"]');

describe('the wire on the topology line', { timeout: 30_000 }, () => {
  it('cut from its button: wire.change is asked, the line breaks with scissors, the button heals', async () => {
    const { lab, view } = splitLab();
    expect(wireLine(view.container)).toHaveAttribute('data-wire-state', 'open');
    expect(wireLine(view.container)!.textContent).toContain('wire · 2 conn.');
    expect(view.container.querySelector('.topo-wire-gap')).toBeNull();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cut the wire between Primary and Backup' })));
    expect(lab.calls.filter((c) => c.method === 'wire.change').map((c) => c.params)).toEqual([{ ends: ['primary', 'backup'], cut: true }]);
    expect(wireLine(view.container)).toHaveAttribute('data-wire-state', 'cut');
    expect(wireLine(view.container)!.querySelector('.topo-wire-gap')!.textContent).toContain('✂');
    expect(wireLine(view.container)!.querySelector('title')!.textContent).toContain('is cut');

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Heal the wire between Primary and Backup' })));
    expect(lab.calls.filter((c) => c.method === 'wire.change').at(-1)!.params).toEqual({ ends: ['primary', 'backup'], cut: false });
    expect(wireLine(view.container)).toHaveAttribute('data-wire-state', 'open');
  });

  it('names the ends as the lab declares them, whichever way round the relay lists them', async () => {
    // Seen on real brokers: the engine listed the wire as backup–primary.
    const { lab } = splitLab((s) => {
      s.wire!.wires = [openWire({ a: 'backup', b: 'primary' })];
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cut the wire between Primary and Backup' })));
    expect(lab.calls.find((c) => c.method === 'wire.change')!.params).toEqual({ ends: ['primary', 'backup'], cut: true });
    expect(screen.getByRole('img', { name: /Cut the wire: split brain/ })).toHaveAccessibleDescription(/The wire between Primary and Backup is cut/);
  });

  it("a refused change shows in the error banner with the lab's fix", async () => {
    const { lab } = splitLab();
    lab.failNext('wire.change', { code: 'NOT_RUNNING', message: 'The relay is not running.', hint: 'Start a broker first: the lab starts its relay.' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cut the wire between Primary and Backup' })));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The relay is not running.');
    expect(alert).toHaveTextContent('Fix: Start a broker first: the lab starts its relay.');
  });

  it('not relayed: dotted and says why; a delay is written on the line; a cut-off broker wears a badge', () => {
    const { view } = splitLab((s) => {
      s.wire = { wires: [openWire({ state: 'not-relayed', connections: 0, latencyMs: 50 })], unreachable: ['backup'], relayRunning: false };
    });
    const line = wireLine(view.container)!;
    expect(line).toHaveAttribute('data-wire-state', 'not-relayed');
    expect(line.textContent).toContain('not relayed');
    expect(line.querySelector('title')!.textContent).toContain('no relay process runs');
    const backup = view.container.querySelector('[data-topo-broker="backup"]')!;
    expect(backup.textContent).toContain('network cut off');
    expect(view.container.querySelector('[data-topo-broker="primary"]')!.textContent).not.toContain('network cut off');

    cleanup();
    const open = splitLab((s) => {
      s.wire = { wires: [openWire({ latencyMs: 50 })], unreachable: [], relayRunning: true };
    });
    expect(wireLine(open.view.container)!.textContent).toContain('+50 ms');
  });

  it('a lab without a wire draws its lines as before: no wire, no button, no badge', async () => {
    const { view, store } = renderApp();
    await act(() => store.getState().runStep('unpack'));
    await act(() => store.getState().runStep('start-master'));
    expect(view.container.querySelector('[data-wire]')).toBeNull();
    expect(view.container.querySelector('.topology-stage')).toBeNull();
    expect(screen.queryByRole('button', { name: /wire between/ })).toBeNull();
    expect(screen.queryByTestId('round-trips')).toBeNull();
    expect(view.container.querySelector('figure.topology')!.textContent).not.toContain('wire');
  });
});

describe('split-brain alarm', { timeout: 30_000 }, () => {
  it('two live brokers of one group: a red alarm above the cards, both cards marked', () => {
    const { view, lab } = splitLab();
    expect(screen.queryByTestId('split-brain-alarm')).toBeNull();
    act(() => lab.mutate((s) => Object.assign(s.brokers[1]!, { live: true, backup: false })));
    const alarm = screen.getByTestId('split-brain-alarm');
    expect(alarm).toHaveTextContent('Split brain: Primary and Backup are both live — each takes messages the other never sees');
    expect(alarm.compareDocumentPosition(view.container.querySelector('.cards')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId('role-primary')).toHaveTextContent('live');
    expect(screen.getByTestId('role-backup')).toHaveTextContent('live');
    expect([...view.container.querySelectorAll('.cards [data-split-brain]')].map((c) => c.getAttribute('data-broker'))).toEqual(['primary', 'backup']);

    // A live flag on a broker whose process is gone is not a second live broker.
    act(() => lab.mutate((s) => Object.assign(s.brokers[1]!, { process: 'crashed' })));
    expect(screen.queryByTestId('split-brain-alarm')).toBeNull();
    expect(view.container.querySelector('[data-split-brain]')).toBeNull();
  });

  it('two live cluster members are no split brain: they are meant to be', () => {
    const app = renderApp();
    act(() =>
      app.lab.mutate((s) => {
        s.lab = clusteredQueue.id;
        s.brokers = clusteredQueue.topology.brokers.map((b) => broker(clusteredQueue.id, b.id, { live: true, backup: false, haPolicy: null }));
      }),
    );
    expect(app.view.container.querySelectorAll('.cards [data-live="true"]')).toHaveLength(2);
    expect(screen.queryByTestId('split-brain-alarm')).toBeNull();
  });
});

describe('a broker stopped by its pinger', { timeout: 30_000 }, () => {
  it('reads "broker stopped" on its card and in the picture, not "backup", while its JVM runs', () => {
    const { view } = splitLab((s) => {
      s.wire!.unreachable = ['backup'];
      Object.assign(s.brokers[1]!, { serverDown: true, backup: null, replicaSync: null, jolokia: 'unreachable' });
    });
    expect(screen.getByTestId('role-backup')).toHaveTextContent('broker stopped');
    const box = view.container.querySelector('figure.topology [data-topo-broker="backup"]')!;
    expect(box.getAttribute('data-state')).toBe('stood-down');
    expect(box).toHaveTextContent('network cut off');
  });
});

describe('where each message is after a split', { timeout: 30_000 }, () => {
  it('the ledger names each stretch: in two places, stranded on one side, lost', () => {
    splitLab((s) => {
      s.ledger = {
        runId: 'run-7',
        sent: 21,
        checks: [
          {
            at: new Date().toISOString(),
            broker: null,
            label: 'after healing, on both',
            sent: 21,
            present: 20,
            lost: 1,
            duplicated: 0,
            placement: {
              runId: 'run-7',
              brokers: ['primary', 'backup'],
              rows: [
                { firstSeq: 1, lastSeq: 10, sentTo: 'primary', on: ['primary', 'backup'] },
                { firstSeq: 11, lastSeq: 15, sentTo: 'primary', on: ['primary'] },
                { firstSeq: 16, lastSeq: 20, sentTo: 'backup', on: ['backup'] },
                { firstSeq: 21, lastSeq: 21, sentTo: 'backup', on: [] },
              ],
            },
          },
        ],
      };
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Message ledger' }));
    // The check browsed both brokers: it says so, not "no live broker".
    expect(screen.getByRole('row', { name: /after healing, on both/ })).toHaveTextContent('Primary and Backup');
    const rows = within(screen.getByTestId('placement'))
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['#1–10', 'Primary', 'both', 'in two places'],
      ['#11–15', 'Primary', 'only Primary', 'stranded on Primary'],
      ['#16–20', 'Backup', 'only Backup', 'stranded on Backup'],
      ['#21', 'Backup', 'nowhere', 'lost'],
    ]);
  });
});

describe('round trips per wire delay', { timeout: 30_000 }, () => {
  const series = (latencyMs: number, samplesMs: number[], medianMs: number, at = '2026-01-01T00:00:00Z'): RoundTripSeries => ({ at, broker: 'primary', latencyMs, durable: true, samplesMs, medianMs });

  it('plots each send and says each median in words', () => {
    const { view } = splitLab((s) => {
      s.roundTrips = [series(0, [3.9, 4.1, 4.4], 4.1), series(50, [104, 108, 111], 108)];
    });
    expect(screen.getByTestId('round-trip-summary')).toHaveTextContent('0 ms on the wire: median 4.1 ms (3 sends); 50 ms on the wire: median 108 ms (3 sends).');
    const plotted = [...view.container.querySelectorAll('.rt-series')].map((g) => [g.getAttribute('data-latency'), g.querySelectorAll('.rt-dot').length]);
    expect(plotted).toEqual([
      ['0', 3],
      ['50', 3],
    ]);
  });

  it('a delay measured again shows its newest figures only', () => {
    expect(roundTripSummary([series(50, [200], 200), series(0, [4], 4), series(50, [101, 103], 102)])).toBe('0 ms on the wire: median 4.0 ms (1 send); 50 ms on the wire: median 102 ms (2 sends).');
    expect(roundTripSummary([])).toBe('No timed sends yet.');
  });
});
