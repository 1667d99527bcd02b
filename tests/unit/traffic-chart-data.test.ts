// The traffic chart's data, shaped without a canvas: columns per broker, outage bands, HA
// markers; and the commands attendees copy.
import { describe, expect, it } from 'vitest';
import type { HaEvent, LabView } from '../../shared/lab-state.js';
import type { TrafficSnapshot } from '../../shared/traffic-state.js';
import { shapeTrafficChart } from '../../renderer/src/traffic-chart-data.js';
import { trafficCommands } from '../../shared/traffic-commands.js';
import { replicatedPair } from '../../shared/labs/replicated-pair.js';
import { parseRate } from '../../renderer/src/components/TrafficPanel.js';
import { advanceTraffic, breakTraffic, startTraffic } from './fake-traffic.js';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const sec = (n: number) => T0 / 1000 + n;
const at = (n: number) => new Date(T0 + n * 1000).toISOString();

function traffic(patch: Partial<TrafficSnapshot> = {}): TrafficSnapshot {
  return { ...startTraffic(20, 'master', T0), ...patch };
}

describe('shapeTrafficChart', () => {
  it('gives one sent and one received column per broker, master first, zero where a broker had none', () => {
    const t = traffic({
      series: [
        { at: at(0), sent: { master: 20 }, received: { master: 19 } },
        { at: at(1), sent: {}, received: {} },
        { at: at(2), sent: { backup: 20 }, received: { backup: 21 } },
      ],
      updatedAt: at(3),
    });
    const d = shapeTrafficChart(t, [], ['master', 'backup']);
    expect(d.x).toEqual([sec(0), sec(1), sec(2)]);
    expect(d.lines.map((l) => [l.label, l.values])).toEqual([
      ['sent to master', [20, 0, 0]],
      ['received from master', [19, 0, 0]],
      ['sent to backup', [0, 0, 20]],
      ['received from backup', [0, 0, 21]],
    ]);
    expect(d.range).toEqual([sec(0), sec(3)]);
  });

  it('draws a closed outage from its last to its first message, an open one to the newest second', () => {
    const t = traffic({
      series: [0, 1, 2, 3, 4, 5].map((n) => ({ at: at(n), sent: {}, received: {} })),
      updatedAt: at(6),
      gaps: [
        { side: 'producer', from: at(1.2), to: at(3), ms: 1800, fromBroker: 'master', toBroker: 'backup' },
        { side: 'consumer', from: at(4.5), to: null, ms: null, fromBroker: 'backup', toBroker: null },
      ],
    });
    const d = shapeTrafficChart(t, []);
    expect(d.bands).toEqual([
      { side: 'producer', from: sec(1.2), to: sec(3), open: false, label: 'producer 1.8 s' },
      { side: 'consumer', from: sec(4.5), to: sec(6), open: true, label: 'consumer out…' },
    ]);
  });

  it('marks failovers and failbacks inside the window, once per handover, and nothing else', () => {
    const ev = (n: number, kind: HaEvent['kind'], broker: HaEvent['broker'] = 'backup'): HaEvent => ({ time: at(n), broker, code: 'AMQ', kind, text: '' });
    const t = traffic({ series: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ at: at(n), sent: {}, received: {} })), updatedAt: at(10) });
    const d = shapeTrafficChart(t, [ev(-30, 'failover'), ev(2, 'stopped', 'master'), ev(2.5, 'failover'), ev(3, 'failover'), ev(8, 'failback'), ev(8.1, 'live', 'master')]);
    expect(d.markers).toEqual([
      { at: sec(2.5), kind: 'failover', label: 'failover → backup' },
      { at: sec(8), kind: 'failback', label: 'failback' },
    ]);
  });

  it("marks a failback once, not also as a failover to the returning master, whichever code came first", () => {
    const ev = (n: number, kind: HaEvent['kind'], broker: HaEvent['broker']): HaEvent => ({ time: at(n), broker, code: 'AMQ', kind, text: '' });
    const t = traffic({ series: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ at: at(n), sent: {}, received: {} })), updatedAt: at(10) });
    const failover = { at: sec(2), kind: 'failover', label: 'failover → backup' };
    const failback = { at: sec(8), kind: 'failback', label: 'failback' };
    expect(shapeTrafficChart(t, [ev(2, 'failover', 'backup'), ev(8, 'failback', 'backup'), ev(8.6, 'failover', 'master')]).markers).toEqual([failover, failback]);
    expect(shapeTrafficChart(t, [ev(2, 'failover', 'backup'), ev(7.4, 'failover', 'master'), ev(8, 'failback', 'backup')]).markers).toEqual([failover, failback]);
  });

  it('shapes what the fake lab plays: the outage band lies where the rate drops to zero', () => {
    const t = startTraffic(20, 'master', T0);
    advanceTraffic(t, 'master', 3);
    breakTraffic(t);
    advanceTraffic(t, 'backup', 4);
    const d = shapeTrafficChart(t, []);
    const sentMaster = d.lines.find((l) => l.label === 'sent to master')!.values;
    const sentBackup = d.lines.find((l) => l.label === 'sent to backup')!.values;
    expect(sentMaster).toEqual([20, 20, 20, 0, 0, 0, 0]);
    expect(sentBackup).toEqual([0, 0, 0, 0, 20, 20, 20]);
    const producer = d.bands.find((b) => b.side === 'producer')!;
    expect(producer).toMatchObject({ from: sec(3), to: sec(4.8), label: 'producer 1.8 s', open: false });
  });
});

describe('trafficCommands', () => {
  const view = (defaultPassword: boolean): LabView => ({
    schema: 1,
    lab: 'replicated-pair',
    broker: { version: '2.44.0', home: '/labs/a b/apache-artemis-2.44.0', zip: '/z.zip', dialect: 'primary-backup' },
    user: 'admin',
    defaultPassword,
    heapMb: 512,
    journal: 'nio',
    brokers: {
      master: { instance: 'replicatedMaster', dir: '/labs/m', portOffset: 1200, acceptorPort: 62816, consolePort: 9361 },
      backup: { instance: 'replicatedSlave', dir: '/labs/s', portOffset: 1300, acceptorPort: 62916, consolePort: 9461 },
    },
    createdAt: '',
  });

  it('uses the lab’s ports, the distribution’s launcher and a pace matching the rate', () => {
    const c = trafficCommands(view(true), 20, replicatedPair);
    expect(c.producer).toBe(
      '/labs/a b/apache-artemis-2.44.0/bin/artemis producer --protocol amqp --url "failover:(amqp://127.0.0.1:62816,amqp://127.0.0.1:62916)" --destination queue://labTraffic --message-count 6000 --sleep 50 --user admin --password admin',
    );
    expect(c.consumer).toBe(
      '/labs/a b/apache-artemis-2.44.0/bin/artemis consumer --url "(tcp://127.0.0.1:62816,tcp://127.0.0.1:62916)?ha=true&reconnectAttempts=-1" --destination queue://labTraffic --message-count 6000 --receive-timeout -1 --user admin --password admin',
    );
  });

  it('masks a password that is not the default', () => {
    expect(trafficCommands(view(false), 20, replicatedPair).producer).toContain('--password ***');
    expect(trafficCommands(view(false), 20, replicatedPair).producer).not.toContain('--password admin');
  });

  it('works before setup with the default ports', () => {
    expect(trafficCommands(null, 2000, replicatedPair).consumer).toContain('(tcp://127.0.0.1:61616,tcp://127.0.0.1:61716)');
    expect(trafficCommands(null, 2000, replicatedPair).producer).toContain('--sleep 1 ');
  });
});

describe('parseRate', () => {
  it('takes whole numbers from 1 to 2000 and nothing else', () => {
    expect(parseRate('20')).toBe(20);
    expect(parseRate('2000')).toBe(2000);
    expect(['0', '2001', '2.5', '', '-3', 'ten'].map(parseRate)).toEqual([null, null, null, null, null, null]);
  });
});
