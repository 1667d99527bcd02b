// Messages against a real broker: the lab's master alone (a replicated primary with no backup goes
// live by itself). Send 25, browse them without consuming, and check the ledger's verdict.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrokerCommand, spawnBroker } from '../../electron/lab/processes/broker-command.js';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import { readLedger } from '../../electron/lab/messages/ledger.js';
import { sendAndRecord, verifyLedger, type BrokerEndpoint } from '../../electron/lab/messages/ledger-actions.js';
import { browseMessages, sendMessages } from '../../electron/lab/messages/messages.js';
import { setupLab } from '../../electron/lab/instances/setup.js';
import type { LabConfig } from '../../shared/lab-state.js';
import { brokerLogText, INSTALLS_DIR, isAlive, makeTempLabDir, testPortOffset, waitFor } from './test-env.js';

let labDir: string;
let config: LabConfig;
let brokerPid: number | null = null;

/** The queue's MessageCount as the broker's own management reports it (Jolokia, Basic auth). */
async function messageCount(queue: string): Promise<number> {
  const mbean = `org.apache.activemq.artemis:broker="127.0.0.1",component=addresses,address="${queue}",subcomponent=queues,routing-type="anycast",queue="${queue}"`;
  const url = `http://127.0.0.1:${config.brokers.master!.consolePort}/console/jolokia/`;
  for (const origin of ['http://127.0.0.1', 'http://localhost']) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`, Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'read', mbean, attribute: 'MessageCount' }),
    });
    const reply = (await response.json()) as { status: number; value?: number; error?: string };
    if (reply.status === 200 && typeof reply.value === 'number') return reply.value;
    if (reply.status !== 403) throw new Error(`Jolokia: ${reply.error ?? reply.status}`);
  }
  throw new Error('Jolokia refused both loopback origins');
}

function endpoint(): BrokerEndpoint {
  return { broker: 'master', host: '127.0.0.1', port: config.brokers.master!.acceptorPort, user: config.user, password: config.password };
}

beforeAll(async () => {
  labDir = await makeTempLabDir('messages');
  await setupLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset(), heapMb: 256 });
  const read = await readLabConfig(labDir);
  if (!read) throw new Error('setup wrote no lab.json');
  config = read;
  const master = config.brokers.master!;
  brokerPid = spawnBroker({ dir: master.dir, javaHome: config.javaHome }, ['run'], path.join(labDir, 'master-console.txt')).pid;
  const output = path.join(labDir, 'master-console.txt');
  // One probe for both outcomes: live, or dead at start (then fail now, with its output).
  await waitFor(
    'the master to be live (AMQ221007)',
    async () => {
      if (/AMQ221007/.test(brokerLogText(master.dir))) return true;
      if (!isAlive(brokerPid!)) throw new Error(`master died at start:\n${await fs.readFile(output, 'utf8').catch(() => '')}`);
      return false;
    },
    90_000,
  );
});

afterAll(async () => {
  if (brokerPid && isAlive(brokerPid)) {
    await runBrokerCommand({ dir: config.brokers.master!.dir, javaHome: config.javaHome }, ['stop'], { timeoutMs: 60_000 }).catch(() => undefined);
    await waitFor('master exit', () => !isAlive(brokerPid!), 30_000).catch(() => process.kill(brokerPid!, 'SIGKILL'));
  }
  if (labDir) await fs.rm(labDir, { recursive: true, force: true });
});

describe('messages on a real broker', () => {
  it('sends 25 accepted messages, browses all 25, and browsing leaves the queue at 25', async () => {
    const sent = await sendAndRecord(labDir, endpoint(), { count: 25, queue: 'haQueue' });
    expect(sent).toMatchObject({ broker: 'master', sent: 25, firstSeq: 1, lastSeq: 25 });
    expect(sent.equivalentCommand).toContain(`--message-count 25 --url tcp://127.0.0.1:${config.brokers.master!.acceptorPort}`);
    expect(await messageCount('haQueue')).toBe(25);

    const browsed = await browseMessages(endpoint(), { queue: 'haQueue' });
    expect(browsed).toHaveLength(25);
    expect(browsed.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(browsed.map((m) => m.runId))).toEqual(new Set([sent.runId]));
    expect(await messageCount('haQueue')).toBe(25);

    const { check } = await verifyLedger(labDir, endpoint(), { label: 'after send', queue: 'haQueue' });
    expect(check).toMatchObject({ sent: 25, present: 25, lost: 0, duplicated: 0 });
    expect(await messageCount('haQueue')).toBe(25);
    expect((await readLedger(labDir)).checks).toHaveLength(1);
  });

  it('browses past rhea\'s 2048-delivery session window without stalling', async () => {
    await sendMessages(endpoint(), { queue: 'bigQueue', runId: 'big', firstSeq: 1, count: 2500 });
    const browsed = await browseMessages(endpoint(), { queue: 'bigQueue' });
    expect(browsed).toHaveLength(2500);
    expect(await messageCount('bigQueue')).toBe(2500);
  });

  it('continues the sequence across sends in the same run', async () => {
    const second = await sendAndRecord(labDir, endpoint(), { count: 5, queue: 'haQueue' });
    expect(second).toMatchObject({ firstSeq: 26, lastSeq: 30 });
    const { check } = await verifyLedger(labDir, endpoint(), { label: 'after second send', queue: 'haQueue' });
    expect(check).toMatchObject({ sent: 30, present: 30, lost: 0, duplicated: 0 });
  });

  it('names the broker and port when nothing listens there', async () => {
    const backup = { ...endpoint(), broker: 'backup' as const, port: config.brokers.backup!.acceptorPort };
    await expect(sendMessages(backup, { queue: 'haQueue', runId: 'x', firstSeq: 1, count: 1, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'NOT_RUNNING',
      message: expect.stringContaining(`backup (127.0.0.1:${config.brokers.backup!.acceptorPort})`),
    });
  });

  it('says so when the broker refuses the password, and counts nothing as sent', async () => {
    await expect(sendMessages({ ...endpoint(), password: 'wrong' }, { queue: 'haQueue', runId: 'x', firstSeq: 1, count: 1, timeoutMs: 10_000 })).rejects.toMatchObject({
      accepted: 0,
      message: expect.stringMatching(/refused the lab's user and password/),
    });
  });
});
