// The consumers process follows the wanted list: a consumer per wanted broker (connecting while
// nobody answers), stopped ones kept with their counts, everything stopped at the end.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabConfig } from '../../../shared/lab-state.js';
import { readConsumers, writeWanted } from '../../../electron/lab/consumers/consumers-files.js';
import { ConsumersRunner } from '../../../electron/lab/consumers/consumers-runner.js';
import { labJsonPath } from '../../../electron/lab/instances/lab-layout.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function lab(): Promise<{ dir: string; config: LabConfig }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-runner-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const broker = async (instance: string) => ({ instance, dir: path.join(dir, instance), portOffset: 0, acceptorPort: await closedPort(), consolePort: 1 });
  const config = {
    schema: 1,
    lab: 'clustered-queue',
    broker: { version: '2.44.0', home: dir, zip: 'x.zip', dialect: 'primary-backup' },
    javaHome: null,
    user: 'admin',
    password: 'admin',
    clusterUser: 'c',
    clusterPassword: 'c',
    heapMb: 512,
    journal: 'nio',
    brokers: { broker1: await broker('clusterBroker1'), broker2: await broker('clusterBroker2') },
    createdAt: '',
  } satisfies LabConfig;
  fs.writeFileSync(labJsonPath(dir), JSON.stringify(config));
  return { dir, config };
}

describe('ConsumersRunner', () => {
  it('starts a consumer per wanted broker, stops the unwanted, and keeps what they received', async () => {
    const { dir, config } = await lab();
    const runner = new ConsumersRunner(dir, config, 'haQueue');
    cleanups.push(() => runner.stop());
    writeWanted(dir, ['broker1', 'broker2', 'nobody']);
    runner.follow();
    let seen = readConsumers(dir)!;
    expect(seen.running).toBe(true);
    // Nobody answers on those ports: wanted, not attached.
    expect(Object.keys(seen.consumers)).toEqual(['broker1', 'broker2']);
    expect(seen.consumers.broker1).toMatchObject({ state: 'connecting', received: 0, byRun: {} });

    writeWanted(dir, ['broker1']);
    runner.follow();
    seen = readConsumers(dir)!;
    expect(seen.consumers.broker2?.state).toBe('stopped');
    expect(seen.consumers.broker1?.state).toBe('connecting');

    const final = runner.stop();
    expect(final.running).toBe(false);
    expect(Object.values(final.consumers).map((c) => c.state)).toEqual(['stopped', 'stopped']);
    expect(readConsumers(dir)?.running).toBe(false);
  });

  it('writes nothing once the lab was moved aside (no ghost lab dir)', async () => {
    const { dir, config } = await lab();
    fs.rmSync(labJsonPath(dir));
    const runner = new ConsumersRunner(dir, config, 'haQueue');
    runner.follow();
    runner.stop();
    expect(readConsumers(dir)).toBeNull();
  });
});
