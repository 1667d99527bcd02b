// The brokers' lives through the CLI on real brokers: adoption after the supervising process is
// killed (never a duplicate JVM), the faults an attendee meets (starting what runs, stopping what
// is stopped, a port stolen between doctor and up), each with a clear message, and `down`.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrokerJvms } from '../../electron/lab/processes/process-utils.js';
import { setupLab } from '../../electron/lab/instances/setup.js';
import { readLabConfig } from '../../electron/lab/instances/lab-config.js';
import type { LabConfig } from '../../shared/lab-state.js';
import { INSTALLS_DIR, makeTempLabDir, REPO_ROOT, testPortOffset, waitForLogCode } from './test-env.js';

const CLI = path.join(REPO_ROOT, 'bin', 'amq-ha-lab.mjs');
let labDir: string;
let config: LabConfig;

function cli(args: string[]) {
  return execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, ...args], { reject: false, all: true, timeout: 300_000 });
}

async function jvms(): Promise<{ master: number[]; backup: number[] }> {
  return { master: await findBrokerJvms(config.brokers.master!.dir), backup: await findBrokerJvms(config.brokers.backup!.dir) };
}

interface StatusJson {
  brokers: { name: string; process: string; pid: number | null; live: boolean; replicaSync: boolean | null; consoleUrl: string; queues: { haQueue: number | null } }[];
  events: { time: string; broker: string; code: string; text: string }[];
}

async function status(): Promise<StatusJson> {
  const r = await cli(['status', '--json']);
  expect(r.exitCode, r.all).toBe(0);
  return JSON.parse(r.stdout) as StatusJson;
}

beforeAll(async () => {
  labDir = await makeTempLabDir('lifecycle');
  await setupLab({ labDir, installsDir: INSTALLS_DIR, portOffset: testPortOffset() });
  config = (await readLabConfig(labDir))!;
});

afterAll(async () => {
  if (labDir) {
    await cli(['down']);
    await fs.rm(labDir, { recursive: true, force: true });
  }
});

describe('lifecycle on real brokers', () => {
  it('adopts the brokers after the process that ran `up` is killed: status and up again, no duplicate JVM', async () => {
    const up = execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, 'up'], { reject: false });
    // Kill the supervisor mid-way: the master is live, the backup may still be syncing.
    await waitForLogCode(config.brokers.master!.dir, 'AMQ221007');
    up.kill('SIGKILL');
    await up;

    const seen = await status();
    expect(seen.brokers.find((n) => n.name === 'master')).toMatchObject({ process: 'running', live: true });

    const again = await cli(['up']);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toMatch(/master: already running \(pid \d+\), adopted/);

    const s = await status();
    const [master, backup] = s.brokers;
    expect(master).toMatchObject({ name: 'master', process: 'running', live: true, queues: { haQueue: 0 } });
    expect(backup).toMatchObject({ name: 'backup', process: 'running', live: false, replicaSync: true, queues: { haQueue: null } });
    expect(master?.consoleUrl).toMatch(/^http:\/\/localhost:\d+\/console$/);
    expect(s.events.some((e) => e.broker === 'backup' && e.code === 'AMQ221024')).toBe(true);
    const running = await jvms();
    expect(running.master).toEqual([master!.pid]);
    expect(running.backup).toEqual([backup!.pid]);
  });

  it('starting what runs and stopping what is stopped each say so, and change nothing', async () => {
    const before = await jvms();
    const start = await cli(['start', 'master']);
    expect(start.exitCode).toBe(1);
    expect(start.stderr).toMatch(/master is already running \(pid \d+\)/);
    expect(await jvms()).toEqual(before);

    const stop = await cli(['stop', 'backup']);
    expect(stop.exitCode, stop.all).toBe(0);
    const again = await cli(['stop', 'backup']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('The backup is not running.');
    expect((await jvms()).backup).toEqual([]);
  });

  it('a port stolen between doctor and start is refused, naming the holder', async () => {
    const thief = net.createServer();
    await new Promise<void>((resolve, reject) => {
      thief.once('error', reject);
      thief.listen(config.brokers.backup!.consolePort, '127.0.0.1', () => resolve());
    });
    try {
      const start = await cli(['start', 'backup']);
      expect(start.exitCode).toBe(1);
      expect(start.stderr).toContain(`port ${config.brokers.backup!.consolePort} is held by`);
      expect(start.stderr).toContain(`pid ${process.pid}`);
      expect((await jvms()).backup).toEqual([]);
    } finally {
      await new Promise<void>((r) => thief.close(() => r()));
    }
  });

  it('down stops both (backup first) and leaves no broker JVM', async () => {
    const start = await cli(['start', 'backup']);
    expect(start.exitCode, start.all).toBe(0);
    const down = await cli(['down']);
    expect(down.exitCode, down.all).toBe(0);
    expect(await jvms()).toEqual({ master: [], backup: [] });
    const s = await status();
    expect(s.brokers.map((n) => n.process)).toEqual(['stopped', 'stopped']);
    // Backup first: the master is asked to stop only once the backup's JVM has exited. Told by the
    // lab's own record, not by AMQ221002: `artemis run` stops the broker on a daemon thread and its
    // JVM can end before that thread logs the line (a synchronized backup, 6 of 20 stops;
    // docs/brokers.md, "A stopped broker does not always say 'stopped'").
    const record = s.events.filter((e) => e.code === 'LAB').slice(-4);
    expect(record.map((e) => `${e.broker}: ${e.text.replace(/\d+/g, 'N')}`), JSON.stringify(s.events.slice(-15))).toEqual([
      'backup: Graceful stop issued (artemis stop).',
      'backup: Process N exited.',
      'master: Graceful stop issued (artemis stop).',
      'master: Process N exited.',
    ]);
  });
});
