// Every lab the product ships is sound data: ids unique, topology consistent, checks pure.
import { describe, expect, it } from 'vitest';
import type { LabSnapshot } from '../../../shared/lab-state.js';
import { DEFAULT_LAB_ID, findLab, LABS } from '../../../shared/labs/index.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { renderCommand } from '../../../shared/labs/story.js';
import { labSnapshot } from '../snapshot-fixtures.js';
import { labProblems, startOrder, stopOrder, topologyLines } from '../../../shared/labs/topology.js';

/** A lab dir nothing was done in yet: every step pending. */
const emptySnapshot = (lab: LabDefinition): LabSnapshot =>
  labSnapshot(lab.id, [], {
    setup: 'none',
    ledger: { runId: null, sent: 0, checks: [] },
    steps: lab.story.map((s) => ({ id: s.id, status: 'pending', ms: null, detail: null, hint: null })),
  });

describe('the labs', () => {
  it('have unique ids, the seed lab first and the default', () => {
    const ids = LABS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('replicated-pair');
    expect(DEFAULT_LAB_ID).toBe('replicated-pair');
  });

  it.each(LABS.map((l) => [l.id, l] as const))('%s is consistent', (_id, lab) => {
    expect(labProblems(lab)).toEqual([]);
    expect(lab.topology.brokers.length).toBeGreaterThan(0);
    expect(lab.minutes).toBeGreaterThan(0);
    expect(lab.learn.length).toBeGreaterThan(0);
  });

  it.each(LABS.map((l) => [l.id, l] as const))("%s's checks are pure: same answer twice, snapshot untouched, nothing holds on a fresh lab dir", (_id, lab) => {
    const s = emptySnapshot(lab);
    const frozen = JSON.stringify(s);
    for (const step of lab.story) {
      const first = step.check(s);
      expect(step.check(s)).toEqual(first);
      expect(first.ok, `${step.id} holds before anything ran`).toBe(false);
    }
    expect(JSON.stringify(s)).toBe(frozen);
  });

  it("keeps the seed's lab as it was: instance names, ports, and the order of its steps", () => {
    const pair = findLab('replicated-pair')!;
    expect(pair.topology.brokers.map((b) => [b.id, b.instance, 61616 + b.portOffset, 8161 + b.portOffset])).toEqual([
      ['master', 'replicatedMaster', 61616, 8161],
      ['backup', 'replicatedSlave', 61716, 8261],
    ]);
    expect(pair.story.map((s) => s.id)).toEqual([
      'prerequisites', 'unpack', 'create', 'start-master', 'start-backup', 'send', 'master-holds', 'backup-no-queue',
      'traffic', 'stop-master', 'backup-live', 'backup-holds', 'restart-master', 'failback',
    ]);
  });
});

describe('topology', () => {
  const pair = findLab('replicated-pair')!;

  it('starts primaries first and stops backups first', () => {
    expect(startOrder(pair.topology).map((b) => b.id)).toEqual(['master', 'backup']);
    expect(stopOrder(pair.topology).map((b) => b.id)).toEqual(['backup', 'master']);
  });

  it('draws one replication line for the pair', () => {
    expect(topologyLines(pair.topology)).toEqual([{ from: 'master', to: 'backup', kind: 'replication' }]);
  });

  it('finds what is wrong with a bad lab', () => {
    const bad: LabDefinition = {
      ...pair,
      id: 'bad',
      topology: {
        brokers: [
          { ...pair.topology.brokers[0]!, connectsTo: ['nobody'] },
          { ...pair.topology.brokers[1]!, id: 'master', portOffset: 0 },
        ],
      },
    };
    const problems = labProblems(bad).join('\n');
    expect(problems).toMatch(/broker ids repeat/);
    expect(problems).toMatch(/share a port offset/);
    expect(problems).toMatch(/unknown broker nobody/);
  });
});

describe('renderCommand', () => {
  const pair = findLab('replicated-pair')!;
  it("fills a broker's bin, url and port from lab.json, or the lab's defaults before setup", () => {
    const template = '{master.bin}/artemis producer --url "{master.url}" --port {backup.port} --user {user} --password {password} --message-count {count} {nobody.url}';
    expect(renderCommand(template, pair, null)).toBe(
      'replicatedMaster/bin/artemis producer --url "tcp://127.0.0.1:61616" --port 61716 --user admin --password admin --message-count 10 {nobody.url}',
    );
    const config = {
      schema: 1 as const,
      lab: 'replicated-pair',
      broker: { version: '2.44.0', home: '/h', zip: '/z', dialect: 'primary-backup' as const },
      user: 'alice',
      defaultPassword: false,
      heapMb: 512,
      journal: 'nio' as const,
      brokers: {
        master: { instance: 'replicatedMaster', dir: '/h/instances/replicatedMaster', portOffset: 5, acceptorPort: 61621, consolePort: 8166 },
        backup: { instance: 'replicatedSlave', dir: '/h/instances/replicatedSlave', portOffset: 105, acceptorPort: 61721, consolePort: 8266 },
      },
      createdAt: '',
    };
    expect(renderCommand(template, pair, config)).toBe(
      '/h/instances/replicatedMaster/bin/artemis producer --url "tcp://127.0.0.1:61621" --port 61721 --user alice --password *** --message-count 10 {nobody.url}',
    );
  });
});
