// run/links.json and run/links-status.json: what a face writes, what a hand edit gets told, and
// how a relay process that died is reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareWires, wiresPath, readWires, readWiresStatus, wishWires, writeWiresStatus } from '../../../electron/lab/network/wires-file.js';

let labDir: string;
beforeEach(() => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-wires-'));
});
afterEach(() => fs.rmSync(labDir, { recursive: true, force: true }));

const spec = (from: string, to: string, listenPort: number) => ({ from, to, listenPort, targetPort: 61616 });

describe('wires file', () => {
  it('is absent until the lab declares wires; each change bumps the revision', async () => {
    expect(readWires(labDir)).toBeNull();
    const first = await declareWires(labDir, [spec('backup', 'master', 63616), spec('master', 'backup', 63716)]);
    expect(first.revision).toBe(1);
    expect(first.wires.map((l) => [l.cut, l.latencyMs])).toEqual([[false, 0], [false, 0]]);
    const cut = await wishWires(labDir, 'cut', () => [1], { cut: true });
    expect(cut.revision).toBe(2);
    expect(readWires(labDir)?.wires.map((l) => l.cut)).toEqual([false, true]);
  });

  it('keeps what was wanted of a wire the lab declares again, and drops a wire it no longer declares', async () => {
    await declareWires(labDir, [spec('backup', 'master', 63616), spec('master', 'backup', 63716)]);
    await wishWires(labDir, 'delay', () => [0, 1], { latencyMs: 50 });
    await wishWires(labDir, 'cut', () => [0], { cut: true });
    const again = await declareWires(labDir, [spec('backup', 'master', 63616)]);
    expect(again.wires).toEqual([{ ...spec('backup', 'master', 63616), cut: true, latencyMs: 50 }]);
  });

  it('merges two faces changing it at once: neither change is lost', async () => {
    await declareWires(labDir, [spec('backup', 'master', 63616), spec('master', 'backup', 63716)]);
    await Promise.all([wishWires(labDir, 'cut', () => [0], { cut: true }), wishWires(labDir, 'delay', () => [1], { latencyMs: 20 })]);
    const now = readWires(labDir)!;
    expect(now.revision).toBe(3);
    expect(now.wires.map((l) => [l.cut, l.latencyMs])).toEqual([[true, 0], [false, 20]]);
  });

  it('tells a bad hand edit in one line that names the wire', () => {
    fs.mkdirSync(path.dirname(wiresPath(labDir)), { recursive: true });
    fs.writeFileSync(wiresPath(labDir), '{"wires":[{"from":"a","to":"b","listenPort":70000,"targetPort":1}]}');
    expect(() => readWires(labDir)).toThrow(/a -> b needs a "listenPort"/);
    fs.writeFileSync(wiresPath(labDir), '{"wires":[');
    expect(() => readWires(labDir)).toThrow(/is not JSON/);
    fs.writeFileSync(wiresPath(labDir), '{"wires":[{"from":"a","to":"b","listenPort":5,"targetPort":1},{"from":"b","to":"a","listenPort":5,"targetPort":2}]}');
    expect(() => readWires(labDir)).toThrow(/b -> a listens on 5, as another wire does/);
  });

  it('reports a relay process that died without stopping as stopped, its wires closed', () => {
    // A pid that cannot be alive: above Linux's pid_max.
    writeWiresStatus(labDir, {
      pid: 2 ** 22 + 1,
      state: 'running',
      startedAt: 't0',
      updatedAt: 't1',
      appliedRevision: 3,
      lastError: null,
      wires: [{ from: 'a', to: 'b', state: 'open', listenPort: 5, targetPort: 6, connections: 2, accepted: 2, bytesToTarget: 1, bytesFromTarget: 1, latencyMs: 0, cuts: 0, lastError: null }],
    });
    const s = readWiresStatus(labDir)!;
    expect(s.state).toBe('stopped');
    expect(s.wires[0]).toMatchObject({ state: 'closed', connections: 0 });
    expect(s.lastError).toMatch(/ended without stopping; nothing relays since t1/);
  });
});
