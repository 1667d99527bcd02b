// A lab made by a version that said "node" and "link" opens unchanged: its files, written here by
// hand in that version's shapes (lab.json, run/<broker>.json, progress, ledger, the wire's files,
// consumers-want), read as the new shapes, and the snapshot shows what they held.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../electron/lab/lab.js';
import { readWanted } from '../../../electron/lab/consumers/consumers-files.js';
import { readLedger } from '../../../electron/lab/messages/ledger.js';
import { readWires, readWiresStatus } from '../../../electron/lab/network/wires-file.js';
import { readRunFile } from '../../../electron/lab/processes/pid-files.js';
import { EARLIER_BROKER_KEYS, EARLIER_WIRE_KEYS, inCurrentShape } from '../../../electron/lab/state/earlier-shapes.js';
import { LABS } from '../../../shared/labs/index.js';
import { logOnlyBrokers } from './lab-fixtures.js';

let root: string;
let labDir: string;
const labs: Lab[] = [];

const T0 = '2026-11-30T10:00:00.000Z';
const T1 = '2026-11-30T10:00:05.000Z';

function write(rel: string, value: unknown): void {
  const file = path.join(labDir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The files as 8f77537 (the last version before the rename) wrote them. */
function writeEarlierLab(): void {
  const broker = logOnlyBrokers(labDir);
  write('lab.json', {
    schema: 1,
    lab: 'replicated-pair',
    broker: { version: '2.44.0', home: path.join(labDir, 'home'), zip: 'x.zip', dialect: 'primary-backup' },
    javaHome: null,
    user: 'admin',
    password: 'admin',
    clusterUser: 'c',
    clusterPassword: 'c',
    heapMb: 512,
    journal: 'nio',
    nodes: { master: broker('replicatedMaster', 0), backup: broker('replicatedSlave', 100) },
    createdAt: T0,
  });
  write('run/master.json', {
    node: 'master',
    pid: 999_999_999,
    instanceDir: path.join(labDir, 'home', 'instances', 'replicatedMaster'),
    startedAt: T0,
    stopRequestedAt: T1,
    crashRequestedAt: null,
    exitedAt: T1,
  });
  write('run/progress.json', {
    schema: 1,
    steps: [
      { id: 'prerequisites', status: 'passed', ms: 12, detail: null, hint: null },
      { id: 'send', status: 'skipped', ms: null, detail: null, hint: null },
    ],
    events: [
      { time: T0, node: 'master', code: 'LAB', kind: 'lab', text: 'Saved by an earlier version.' },
      { time: T1, node: 'backup', code: 'LAB', kind: 'lab', text: 'The backup, saved too.' },
    ],
    stopwatch: { master: { failover: { startedAt: T0, endedAt: T1, ms: 5000, node: 'master', to: 'backup' }, failback: null, displaced: [] } },
  });
  write('run/ledger.json', {
    schema: 1,
    runId: 'run-old',
    sent: 10,
    nextSeq: 11,
    batches: [{ at: T0, node: 'master', group: 'master', firstSeq: 1, count: 10 }],
    checks: [
      {
        at: T1,
        node: 'backup',
        group: 'master',
        label: 'after failover',
        sent: 10,
        present: 10,
        lost: 0,
        duplicated: 0,
        placement: { runId: 'run-old', nodes: ['master', 'backup'], rows: [] },
      },
    ],
  });
  write('run/links.json', {
    revision: 4,
    updatedAt: T1,
    links: [{ from: 'master', to: 'backup', listenPort: 63616, targetPort: 61716, cut: true, latencyMs: 0 }],
    checkTarget: null,
  });
  // A relay that ended without a word: read, reported stopped.
  write('run/links-status.json', {
    pid: 999_999_999,
    state: 'running',
    startedAt: T0,
    updatedAt: T1,
    appliedRevision: 4,
    links: [{ from: 'master', to: 'backup', listenPort: 63616, targetPort: 61716, state: 'cut', connections: 1 }],
    lastError: null,
  });
  write('run/consumers-want.json', { nodes: ['master', 'backup'] });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'b-earlier-'));
  labDir = path.join(root, 'lab');
  writeEarlierLab();
});

afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a lab written by the version before "broker" and "wire"', () => {
  it('opens: the snapshot shows its brokers, steps, events, ledger and stopwatch', async () => {
    const lab = await createLab({ labDir, installsDir: path.join(root, 'installs'), face: 'the CLI' });
    labs.push(lab);
    const s = lab.snapshot();
    expect(s.setup).toBe('created');
    expect(s.brokers.map((b) => b.name)).toEqual(['master', 'backup']);
    expect(Object.keys(s.config!.brokers)).toEqual(['master', 'backup']);
    expect(s.steps.find((x) => x.id === 'prerequisites')?.status).toBe('passed');
    expect(s.steps.find((x) => x.id === 'send')?.status).toBe('skipped');
    const saved = s.events.filter((e) => e.code === 'LAB' && e.time <= T1);
    expect(saved.map((e) => [e.broker, e.text])).toEqual([
      ['master', 'Saved by an earlier version.'],
      ['backup', 'The backup, saved too.'],
    ]);
    expect(s.ledger).toMatchObject({ runId: 'run-old', sent: 10, checks: [{ broker: 'backup', label: 'after failover', present: 10 }] });
    expect(s.groupStopwatches['master']?.failover).toMatchObject({ broker: 'master', to: 'backup', ms: 5000 });
  });

  it('each file reads in the new shape', async () => {
    expect(readRunFile(labDir, 'master')).toMatchObject({ broker: 'master', pid: 999_999_999, stopRequestedAt: T1 });
    const ledger = await readLedger(labDir);
    expect(ledger.batches).toEqual([{ at: T0, broker: 'master', group: 'master', firstSeq: 1, count: 10 }]);
    expect(ledger.checks[0]!.placement?.brokers).toEqual(['master', 'backup']);
    expect(readWires(labDir)).toMatchObject({ revision: 4, wires: [{ from: 'master', to: 'backup', listenPort: 63616, targetPort: 61716, cut: true }] });
    expect(readWiresStatus(labDir)).toMatchObject({ state: 'stopped', wires: [{ from: 'master', to: 'backup', state: 'closed', connections: 0 }] });
    expect(readWanted(labDir)).toEqual(['master', 'backup']);
  });
});

describe('inCurrentShape', () => {
  it('renames the traffic gap and client keys, nested in arrays', () => {
    const old = { gaps: [{ fromNode: 'master', toNode: 'backup', ms: 3 }], producer: { node: 'backup', connected: true } };
    expect(inCurrentShape(old)).toEqual({ gaps: [{ fromBroker: 'master', toBroker: 'backup', ms: 3 }], producer: { broker: 'backup', connected: true } });
  });

  it('renames `links` only in the wire files: elsewhere it may be the picture\'s lines', () => {
    expect(inCurrentShape({ links: [1] })).toEqual({ links: [1] });
    expect(inCurrentShape({ links: [1] }, EARLIER_WIRE_KEYS)).toEqual({ wires: [1] });
  });

  it('a file in the new shape stays as it is', () => {
    const current = { broker: 'master', brokers: { master: { dir: '/x' } }, wires: [] };
    expect(inCurrentShape(current, EARLIER_WIRE_KEYS)).toEqual(current);
    expect(inCurrentShape({ broker: 'new', node: 'old' })).toEqual({ broker: 'new' });
  });

  it("no lab's broker id is a renamed key (a Record keyed by broker id would be renamed)", () => {
    const renamed = new Set([...Object.keys(EARLIER_BROKER_KEYS), ...Object.keys(EARLIER_WIRE_KEYS)]);
    const ids = LABS.flatMap((l) => l.topology.brokers.map((b) => b.id));
    expect(ids.filter((id) => renamed.has(id))).toEqual([]);
  });
});
