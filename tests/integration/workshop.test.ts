// The seed's whole story on real brokers, through the CLI exactly as an attendee runs it:
// `workshop --json` (graceful stop) and `workshop --crash --json` (hard kill), each in a fresh
// lab, each step verified by the lab; then `down` leaves no broker JVM behind.
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeTempLabDir, testPortOffset } from './test-env.js';
import { downAndRemoveAfterAll, labBrokerJvms, labCli } from './lab-cli.js';

const labs: string[] = [];
const cli = labCli();

downAndRemoveAfterAll(labs, cli);

interface WorkshopJson {
  steps: { id: string; title: string; status: string; ms: number | null; detail: string | null }[];
  timings: Record<string, unknown>;
}

describe.each([
  { mode: 'graceful', flags: [] as string[] },
  { mode: 'crash', flags: ['--crash'] },
])('workshop --json ($mode)', ({ mode, flags }) => {
  it('passes every step, exits 0, and down leaves no broker JVM', async () => {
    const labDir = await makeTempLabDir(`workshop-${mode}`);
    labs.push(labDir);
    const run = await cli(labDir, ['workshop', '--json', '--port-offset', String(testPortOffset()), ...flags]);
    // Whatever is asserted below, the next mode needs the ports: this lab goes down first.
    onTestFinished(async () => {
      await cli(labDir, ['down']);
    });
    const report = JSON.parse(run.stdout) as WorkshopJson;
    const failed = report.steps.filter((s) => s.status !== 'passed');
    expect(failed, `${JSON.stringify(failed, null, 2)}\n${run.stderr}`).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(report.steps.map((s) => s.id)).toEqual([
      'prerequisites',
      'unpack',
      'create',
      'start-master',
      'start-backup',
      'send',
      'master-holds',
      'backup-no-queue',
      'traffic',
      'stop-master',
      'backup-live',
      'backup-holds',
      'restart-master',
      'failback',
    ]);
    expect(report.steps.find((s) => s.id === 'backup-holds')?.detail).toContain('10/10 present, 0 lost, 0 duplicated');
    // The kept client rode through: back on the backup after the failover, drained at the end.
    expect(report.steps.find((s) => s.id === 'backup-holds')?.detail).toMatch(/Traffic: producer backup, consumer backup, client outage \d+ ms, 0 duplicated/);
    expect(report.steps.find((s) => s.id === 'failback')?.detail).toMatch(/Traffic stopped: \d+ sent, \d+ received, 0 lost, 0 duplicated/);
    expect(report.timings).toMatchObject({ failoverMs: expect.any(Number), failbackMs: expect.any(Number) });

    // The pair is whole again after failback: the status the issue asks for.
    const status = JSON.parse((await cli(labDir, ['status', '--json'])).stdout) as {
      brokers: { name: string; process: string; live: boolean; replicaSync: boolean | null; queues: { haQueue: number | null } }[];
    };
    expect(status.brokers.map((n) => [n.name, n.process, n.live])).toEqual([
      ['master', 'running', true],
      ['backup', 'running', false],
    ]);
    expect(status.brokers[1]?.replicaSync).toBe(true);
    expect(status.brokers[0]?.queues.haQueue).toBe(10);
    expect(status.brokers[1]?.queues.haQueue).toBeNull();

    expect((await labBrokerJvms(labDir)).length).toBe(2);
    const down = await cli(labDir, ['down']);
    expect(down.exitCode).toBe(0);
    expect(await labBrokerJvms(labDir)).toEqual([]);
  });
});
