// The shared-store lab's whole story on real brokers, through the CLI as an attendee runs it:
// setup --lab shared-store on 2.44.0 (primary/backup) and 2.31.2 (master/slave, cluster-connection
// in schema order, AMQ222295 where 2.44.0 logs AMQ224135), then `workshop --json`; every step
// verified by the lab; `down` leaves no broker JVM.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { brokerLogText, BROKER_VERSIONS, brokerZip, makeTempLabDir, testPortOffset } from './test-env.js';
import { downAndRemoveAfterAll, labBrokerJvms, labCli } from './lab-cli.js';

const labs: string[] = [];
const cli = labCli();

downAndRemoveAfterAll(labs, cli);

interface WorkshopJson {
  ok: boolean;
  steps: { id: string; status: string; detail: string | null }[];
  timings: { failoverMs: number | null; failbackMs: number | null; totalMs: number };
}

describe.each([BROKER_VERSIONS.current, BROKER_VERSIONS.masterSlave])('workshop --lab shared-store on Artemis %s', (version) => {
  it('passes every step, exits 0, and down leaves no broker JVM', async () => {
    const labDir = await makeTempLabDir(`shared-store-${version}`);
    labs.push(labDir);
    onTestFinished(async () => {
      await cli(labDir, ['down']);
    });
    const setup = await cli(labDir, ['--lab', 'shared-store', 'setup', '--zip', brokerZip(version), '--port-offset', String(testPortOffset())]);
    expect(setup.exitCode, setup.all).toBe(0);
    // One journal for both, outside both instances.
    const lab = JSON.parse(await fs.readFile(path.join(labDir, 'lab.json'), 'utf8')) as { broker: { home: string } };
    const sharedData = path.join(lab.broker.home, 'instances', 'shared-store-live');
    for (const instance of ['sharedLive', 'sharedBackup']) {
      const xml = await fs.readFile(path.join(lab.broker.home, 'instances', instance, 'etc', 'broker.xml'), 'utf8');
      expect(xml).toContain(`<journal-directory>${path.join(sharedData, 'journal')}</journal-directory>`);
    }

    const run = await cli(labDir, ['workshop', '--json']);
    const report = JSON.parse(run.stdout) as WorkshopJson;
    const failed = report.steps.filter((s) => s.status !== 'passed');
    expect(failed, `${JSON.stringify(failed, null, 2)}\n${run.stderr}`).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(report.steps.map((s) => s.id)).toEqual([
      'prerequisites',
      'unpack',
      'create',
      'start-live',
      'start-backup',
      'send',
      'crash-live',
      'backup-live',
      'failback',
      'graceful-no-failover',
      'failover-on-shutdown',
      'graceful-with-failover',
      'failback-again',
    ]);
    for (const id of ['backup-live', 'failback', 'graceful-with-failover', 'failback-again']) {
      expect(report.steps.find((s) => s.id === id)?.detail, id).toContain('10/10 present, 0 lost, 0 duplicated');
    }
    // The backup's own words on each version: the shared-store takeover and failback codes.
    const backupLog = brokerLogText(path.join(lab.broker.home, 'instances', 'sharedBackup'));
    expect(backupLog.match(/AMQ221010/g)?.length).toBe(2);
    expect(backupLog.match(/AMQ221008/g)?.length).toBe(2);
    expect(backupLog).not.toContain('AMQ221037');
    expect(report.timings.failoverMs).toEqual(expect.any(Number));
    expect(report.timings.failbackMs).toEqual(expect.any(Number));
    console.log(`shared-store ${version}: workshop ${report.timings.totalMs} ms, last failover ${report.timings.failoverMs} ms, last failback ${report.timings.failbackMs} ms`);

    expect((await labBrokerJvms(labDir)).length).toBe(2);
    const down = await cli(labDir, ['down']);
    expect(down.exitCode, down.all).toBe(0);
    expect(await labBrokerJvms(labDir)).toEqual([]);
    // Measured: 3-4 min a version at load 15-30 on 2 cores (default bound 5 min).
  }, 600_000);
});
