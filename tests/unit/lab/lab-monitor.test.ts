// The monitor over a lab whose "brokers" are stand-in processes and hand-written logs: it must
// turn run files + log lines into whole snapshots, notice a death, and bound every wait.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { LabMonitor } from '../../../electron/lab/watching/lab-monitor.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { LabError } from '../../../electron/lab/lab-error.js';
import { updateRunFile } from '../../../electron/lab/processes/pid-files.js';
import type { LabConfig, LabSnapshot } from '../../../shared/lab-state.js';
import { fakeLabConfig, logOnlyBrokers, logStamp, startFakeBroker } from './lab-fixtures.js';

let labDir: string;
let config: LabConfig;
let monitor: LabMonitor | null = null;
const children: ChildProcess[] = [];

function log(broker: 'master' | 'backup', code: string, text: string): void {
  const file = path.join(config.brokers[broker]!.dir, 'log', 'artemis.log');
  fs.appendFileSync(file, `${logStamp()} INFO  [org.apache.activemq.artemis.core.server] ${code}: ${text}\n`);
}

const fakeBroker = (broker: 'master' | 'backup'): number => startFakeBroker(labDir, config, broker, children);

beforeEach(() => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-monitor-'));
  config = fakeLabConfig(labDir, logOnlyBrokers(labDir));
});

afterEach(() => {
  monitor?.close();
  monitor = null;
  for (const c of children.splice(0)) c.kill('SIGKILL');
  fs.rmSync(labDir, { recursive: true, force: true });
});

async function startMonitor(): Promise<LabMonitor> {
  monitor = new LabMonitor({ lab: replicatedPair, labDir, installsDir: labDir, config, setup: 'created', ledger: { runId: null, sent: 0, checks: [] }, steps: [] });
  await monitor.start();
  return monitor;
}

describe('LabMonitor', () => {
  it('a stopped lab: both brokers stopped, not live, nothing known', async () => {
    const s = (await startMonitor()).snapshot();
    expect(s.brokers.map((n) => [n.name, n.process, n.live, n.replicaSync])).toEqual([
      ['master', 'stopped', false, null],
      ['backup', 'stopped', false, null],
    ]);
  });

  it('follows a failover from the logs alone, emitting a new whole snapshot each time', async () => {
    fakeBroker('master');
    fakeBroker('backup');
    log('master', 'AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0');
    log('master', 'AMQ221007', 'Server is now active');
    log('backup', 'AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0');
    log('backup', 'AMQ221109', 'Apache ActiveMQ Artemis Backup Server version 2.44.0 [null] started; waiting for primary to fail before activating');
    const m = await startMonitor();
    const seen: LabSnapshot[] = [];
    m.onSnapshot((s) => seen.push(s));
    let s = await m.waitFor((x) => !!brokerOf(x, 'master')?.live && brokerOf(x, 'backup')?.backup === true, 3000, 'master live, backup passive');
    expect(brokerOf(s, 'backup')).toMatchObject({ process: 'running', live: false, replicaSync: false });

    log('backup', 'AMQ221024', 'Backup server ActiveMQServerImpl::name=127.0.0.1 is synchronized with primary server');
    s = await m.waitFor((x) => brokerOf(x, 'backup')?.replicaSync === true, 3000, 'backup synchronized');

    updateRunFile(labDir, 'master', { crashRequestedAt: new Date().toISOString() });
    children[0]!.kill('SIGKILL');
    log('backup', 'AMQ221037', "ActiveMQServerImpl::name=127.0.0.1 to become 'active'");
    log('backup', 'AMQ221007', 'Server is now active');
    s = await m.waitFor((x) => !!brokerOf(x, 'backup')?.live && brokerOf(x, 'master')?.process === 'crashed', 3000, 'failover');
    expect(s.stopwatch.failover).toMatchObject({ ms: expect.any(Number) });
    expect(s.events.map((e) => e.code)).toEqual(expect.arrayContaining(['AMQ221007', 'AMQ221024', 'AMQ221037', 'LAB']));
    expect(s.logs.backup!.at(-1)?.code).toBe('AMQ221007');
    // Detection lag counts the three HA lines written while following, not the tail read at start.
    expect(m.detectionLags()).toHaveLength(3);
    // Every emission is a new object with a higher seq: consumers replace, never merge.
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]).not.toBe(seen[i - 1]);
      expect(seen[i]!.seq).toBeGreaterThan(seen[i - 1]!.seq);
    }
  });

  it('down (backup stopped first, then the master) starts no failover stopwatch, so a later up shows no failback', async () => {
    fakeBroker('master');
    fakeBroker('backup');
    const m = await startMonitor();
    await m.waitFor((x) => x.brokers.every((n) => n.process === 'starting'), 3000, 'both starting');
    updateRunFile(labDir, 'backup', { stopRequestedAt: new Date().toISOString() });
    children[1]!.kill('SIGKILL');
    await m.waitFor((x) => brokerOf(x, 'backup')?.process === 'stopped', 3000, 'backup stopped');
    updateRunFile(labDir, 'master', { stopRequestedAt: new Date().toISOString() });
    children[0]!.kill('SIGKILL');
    const s = await m.waitFor((x) => brokerOf(x, 'master')?.process === 'stopped', 3000, 'master stopped');
    expect(s.stopwatch).toEqual({ failover: null, failback: null });
    expect(s.events.filter((e) => e.code === 'LAB').map((e) => e.text)).toEqual(
      expect.arrayContaining(['Graceful stop issued (artemis stop).', expect.stringMatching(/^Process \d+ exited\.$/)]),
    );
  });

  it('a broker that dies on its own is "crashed" with a BROKER_DIED error to show', async () => {
    fakeBroker('master');
    const m = await startMonitor();
    await m.waitFor((x) => brokerOf(x, 'master')?.process === 'starting', 3000, 'master starting');
    children[0]!.kill('SIGKILL');
    const s = await m.waitFor((x) => brokerOf(x, 'master')?.process === 'crashed', 3000, 'master crashed');
    expect(brokerOf(s, 'master')?.lastError?.code).toBe('BROKER_DIED');
  });

  it('waitFor gives up with a TIMEOUT that says what it waited for, or with what failIf says', async () => {
    const m = await startMonitor();
    const error = await m.waitFor(() => false, 100, 'the moon to turn blue').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('TIMEOUT');
    expect((error as LabError).message).toContain('the moon to turn blue');
    const died = await m.waitFor(() => false, 5000, 'x', () => new LabError('BROKER_DIED', 'gone')).catch((e: unknown) => e);
    expect((died as LabError).code).toBe('BROKER_DIED');
  });

  it('folds a burst of changes into few snapshots', async () => {
    const m = await startMonitor();
    const seen: LabSnapshot[] = [];
    m.onSnapshot((s) => seen.push(s));
    for (let i = 0; i < 50; i++) m.store.observe({ kind: 'task', task: { name: 't', message: `step ${i}`, progress: i / 50 } });
    await m.waitFor((s) => s.task?.message === 'step 49', 1000, 'the last task message');
    expect(seen.length).toBeLessThan(5);
  });
});
