// A master killed while its backup still synchronizes: Artemis 2.44.0 names the outcome only on an
// exception line (AMQ229026 under an ERROR AMQ224000). The lab must read it there, keep the backup
// passive, and say why. Lines below are copied from a real run (tests/integration/crash-during-sync).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabMonitor } from '../../../electron/lab/watching/lab-monitor.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { embeddedCodeOf, kindOfCode } from '../../../electron/lab/watching/log-codes.js';
import { applyRoleSignal, assembleBroker, EMPTY_ROLE, syncFailedError } from '../../../shared/derive/broker-state.js';
import { updateRunFile } from '../../../electron/lab/processes/pid-files.js';
import type { JolokiaResult } from '../../../electron/lab/watching/jolokia.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { stepOf } from '../../../shared/labs/story.js';

const stepById = (id: string) => stepOf(replicatedPair, id);
import { fakeLabConfig, logOnlyBrokers, logStamp, startFakeBroker } from './lab-fixtures.js';

const EXCEPTION =
  'org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException: AMQ229026: Backup Server was not yet in sync with live';
const FRAME = '\tat org.apache.activemq.artemis.core.server.impl.SharedNothingBackupActivation.run(SharedNothingBackupActivation.java:285)';

describe('reading AMQ229026', () => {
  it('finds the code on the exception line, not on stack frames or ordinary lines', () => {
    expect(embeddedCodeOf(EXCEPTION)).toBe('AMQ229026');
    expect(embeddedCodeOf(`${EXCEPTION}\r`)).toBe('AMQ229026');
    expect(embeddedCodeOf(FRAME)).toBeNull();
    expect(embeddedCodeOf('Caused by: something else')).toBeNull();
    expect(kindOfCode('AMQ229026')).toBe('sync-failed');
  });
});

describe('a backup that refused to take over', () => {
  const T0 = Date.parse('2026-11-24T21:51:54.000Z');
  const config = { instance: 'replicatedSlave', dir: '/lab/b', portOffset: 100, acceptorPort: 61716, consolePort: 8261 };
  const run = { broker: 'backup' as const, pid: 7, instanceDir: '/lab/b', startedAt: new Date(T0).toISOString(), stopRequestedAt: null, crashRequestedAt: null, exitedAt: null };
  const reading: JolokiaResult = {
    reachable: true,
    requestedAt: T0 + 6000,
    brokerName: '127.0.0.1',
    backup: true,
    active: false,
    replicaSync: false,
    haPolicy: 'Replication Backup w/quorum voting',
    nodeId: null,
    started: true,
    version: '2.44.0',
    haQueueCount: null,
    haQueue: null,
    cluster: null,
  };
  let role = applyRoleSignal(EMPTY_ROLE, 'boot', T0 + 3000);
  role = applyRoleSignal(role, 'passive', T0 + 4000);
  const failed = applyRoleSignal(role, 'sync-failed', T0 + 5000);
  const broker = (over: Partial<Parameters<typeof assembleBroker>[0]>) =>
    assembleBroker({ name: 'backup', label: 'Backup', brokerRole: 'backup', config, verdict: { kind: 'running', pid: 7 }, run, role: failed, jolokia: reading, lastError: null, ...over });

  it('is a running passive backup, not live, not in sync, with the reason and what to do', () => {
    const n = broker({});
    expect(n).toMatchObject({ process: 'running', live: false, backup: true, replicaSync: false, queues: { haQueue: null } });
    expect(n.lastError).toEqual(syncFailedError('Backup'));
    expect(n.lastError?.message).toContain('AMQ229026');
    expect(n.lastError?.hint).toMatch(/restart Backup \(stop it, then start it\)/);
  });

  it('forgets it in a new JVM and once synchronized; a death says BROKER_DIED instead', () => {
    expect(broker({ role: applyRoleSignal(failed, 'boot', T0 + 9000) }).lastError).toBeNull();
    expect(broker({ role: applyRoleSignal(failed, 'synchronized', T0 + 9000) }).lastError).toBeNull();
    expect(broker({ verdict: { kind: 'stopped' } }).lastError).toBeNull();
    const died = { code: 'BROKER_DIED', message: 'The backup broker exited on its own.', hint: null };
    expect(broker({ lastError: died }).lastError).toEqual(died);
  });
});

describe('the monitor over a crash during synchronization', () => {
  let labDir: string;
  let config: LabConfig;
  let monitor: LabMonitor | null = null;
  const children: ChildProcess[] = [];

  const write = (broker: 'master' | 'backup', lines: string[]) =>
    fs.appendFileSync(path.join(config.brokers[broker]!.dir, 'log', 'artemis.log'), lines.map((l) => `${l}\n`).join(''));
  const info = (code: string, text: string, level = 'INFO ') => `${logStamp()} ${level} [org.apache.activemq.artemis.core.server] ${code}: ${text}`;

  const fakeBroker = (broker: 'master' | 'backup') => startFakeBroker(labDir, config, broker, children);

  beforeEach(() => {
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-sync-monitor-'));
    config = fakeLabConfig(labDir, logOnlyBrokers(labDir));
  });

  afterEach(() => {
    monitor?.close();
    monitor = null;
    for (const c of children.splice(0)) c.kill('SIGKILL');
    fs.rmSync(labDir, { recursive: true, force: true });
  });

  it('shows the refusal as an event and on the backup, and ends no failover stopwatch', async () => {
    fakeBroker('master');
    fakeBroker('backup');
    write('master', [info('AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0'), info('AMQ221007', 'Server is now active')]);
    write('backup', [
      info('AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0'),
      info('AMQ221109', 'Apache ActiveMQ Artemis Backup Server version 2.44.0 [null] started; waiting for primary to fail before activating'),
    ]);
    monitor = new LabMonitor({ lab: replicatedPair, labDir, installsDir: labDir, config, setup: 'created', ledger: { runId: null, sent: 0, checks: [] }, steps: [] });
    await monitor.start();
    await monitor.waitFor((s) => brokerOf(s, 'backup')?.backup === true, 3000, 'backup passive');

    write('master', [info('AMQ221025', 'Replication: sending AIOSequentialFile{activemq-data-4.amq, opened=false} (size=10485760) to replica.')]);
    updateRunFile(labDir, 'master', { crashRequestedAt: new Date().toISOString() });
    children[0]!.kill('SIGKILL');
    write('backup', [
      info('AMQ221066', 'Initiating quorum vote: PrimaryFailoverQuorumVote'),
      info('AMQ221071', 'Failing over based on quorum vote results.'),
      info('AMQ224000', 'Failure in initialisation', 'ERROR'),
      EXCEPTION,
      FRAME,
    ]);
    const s = await monitor.waitFor(
      (x) => brokerOf(x, 'backup')?.lastError?.code === 'BACKUP_NOT_SYNCHRONIZED' && brokerOf(x, 'master')?.process === 'crashed',
      3000,
      'the refusal',
    );
    expect(brokerOf(s, 'backup')).toMatchObject({ process: 'running', live: false, backup: true, replicaSync: false });
    const event = s.events.find((e) => e.code === 'AMQ229026');
    expect(event).toMatchObject({ broker: 'backup', kind: 'sync-failed', text: 'Backup Server was not yet in sync with live' });
    // Timed like the ERROR line above it, and ordered after the vote.
    expect(s.events.map((e) => e.code).filter((c) => c.startsWith('AMQ2210') || c === 'AMQ229026').slice(-3)).toEqual(['AMQ221066', 'AMQ221071', 'AMQ229026']);
    expect(s.stopwatch.failover).toMatchObject({ endedAt: null, ms: null });

    const check = stepById('backup-live')!.check(s);
    expect(check.ok).toBe(false);
    expect(check.detail).toBe(`Backup: running, passive backup. ${syncFailedError('Backup').message}`);
  });
});
