// A failure's message and hint name the brokers of the lab that failed, not the seed lab's
// master and backup: checked on multiple-backups (live, backup1, backup2; "Live", "Backup 1", "Backup 2").
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectWires } from '../../../electron/lab/network/wire-selection.js';
import { LabMonitor } from '../../../electron/lab/watching/lab-monitor.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { multipleBackups } from '../../../shared/labs/multiple-backups.js';
import { trafficCommands } from '../../../shared/traffic-commands.js';
import { fakeLabConfig, logOnlyBrokers, logStamp, startFakeBroker } from './lab-fixtures.js';

const SEED_WORDS = /\bmaster\b|\bbackup\b(?! ?[12])/i;

describe('on the multiple-backups lab', () => {
  let labDir: string;
  let config: LabConfig;
  let monitor: LabMonitor | null = null;
  const children: ChildProcess[] = [];
  const info = (code: string, text: string, level = 'INFO ') => `${logStamp()} ${level} [org.apache.activemq.artemis.core.server] ${code}: ${text}`;
  const write = (broker: string, lines: string[]) => fs.appendFileSync(path.join(config.brokers[broker]!.dir, 'log', 'artemis.log'), lines.map((l) => `${l}\n`).join(''));

  beforeEach(() => {
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-hints-'));
    const broker = logOnlyBrokers(labDir);
    config = {
      ...fakeLabConfig(labDir, broker),
      lab: multipleBackups.id,
      brokers: Object.fromEntries(multipleBackups.topology.brokers.map((b) => [b.id, broker(b.instance, b.portOffset)])),
    };
  });

  afterEach(() => {
    monitor?.close();
    monitor = null;
    for (const c of children.splice(0)) c.kill('SIGKILL');
    fs.rmSync(labDir, { recursive: true, force: true });
  });

  it("a backup that could not take over (AMQ229026) is told by its own label, what to do too", async () => {
    for (const b of ['live', 'backup1', 'backup2']) startFakeBroker(labDir, config, b, children);
    write('live', [info('AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0'), info('AMQ221007', 'Server is now active')]);
    for (const b of ['backup1', 'backup2']) {
      write(b, [info('AMQ101000', 'Starting ActiveMQ Artemis Server version 2.44.0'), info('AMQ221109', 'Apache ActiveMQ Artemis Backup Server version 2.44.0 [null] started; waiting for primary to fail before activating')]);
    }
    monitor = new LabMonitor({ lab: multipleBackups, labDir, installsDir: labDir, config, setup: 'created', ledger: { runId: null, sent: 0, checks: [] }, steps: [] });
    await monitor.start();
    write('backup1', [
      info('AMQ224000', 'Failure in initialisation', 'ERROR'),
      'org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException: AMQ229026: Backup Server was not yet in sync with live',
    ]);
    const s = await monitor.waitFor((x) => brokerOf(x, 'backup1')?.lastError?.code === 'BACKUP_NOT_SYNCHRONIZED', 3000, 'the refusal');
    const error = brokerOf(s, 'backup1')!.lastError!;
    expect(error.message).toMatch(/^Backup 1 cannot take over/);
    expect(error.hint).toContain('restart Backup 1 (stop it, then start it)');
    expect(`${error.message} ${error.hint}`).not.toMatch(SEED_WORDS);
  });

  it('a wire named wrong is shown with an example of its own brokers', () => {
    const ids = multipleBackups.topology.brokers.map((b) => b.id);
    const wrong = (() => {
      try {
        selectWires([], ['live'], ids);
      } catch (e) {
        return e as Error & { hint?: string };
      }
      throw new Error('no error');
    })();
    expect(wrong.hint).toBe('For example `amq-ha-lab wire cut live backup1`.');
  });

  it("the hand-run traffic commands before setup dial this lab's brokers", () => {
    const c = trafficCommands(null, 20, multipleBackups);
    expect(c.consumer).toContain('(tcp://127.0.0.1:61616,tcp://127.0.0.1:61716,tcp://127.0.0.1:61816)');
  });
});
