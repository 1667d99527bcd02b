// The survival promise on real brokers: 1000 messages accepted by the master, the master
// killed (crash failover), 500 more sent to the backup while it is live, then the master restarted
// (failback). After each move the live broker must hold every accepted message exactly once.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../electron/lab/lab.js';
import { BOUNDS } from '../../electron/lab/lab-bounds.js';
import { brokerOf } from '../../shared/labs/checks.js';
import { sendMessages } from '../../electron/lab/messages/messages.js';
import { retrying } from '../../electron/lab/retry.js';
import type { LabSnapshot, Ledger, LedgerCheck } from '../../shared/lab-state.js';
import { INSTALLS_DIR, makeTempLabDir, testPortOffset } from './test-env.js';

let labDir: string;
let lab: Lab;

function lastCheck(ledger: Ledger): LedgerCheck {
  const check = ledger.checks.at(-1);
  if (!check) throw new Error('verify recorded no check');
  return check;
}

const pairWhole = (s: LabSnapshot) => {
  const m = brokerOf(s, 'master');
  const b = brokerOf(s, 'backup');
  return !!m?.live && !!b && !b.live && b.process === 'running' && b.replicaSync === true;
};

beforeAll(async () => {
  labDir = await makeTempLabDir('ledger-failover');
  lab = await createLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset() });
  await lab.setup({});
  await lab.up();
});

afterAll(async () => {
  if (lab) {
    await lab.down();
    await lab.close();
  }
  if (labDir) await fs.rm(labDir, { recursive: true, force: true });
});

describe('message-survival ledger across a crash failover and a failback', () => {
  it('1000 messages accepted by the master are all there', async () => {
    const sent = await lab.send(1000, { newRun: true });
    expect(sent).toMatchObject({ broker: 'master', sent: 1000, firstSeq: 1, lastSeq: 1000 });
    const check = lastCheck(await lab.verify('before failover'));
    expect(check).toMatchObject({ broker: 'master', sent: 1000, present: 1000, lost: 0, duplicated: 0 });
  });

  it('the passive backup refuses clients, and the error names it', async () => {
    const config = lab.requireConfig();
    const backup = { broker: 'backup', host: '127.0.0.1', port: config.brokers.backup!.acceptorPort, user: config.user, password: config.password };
    await expect(sendMessages(backup, { queue: 'haQueue', runId: 'passive', firstSeq: 1, count: 1, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'NOT_RUNNING',
      accepted: 0,
      message: expect.stringContaining(`backup (127.0.0.1:${config.brokers.backup!.acceptorPort})`),
    });
  });

  it('after the master is killed, the backup is live and holds all 1000, none twice', async () => {
    await lab.stopBroker('master', { crash: true });
    await lab.monitor.waitFor((s) => !!brokerOf(s, 'backup')?.live, BOUNDS.failover, 'the backup to be live');
    const check = lastCheck(await retrying(() => lab.verify('after crash failover'), BOUNDS.verify));
    expect(check).toMatchObject({ broker: 'backup', sent: 1000, present: 1000, lost: 0, duplicated: 0 });
  });

  it('500 more sent to the live backup join the run', async () => {
    const sent = await retrying(() => lab.send(500), BOUNDS.verify);
    expect(sent).toMatchObject({ broker: 'backup', sent: 500, firstSeq: 1001, lastSeq: 1500 });
    const check = lastCheck(await lab.verify('on the backup after sending to it'));
    expect(check).toMatchObject({ sent: 1500, present: 1500, lost: 0, duplicated: 0 });
  });

  it('after failback the master is live again and holds all 1500, none lost, none twice', async () => {
    await lab.startBroker('master', { ifRunning: 'fail', wait: false });
    await lab.monitor.waitFor(pairWhole, BOUNDS.failback, 'the master live and the backup passive and synchronized again');
    const check = lastCheck(await retrying(() => lab.verify('after failback'), BOUNDS.verify));
    expect(check).toMatchObject({ broker: 'master', sent: 1500, present: 1500, lost: 0, duplicated: 0 });
  });
});
