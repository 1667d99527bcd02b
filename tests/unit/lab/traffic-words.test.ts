// What the CLI says about the traffic's account (`traffic status|stop`), and a run/traffic.json
// written before the account told a redelivery after ack apart still reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTraffic } from '../../../electron/cli/commands/traffic.js';
import { readTraffic, trafficPath } from '../../../electron/lab/traffic/traffic-files.js';
import { startTraffic } from '../fake-traffic.js';

const repeat = (seq: number, againAttempt: number) => ({
  seq,
  first: { broker: 'master', at: '2026-11-29T13:46:20.407Z', attempt: 1, deliveryCount: 0 },
  acknowledgedAt: '2026-11-29T13:46:20.430Z',
  again: { broker: 'backup', at: '2026-11-29T13:46:21.184Z', attempt: againAttempt, deliveryCount: 0 },
  sends: 1,
});

describe('traffic in the CLI', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('counts a redelivery after ack apart and says what happened to the first one', () => {
    const t = startTraffic(200, 'master', Date.parse('2026-11-29T13:46:00Z'));
    Object.assign(t.totals, { sent: 500, received: 500, redelivered: 4, redeliveredAfterAck: 2 });
    t.evidence.redeliveredAfterAck.push(repeat(35467, 1));
    const text = describeTraffic(t);
    expect(text).toContain('duplicated 0, redelivered 4, redelivered after ack 2, resent 0');
    expect(text).toContain(
      'redelivered after ack (acknowledged, then the broker went down before the acknowledgement reached the next one; at-least-once, not a copy): message 35467: received on the master at 13:46:20.407, acknowledged at 13:46:20.430, delivered again by the backup at 13:46:21.184; the same stored message (send attempt 1, sent once), processed once (first of them).',
    );
    expect(text).not.toContain('  duplicated:');
  });

  it('names a duplicate by its two send attempts', () => {
    const t = startTraffic(200, 'master');
    Object.assign(t.totals, { duplicated: 1 });
    t.evidence.duplicated.push({ ...repeat(12, 2), sends: 2 });
    expect(describeTraffic(t)).toContain(
      '  duplicated: message 12: from send attempt 1 on the master at 13:46:20.407, again from send attempt 2 on the backup at 13:46:21.184; two stored copies, a resend duplicate detection did not drop.',
    );
  });

  it('reads a traffic file from before the count existed as none redelivered after ack', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-words-'));
    const old = startTraffic(20, 'master') as unknown as Record<string, unknown>;
    old.state = 'stopped';
    delete old.evidence;
    delete (old.totals as Record<string, unknown>).redeliveredAfterAck;
    fs.mkdirSync(path.dirname(trafficPath(dir)), { recursive: true });
    fs.writeFileSync(trafficPath(dir), JSON.stringify(old));
    const read = readTraffic(dir)!;
    expect(read.totals.redeliveredAfterAck).toBe(0);
    expect(read.evidence).toEqual({ duplicated: [], redeliveredAfterAck: [] });
    expect(describeTraffic(read)).toContain('redelivered after ack 0');
  });
});
