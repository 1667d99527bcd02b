// Failover and failback clocks per HA group, from observations alone.
import { describe, expect, it } from 'vitest';
import { advanceClock, EMPTY_CLOCK, latestOf, type BrokerObservation, type GroupClock } from '../../../shared/derive/stopwatches.js';

const t = (s: number) => new Date(Date.UTC(2026, 10, 29, 9, 0, s)).toISOString();

function obs(name: string, over: Partial<BrokerObservation> = {}): BrokerObservation {
  return { name, group: 'live', primary: name === 'live' || name === 'master', running: true, live: false, wasLive: false, startedAt: t(0), stopRequestedAt: null, crashRequestedAt: null, ...over };
}

function run(steps: { at: number; members: BrokerObservation[] }[]): GroupClock {
  return steps.reduce((clock, step) => advanceClock(clock, step.members, t(step.at)), EMPTY_CLOCK);
}

describe('group clocks', () => {
  it('times a failover from the live broker kill to the backup live, and names both', () => {
    const clock = run([
      { at: 10, members: [obs('live', { live: true, wasLive: true }), obs('b1'), obs('b2')] },
      { at: 11, members: [obs('live', { running: false, wasLive: true, crashRequestedAt: t(10) }), obs('b1'), obs('b2')] },
      { at: 13, members: [obs('live', { running: false, wasLive: true, crashRequestedAt: t(10) }), obs('b1', { live: true, wasLive: true }), obs('b2')] },
    ]);
    expect(clock.failover).toMatchObject({ broker: 'live', to: 'b1', ms: 3000 });
    expect(clock.displaced).toEqual(['live']);
  });

  it('a graceful stop: the live still serves while its stop is under way, and its restart is a failback', () => {
    const stopping = obs('master', { live: true, wasLive: true, stopRequestedAt: t(10) });
    const clock = run([
      { at: 10, members: [stopping, obs('backup')] },
      { at: 14, members: [stopping, obs('backup')] },
      { at: 17, members: [obs('master', { running: false, wasLive: true, stopRequestedAt: t(10) }), obs('backup', { live: true, wasLive: true })] },
      { at: 19, members: [obs('master', { startedAt: t(19) }), obs('backup', { live: true, wasLive: true })] },
      { at: 40, members: [obs('master', { startedAt: t(19), live: true, wasLive: true }), obs('backup', { wasLive: true })] },
    ]);
    expect(clock.failover).toMatchObject({ broker: 'master', to: 'backup', ms: 7000 });
    expect(clock.failback).toMatchObject({ broker: 'master', to: 'master', ms: 21000 });
  });

  it('starts no clock when a passive backup stops, nor for down (backups first, then the live with no one standing by)', () => {
    const clock = run([
      { at: 10, members: [obs('live', { live: true, wasLive: true }), obs('b1', { stopRequestedAt: t(10) })] },
      { at: 12, members: [obs('live', { live: true, wasLive: true }), obs('b1', { running: false, stopRequestedAt: t(10) })] },
      { at: 14, members: [obs('live', { wasLive: true, stopRequestedAt: t(14) }), obs('b1', { running: false, stopRequestedAt: t(10) })] },
    ]);
    expect(clock.failover).toBeNull();
  });

  it('follows a second failover to the second backup, and a failback of the original live', () => {
    const dead = { running: false, wasLive: true };
    const clock = run([
      { at: 10, members: [obs('live', { ...dead, crashRequestedAt: t(10) }), obs('b1', { live: true, wasLive: true }), obs('b2')] },
      { at: 20, members: [obs('live', { ...dead, crashRequestedAt: t(10) }), obs('b1', { wasLive: true, crashRequestedAt: t(20) }), obs('b2')] },
      { at: 21, members: [obs('live', { ...dead, crashRequestedAt: t(10) }), obs('b1', { ...dead, crashRequestedAt: t(20) }), obs('b2', { live: true, wasLive: true })] },
      { at: 30, members: [obs('live', { startedAt: t(30) }), obs('b1', { ...dead, crashRequestedAt: t(20) }), obs('b2', { live: true, wasLive: true })] },
      { at: 36, members: [obs('live', { startedAt: t(30), live: true, wasLive: true }), obs('b1', { ...dead, crashRequestedAt: t(20) }), obs('b2', { wasLive: true })] },
    ]);
    expect(clock.failover).toMatchObject({ broker: 'b1', to: 'b2', ms: 1000 });
    expect(clock.failback).toMatchObject({ broker: 'live', to: 'live', ms: 6000 });
    expect(clock.displaced).toEqual(['b1']);
    // Backup 1 back as a spare: it waits as a backup, and the failback stays the live broker's.
    const after = advanceClock(clock, [obs('live', { live: true, wasLive: true }), obs('b1', { startedAt: t(50) }), obs('b2', { wasLive: true })], t(51));
    expect(after.failback).toEqual(clock.failback);
    expect(after.displaced).toEqual([]);
  });

  it('reports the most recent failover of several groups', () => {
    const a = { failover: { startedAt: t(1), endedAt: t(2), ms: 1000 }, failback: null };
    const b = { failover: { startedAt: t(5), endedAt: null, ms: null }, failback: null };
    expect(latestOf([a, b]).failover).toBe(b.failover);
  });
});
