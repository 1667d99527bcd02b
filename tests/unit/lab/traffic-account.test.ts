// The traffic's account without a broker: what counts as sent, how an outage is timed, and how a
// second arrival is told apart (the same message again, or a second copy).
import { describe, expect, it } from 'vitest';
import { TrafficAccount } from '../../../electron/lab/traffic/traffic-account.js';

function clock(start = Date.parse('2026-11-29T10:00:00.000Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TrafficAccount', () => {
  it('counts a message sent once, however often a broker accepts it, and per broker per second', () => {
    const c = clock();
    const a = new TrafficAccount(c.now);
    a.accept(1, 'master');
    a.accept(1, 'backup');
    a.accept(2, 'master');
    c.advance(1000);
    a.accept(3, 'backup');
    expect(a.totals(false, 0).sent).toBe(3);
    expect(a.series().map((s) => s.sent)).toEqual([{ master: 2 }, { backup: 1 }]);
  });

  it('gives every second up to now, the quiet ones as zero, so an outage does not read as the last rate', () => {
    const c = clock();
    const a = new TrafficAccount(c.now);
    a.accept(1, 'master');
    c.advance(3000);
    expect(a.series().map((s) => s.sent)).toEqual([{ master: 1 }, {}, {}, {}]);
  });

  it('times an outage from the last message before the break to the first after it, per side', () => {
    const c = clock();
    const a = new TrafficAccount(c.now);
    a.accept(1, 'master');
    c.advance(300);
    a.disconnected('producer');
    a.disconnected('producer');
    c.advance(1700);
    expect(a.gaps).toEqual([expect.objectContaining({ side: 'producer', to: null, ms: null, fromNode: 'master' })]);
    a.accept(2, 'backup');
    expect(a.gaps).toEqual([expect.objectContaining({ side: 'producer', ms: 2000, fromNode: 'master', toNode: 'backup' })]);
  });

  it('tells a redelivery from a second copy', () => {
    const a = new TrafficAccount();
    for (const seq of [1, 2, 3, 4]) expect(a.deliver(seq, 0, 'master')).toBe(true);
    // The broker says so.
    expect(a.deliver(1, 1, 'backup')).toBe(false);
    // Never acknowledged: it had to come again.
    a.resend(2);
    a.notAcknowledged(2);
    expect(a.deliver(2, 0, 'backup')).toBe(false);
    // Sent once: a second arrival cannot be a copy.
    expect(a.deliver(3, 0, 'backup')).toBe(false);
    // Sent twice, acknowledged, arriving as new: a copy duplicate detection should have dropped.
    a.resend(4);
    expect(a.deliver(4, 0, 'backup')).toBe(false);
    expect(a.totals(false, 0)).toMatchObject({ received: 4, redelivered: 3, duplicated: 1, resent: 2 });
    expect(a.duplicatedSeqs).toEqual([4]);
  });

  it('knows what is lost only once drained', () => {
    const a = new TrafficAccount();
    for (const seq of [1, 2, 3]) a.accept(seq, 'master');
    a.deliver(1, 0, 'master');
    a.deliver(3, 0, 'master');
    expect(a.caughtUp()).toBe(false);
    expect(a.missing()).toEqual([2]);
    expect(a.totals(false, 5).lost).toBeNull();
    expect(a.totals(true, 5)).toMatchObject({ lost: 1, unconfirmed: 5 });
    a.deliver(2, 0, 'backup');
    expect(a.caughtUp()).toBe(true);
  });
});
