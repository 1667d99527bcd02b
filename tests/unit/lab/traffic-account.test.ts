// The traffic's account without a broker: what counts as sent, how an outage is timed, and how a
// second arrival is told apart: the same stored message again (before or after this consumer
// acknowledged it), or a second stored copy (another send attempt).
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
    expect(a.gaps).toEqual([expect.objectContaining({ side: 'producer', to: null, ms: null, fromBroker: 'master' })]);
    a.accept(2, 'backup');
    expect(a.gaps).toEqual([expect.objectContaining({ side: 'producer', ms: 2000, fromBroker: 'master', toBroker: 'backup' })]);
  });

  describe('a second arrival, told by its send attempt and this consumer\'s acknowledgement', () => {
    const T0 = Date.parse('2026-11-29T13:46:20.000Z');

    it('the same attempt, never acknowledged (the connection broke first): redelivered, not processed again', () => {
      const a = new TrafficAccount(clock(T0).now);
      expect(a.deliver(1, 1, 0, 'master')).toBe(true);
      // A graceful stop hands it back with its delivery count reset: the count is not the evidence.
      expect(a.deliver(1, 1, 0, 'backup')).toBe(false);
      expect(a.totals(false, 0)).toMatchObject({ received: 1, redelivered: 1, redeliveredAfterAck: 0, duplicated: 0 });
      expect(a.evidence).toEqual({ duplicated: [], redeliveredAfterAck: [] });
    });

    it('the same attempt after this consumer acknowledged it: redelivered after ack, with where, when and how often it was sent', () => {
      const c = clock(T0);
      const a = new TrafficAccount(c.now);
      a.resend(7);
      expect(a.deliver(7, 1, 0, 'master')).toBe(true);
      c.advance(20);
      a.acknowledged(7, 1);
      c.advance(780);
      expect(a.deliver(7, 1, 0, 'backup')).toBe(false);
      expect(a.totals(false, 0)).toMatchObject({ received: 1, redelivered: 0, redeliveredAfterAck: 1, duplicated: 0, resent: 1 });
      expect(a.evidence.redeliveredAfterAck).toEqual([
        {
          seq: 7,
          first: { broker: 'master', at: '2026-11-29T13:46:20.000Z', attempt: 1, deliveryCount: 0 },
          acknowledgedAt: '2026-11-29T13:46:20.020Z',
          again: { broker: 'backup', at: '2026-11-29T13:46:20.800Z', attempt: 1, deliveryCount: 0 },
          sends: 2,
        },
      ]);
      expect(a.evidence.duplicated).toEqual([]);
    });

    it('a delivery count above 0 does not make an acknowledged message a plain redelivery', () => {
      const a = new TrafficAccount();
      a.deliver(3, 1, 0, 'master');
      a.acknowledged(3, 1);
      a.deliver(3, 1, 1, 'backup');
      expect(a.totals(false, 0)).toMatchObject({ redelivered: 0, redeliveredAfterAck: 1, duplicated: 0 });
    });

    it('another attempt than the one received: duplicated, acknowledged or not, whatever the delivery count', () => {
      const c = clock(T0);
      const a = new TrafficAccount(c.now);
      a.resend(4);
      a.resend(5);
      a.deliver(4, 1, 0, 'master');
      a.acknowledged(4, 1);
      a.deliver(5, 1, 0, 'master');
      c.advance(1000);
      expect(a.deliver(4, 2, 0, 'backup')).toBe(false);
      expect(a.deliver(5, 2, 3, 'backup')).toBe(false);
      expect(a.totals(false, 0)).toMatchObject({ received: 2, duplicated: 2, redelivered: 0, redeliveredAfterAck: 0 });
      expect(a.evidence.duplicated).toEqual([
        { seq: 4, first: expect.objectContaining({ broker: 'master', attempt: 1 }), acknowledgedAt: '2026-11-29T13:46:20.000Z', again: expect.objectContaining({ broker: 'backup', attempt: 2, at: '2026-11-29T13:46:21.000Z' }), sends: 2 },
        { seq: 5, first: expect.objectContaining({ attempt: 1 }), acknowledgedAt: null, again: expect.objectContaining({ attempt: 2, deliveryCount: 3 }), sends: 2 },
      ]);
    });

    it('a second copy delivered again is a redelivery of that copy, not a second duplicate', () => {
      const a = new TrafficAccount();
      a.resend(9);
      a.deliver(9, 1, 0, 'master');
      a.acknowledged(9, 1);
      a.deliver(9, 2, 0, 'backup');
      a.deliver(9, 2, 1, 'backup');
      a.acknowledged(9, 2);
      a.deliver(9, 2, 0, 'master');
      expect(a.totals(false, 0)).toMatchObject({ received: 1, duplicated: 1, redelivered: 1, redeliveredAfterAck: 1 });
    });

    it('the first copy to arrive may come from a resend: the same resend again is no copy, the first send arriving late is', () => {
      const a = new TrafficAccount();
      a.resend(11);
      expect(a.deliver(11, 2, 0, 'backup')).toBe(true);
      a.acknowledged(11, 2);
      a.deliver(11, 2, 0, 'master');
      expect(a.totals(false, 0)).toMatchObject({ duplicated: 0, redeliveredAfterAck: 1 });
      a.deliver(11, 1, 0, 'master');
      expect(a.totals(false, 0)).toMatchObject({ duplicated: 1, redeliveredAfterAck: 1 });
      expect(a.evidence.duplicated[0]).toMatchObject({ seq: 11, first: { attempt: 2 }, again: { attempt: 1 } });
    });

    it('a redelivery, once acknowledged, can come again after ack', () => {
      const a = new TrafficAccount();
      a.deliver(2, 1, 0, 'master');
      a.deliver(2, 1, 1, 'master');
      a.acknowledged(2, 1);
      a.deliver(2, 1, 0, 'backup');
      expect(a.totals(false, 0)).toMatchObject({ redelivered: 1, redeliveredAfterAck: 1, duplicated: 0 });
    });

    it('an acknowledgement of an arrival not held changes nothing', () => {
      const a = new TrafficAccount();
      a.deliver(6, 1, 0, 'master');
      a.acknowledged(6, 2);
      a.acknowledged(8, 1);
      a.deliver(6, 1, 1, 'backup');
      expect(a.totals(false, 0)).toMatchObject({ redelivered: 1, redeliveredAfterAck: 0 });
    });

    it('keeps the evidence of the first 20 of each kind, and counts them all', () => {
      const a = new TrafficAccount();
      for (let seq = 1; seq <= 25; seq++) {
        a.deliver(seq, 1, 0, 'master');
        a.acknowledged(seq, 1);
        a.deliver(seq, 1, 0, 'backup');
        a.deliver(seq, 2, 0, 'backup');
      }
      expect(a.totals(false, 0)).toMatchObject({ redeliveredAfterAck: 25, duplicated: 25 });
      expect(a.evidence.redeliveredAfterAck).toHaveLength(20);
      expect(a.evidence.duplicated.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });

  it('knows what is lost only once drained', () => {
    const a = new TrafficAccount();
    for (const seq of [1, 2, 3]) a.accept(seq, 'master');
    a.deliver(1, 1, 0, 'master');
    a.deliver(3, 1, 0, 'master');
    expect(a.caughtUp()).toBe(false);
    expect(a.missing()).toEqual([2]);
    expect(a.totals(false, 5).lost).toBeNull();
    expect(a.totals(true, 5)).toMatchObject({ lost: 1, unconfirmed: 5 });
    a.deliver(2, 1, 0, 'backup');
    expect(a.caughtUp()).toBe(true);
  });
});
