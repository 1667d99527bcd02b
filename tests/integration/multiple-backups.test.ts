// The multiple-backups lab on real brokers, through the CLI as an attendee runs it: one live and
// two replicating backups, two failovers in a row (kill -9 on 2.44.0, graceful stops on 2.31.2's
// master/slave dialect), failback to the original live; then `down` leaves no broker JVM. Three
// JVMs on two cores: about 4 minutes each when the machine is otherwise idle.
import { describe, expect, it, onTestFinished } from 'vitest';
import { BROKER_VERSIONS, brokerZip, makeTempLabDir, testPortOffset } from './test-env.js';
import { downAndRemoveAfterAll, labBrokerJvms, labCli } from './lab-cli.js';

const labs: string[] = [];
const cli = labCli('multiple-backups');

downAndRemoveAfterAll(labs, cli);

interface WorkshopJson {
  lab: string;
  steps: { id: string; status: string; detail: string | null }[];
  timings: { failoverMs: number | null; failbackMs: number | null; rssMb: { brokersTotal: number | null } };
}

describe.each([
  { version: BROKER_VERSIONS.current, flags: ['--crash'] },
  { version: BROKER_VERSIONS.masterSlave, flags: [] as string[] },
])('workshop --lab multiple-backups on $version $flags', ({ version, flags }) => {
  it('passes every step: the live role goes live -> backup 1 -> backup 2 -> live with all 10 messages, and down leaves no JVM', async () => {
    const labDir = await makeTempLabDir(`multiple-backups-${version}`);
    labs.push(labDir);
    onTestFinished(async () => {
      await cli(labDir, ['down']);
    });
    const setup = await cli(labDir, ['setup', '--zip', brokerZip(version), '--port-offset', String(testPortOffset())]);
    expect(setup.exitCode, setup.all).toBe(0);
    const run = await cli(labDir, ['workshop', '--json', ...flags]);
    const report = JSON.parse(run.stdout) as WorkshopJson;
    const failed = report.steps.filter((s) => s.status !== 'passed');
    expect(failed, `${JSON.stringify(failed, null, 2)}\n${run.stderr}`).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(report.lab).toBe('multiple-backups');
    for (const [step, broker] of [['backup1-live', 'backup1'], ['backup2-live', 'backup2'], ['failback', 'live']] as const) {
      expect(report.steps.find((s) => s.id === step)?.detail).toContain(`On ${broker}: 10/10 present, 0 lost, 0 duplicated`);
    }
    // The second failover (backup 1 -> backup 2) and the original live's failback, both timed.
    expect(report.timings.failoverMs).toEqual(expect.any(Number));
    expect(report.timings.failbackMs).toEqual(expect.any(Number));

    const status = JSON.parse((await cli(labDir, ['status', '--json'])).stdout) as {
      lab: string;
      brokers: { name: string; process: string; live: boolean; replicaSync: boolean | null; backup: boolean | null }[];
    };
    expect(status.lab).toBe('multiple-backups');
    expect(status.brokers.map((n) => [n.name, n.process, n.live])).toEqual([
      ['live', 'running', true],
      ['backup1', 'running', false],
      ['backup2', 'running', false],
    ]);
    expect(status.brokers.find((n) => n.name === 'backup2')?.replicaSync).toBe(true);

    expect((await cli(labDir, ['down'])).exitCode).toBe(0);
    expect(await labBrokerJvms(labDir)).toEqual([]);
  }, 900_000);
});
