// The attendee's event from the lab's state: what the instructor may see and nothing else, the
// step clocks and failure counts the instructor's "needs help" reads, and the 8 KB bound.
import { describe, expect, it } from 'vitest';
import { attendeeEvent, EMPTY_MEMORY, rememberChanges, rememberSteps, type AttendeeProfile } from '../../../electron/classroom/attendee-state.js';
import { CLASSROOM_EVENT_MAX_BYTES, encodeEvent, judgeEvent } from '../../../shared/classroom-event.js';
import { pendingSteps } from '../../../shared/labs/story.js';
import { findLab } from '../../../shared/labs/index.js';
import { labSnapshot, brokerSnapshot } from '../snapshot-fixtures.js';

const profile: AttendeeProfile = {
  name: 'Ada',
  hand: false,
  left: false,
  versions: { os: 'Linux 6.1 x64', java: 'Java 17.0.15', app: '0.1.0' },
  privatePaths: [
    { path: '/home/ada/labs/target', as: '<lab>' },
    { path: '/home/ada', as: '~' },
  ],
  secrets: ['s3cret-pass'],
};

function input(steps = pendingSteps(findLab('replicated-pair')!)) {
  return labSnapshot('replicated-pair', [brokerSnapshot('master', { live: true }), brokerSnapshot('backup')], { steps });
}

describe('attendee event', () => {
  it('names steps by title, tells brokers and versions, and passes its own schema', () => {
    const s = input();
    const memory = rememberSteps(EMPTY_MEMORY, s, '2026-01-01T10:00:00.000Z');
    const event = attendeeEvent(s, memory, profile, '2026-01-01T10:00:00.000Z');
    expect(event.steps[0]).toMatchObject({ id: 'prerequisites', status: 'pending', failures: 0 });
    expect(event.current).toEqual({ id: 'prerequisites', since: '2026-01-01T10:00:00.000Z' });
    expect(event.brokers).toEqual([
      { name: 'master', role: 'primary', process: 'running', live: true },
      { name: 'backup', role: 'backup', process: 'running', live: false },
    ]);
    expect(judgeEvent(encodeEvent(event))).toEqual({ ok: true, event });
  });

  it('counts each failure, keeps the time a step changed, and moves "current since" only when the step changes', () => {
    const steps = pendingSteps(findLab('replicated-pair')!);
    let memory = rememberSteps(EMPTY_MEMORY, input(steps), 't0');
    const failed = steps.map((s, i) => (i === 0 ? { ...s, status: 'failed' as const, detail: 'no Java' } : s));
    memory = rememberSteps(memory, input(failed), 't1');
    const running = failed.map((s, i) => (i === 0 ? { ...s, status: 'running' as const } : s));
    memory = rememberSteps(memory, input(running), 't2');
    memory = rememberSteps(memory, input(failed), 't3');
    expect(memory.steps.prerequisites).toEqual({ status: 'failed', at: 't3', failures: 2 });
    expect(memory.current).toEqual({ id: 'prerequisites', since: 't0' });
    const passed = steps.map((s, i) => (i === 0 ? { ...s, status: 'passed' as const } : s));
    memory = rememberSteps(memory, input(passed), 't4');
    expect(memory.current).toEqual({ id: 'unpack', since: 't4' });
  });

  it('never carries a secret or a path under the home dir; a file is named by its last part only', () => {
    const steps = pendingSteps(findLab('replicated-pair')!).map((s, i) =>
      i === 0 ? { ...s, status: 'failed' as const, detail: 'artemis --password s3cret-pass failed in /home/ada/labs/target/x/log; see /etc/hosts', hint: 'Look at /home/ada/.bashrc' } : s,
    );
    const s = input(steps);
    const text = encodeEvent(attendeeEvent(s, rememberSteps(EMPTY_MEMORY, s, 't'), profile, 't'));
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('/home/ada');
    expect(text).toContain('<lab>/x/log');
    expect(text).toContain('…/hosts');
    expect(text).toContain('~/.bashrc');
  });

  it('stays under 8 KB by shortening step details, however long they are', () => {
    const steps = pendingSteps(findLab('replicated-pair')!).map((s) => ({ ...s, status: 'failed' as const, detail: 'x'.repeat(5000) }));
    const s = input(steps);
    const event = attendeeEvent(s, rememberSteps(EMPTY_MEMORY, s, 't'), profile, 't');
    expect(Buffer.byteLength(encodeEvent(event))).toBeLessThanOrEqual(CLASSROOM_EVENT_MAX_BYTES);
  });
});

describe("the attendee's recent changes", () => {
  const change = (at: string, lab = 'replicated-pair') => ({ at, lab, v: 1 as const });
  it('keeps the latest ten, leaves out steps back to pending, and starts afresh with another lab', () => {
    let memory = EMPTY_MEMORY;
    for (let i = 0; i < 12; i++) memory = rememberChanges(memory, [{ ...change(`t${i}`), type: 'failover-timed', group: 'master', ms: 1000 + i, from: 'master', to: 'backup' }]);
    memory = rememberChanges(memory, [{ ...change('t12'), type: 'step-reset', step: 'send' }]);
    expect(memory.recent.map((c) => c.at)).toEqual(['t2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11']);
    memory = rememberChanges(memory, [{ ...change('t13', 'shared-store'), type: 'lab-chosen', from: 'replicated-pair' }, { ...change('t13', 'shared-store'), type: 'step-started', step: 'prerequisites' }]);
    expect(memory.recent).toEqual([{ type: 'step-started', at: 't13', step: 'prerequisites', ms: null }]);
  });

  it('fit in the 8 KB with the longest details and ten of the largest changes', () => {
    const steps = pendingSteps(findLab('replicated-pair')!).map((s) => ({ ...s, status: 'failed' as const, detail: 'x'.repeat(5000) }));
    const s = input(steps);
    let memory = rememberSteps(EMPTY_MEMORY, s, 't');
    const brokers = Array.from({ length: 12 }, (_, i) => `broker-${'b'.repeat(30)}${i}`);
    for (let i = 0; i < 10; i++) memory = rememberChanges(memory, [{ ...change('2026-01-01T10:00:00.000Z'), type: 'split-brain-raised', group: 'g'.repeat(40), brokers }]);
    const event = attendeeEvent(s, memory, profile, 't');
    expect(Buffer.byteLength(encodeEvent(event))).toBeLessThanOrEqual(CLASSROOM_EVENT_MAX_BYTES);
    expect(judgeEvent(encodeEvent(event)).ok).toBe(true);
    expect(event.recent.length).toBeGreaterThan(0);
  });
});

describe('judging an event on the instructor side', () => {
  const good = () => {
    const s = input();
    return attendeeEvent(s, rememberSteps(EMPTY_MEMORY, s, 't'), profile, 't');
  };
  it('drops malformed, oversized and later-version events, each for its reason', () => {
    expect(judgeEvent('{not json')).toEqual({ ok: false, why: 'malformed' });
    expect(judgeEvent(JSON.stringify({ ...good(), steps: 'no' }))).toEqual({ ok: false, why: 'malformed' });
    expect(judgeEvent(JSON.stringify({ ...good(), password: 'x' }))).toEqual({ ok: false, why: 'malformed' });
    expect(judgeEvent(JSON.stringify({ ...good(), name: 'y'.repeat(9000) }))).toEqual({ ok: false, why: 'oversized' });
    expect(judgeEvent(JSON.stringify({ ...good(), v: 2 }))).toEqual({ ok: false, why: 'future-version' });
    expect(judgeEvent(42)).toEqual({ ok: false, why: 'malformed' });
  });
});
