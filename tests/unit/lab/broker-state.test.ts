// Snapshot assembly: what the attendee sees for a broker, from run file + log role + Jolokia.
import { describe, expect, it } from 'vitest';
import type { JolokiaResult } from '../../../electron/lab/watching/jolokia.js';
import { assembleBroker, EMPTY_ROLE, type LogRole, type BrokerInputs } from '../../../shared/derive/broker-state.js';
import type { RunFile } from '../../../electron/lab/processes/pid-files.js';
import type { BrokerConfig } from '../../../shared/lab-state.js';

const T0 = Date.parse('2026-11-24T20:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const config: BrokerConfig = { instance: 'replicatedSlave', dir: '/lab/i/replicatedSlave', portOffset: 100, acceptorPort: 61716, consolePort: 8261 };

const run = (over: Partial<RunFile> = {}): RunFile => ({
  broker: 'backup',
  pid: 4242,
  instanceDir: config.dir,
  startedAt: iso(T0),
  stopRequestedAt: null,
  crashRequestedAt: null,
  exitedAt: null,
  ...over,
});

function jolokia(at: number, over: Partial<Extract<JolokiaResult, { reachable: true }>> = {}): JolokiaResult {
  return {
    reachable: true,
    requestedAt: at,
    brokerName: '127.0.0.1',
    backup: true,
    active: false,
    replicaSync: true,
    haPolicy: 'Replication Backup w/quorum voting',
    nodeId: 'n1',
    started: true,
    version: '2.44.0',
    haQueueCount: null,
    haQueue: null,
    cluster: null,
    ...over,
  };
}

const role = (over: Partial<LogRole>): LogRole => ({ ...EMPTY_ROLE, bootAt: T0 + 800, started: true, ...over });

function broker(over: Partial<BrokerInputs>) {
  return assembleBroker({
    name: 'backup',
    label: 'Backup',
    brokerRole: 'backup',
    config,
    verdict: { kind: 'running', pid: 4242 },
    run: run(),
    role: EMPTY_ROLE,
    jolokia: null,
    lastError: null,
    ...over,
  });
}

describe('assembleBroker', () => {
  it('a passive, synchronized backup has no haQueue (null, "passive"), not 0', () => {
    const n = broker({ role: role({ role: 'passive', roleAt: T0 + 900 }), jolokia: jolokia(T0 + 1000) });
    expect(n).toMatchObject({ process: 'running', live: false, backup: true, replicaSync: true, jolokia: 'ok', pid: 4242 });
    expect(n.queues.haQueue).toBeNull();
    expect(n.consoleUrl).toBe('http://localhost:8261/console');
  });

  it('the log saying "active" after the last Jolokia reading wins (failover seen before the next poll)', () => {
    const n = broker({
      role: role({ role: 'active', roleAt: T0 + 2000 }),
      jolokia: jolokia(T0 + 1500),
    });
    expect(n.live).toBe(true);
    expect(n.backup).toBe(false);
  });

  it('a Jolokia reading newer than the log wins', () => {
    const n = broker({
      role: role({ role: 'passive', roleAt: T0 + 900 }),
      jolokia: jolokia(T0 + 3000, { active: true, backup: false, haQueueCount: 10 }),
    });
    expect(n).toMatchObject({ live: true, backup: false });
    expect(n.queues.haQueue).toBe(10);
  });

  it('log lines of an earlier JVM do not count for a freshly started one', () => {
    // The previous run was killed while live: its last word was "active".
    const n = broker({ run: run({ startedAt: iso(T0 + 10_000) }), role: role({ bootAt: T0, role: 'active', roleAt: T0 + 500 }) });
    expect(n).toMatchObject({ process: 'starting', live: false, backup: null });
  });

  it('a Jolokia reading from before this JVM started is ignored', () => {
    const n = broker({ run: run({ startedAt: iso(T0 + 10_000) }), jolokia: jolokia(T0 + 5_000, { active: true }) });
    expect(n).toMatchObject({ process: 'starting', live: false, jolokia: 'unknown' });
  });

  it('synchronization logged between two polls shows at once', () => {
    const n = broker({
      role: role({ role: 'passive', roleAt: T0 + 900, synchronized: true, syncAt: T0 + 2000 }),
      jolokia: jolokia(T0 + 1500, { replicaSync: false }),
    });
    expect(n.replicaSync).toBe(true);
  });

  it('a stop in progress is "stopping"; a killed or dead JVM is "crashed"; no run file is "stopped"', () => {
    expect(broker({ run: run({ stopRequestedAt: iso(T0 + 5000) }), role: role({ role: 'passive', roleAt: T0 + 900 }) }).process).toBe('stopping');
    const crashed = broker({ verdict: { kind: 'exited', pid: 4242, crashRequested: true, stopRequested: false } });
    expect(crashed).toMatchObject({ process: 'crashed', pid: null, live: false, replicaSync: null, jolokia: 'unknown' });
    expect(broker({ verdict: { kind: 'stopped' }, run: null }).process).toBe('stopped');
  });

  it('an unreachable Jolokia leaves the log to speak, and says so', () => {
    const n = broker({
      role: role({ role: 'passive', roleAt: T0 + 900, synchronized: true, syncAt: T0 + 950 }),
      jolokia: { reachable: false, requestedAt: T0 + 1000, reason: 'ECONNREFUSED' },
    });
    expect(n).toMatchObject({ jolokia: 'unreachable', backup: true, replicaSync: true, live: false, process: 'running' });
  });
});
