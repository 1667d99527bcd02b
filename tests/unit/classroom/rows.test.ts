// The instructor's order: a raised hand, then a step failed twice, then a long step, then the rest.
import { describe, expect, it } from 'vitest';
import { helpReasons, sortRows, stepBudgetMs, toRow, type ClassroomView } from '../../../shared/classroom-rows.js';
import { describeView } from '../../../electron/cli/commands/classroom.js';
import type { ClassroomEvent } from '../../../shared/classroom-event.js';
import { classroomEvent as event } from './classroom-event-fixture.js';
import { parseHubAddress } from '../../../electron/classroom/hub-connection.js';
import { certMatchesPin } from '../../../electron/classroom/hub-tls.js';
import crypto from 'node:crypto';

describe('needs help', () => {
  const t0 = Date.parse('2026-01-01T10:00:00.000Z');
  it('is a raised hand, a step failed twice, or a step longer than the lab gives it', () => {
    expect(stepBudgetMs(event('x'))).toBe(10 * 60_000);
    expect(helpReasons(event('x'), t0 + 60_000)).toEqual([]);
    expect(helpReasons(event('x', { hand: true }), t0)).toEqual(['hand']);
    expect(helpReasons(event('x'), t0 + 11 * 60_000)).toEqual(['stuck']);
    const twice = event('x', { steps: [{ id: 'b', title: 'B', status: 'failed', failures: 2, at: null, ms: null, detail: null }] });
    expect(helpReasons(twice, t0)).toEqual(['failed-twice']);
    expect(helpReasons(event('x', { hand: true, left: true }), t0)).toEqual([]);
  });

  it('sorts hands first, then failures, then long steps, then by name; two of one name stay two rows', () => {
    const rows = [
      toRow('1', event('Zoe'), '', t0),
      toRow('2', event('Bob', { current: { id: 'b', since: '2026-01-01T09:00:00.000Z' } }), '', t0),
      toRow('3', event('Ann', { steps: [{ id: 'b', title: 'B', status: 'failed', failures: 3, at: null, ms: null, detail: null }] }), '', t0),
      toRow('4', event('Cid', { hand: true }), '', t0),
      toRow('5', event('Zoe'), '', t0),
    ];
    expect(sortRows(rows).map((r) => `${r.event.name}:${r.id}`)).toEqual(['Cid:4', 'Ann:3', 'Bob:2', 'Zoe:1', 'Zoe:5']);
  });
});

describe('one lab of the class', () => {
  it('`classroom status --lab` and `watch --lab` print only that lab\'s rows, and their last changes', () => {
    const now = Date.parse('2026-01-01T10:01:00.000Z');
    const recent: ClassroomEvent['recent'] = [{ type: 'failover-timed', at: '2026-01-01T10:00:30.000Z', group: 'master', ms: 1400, from: 'master', to: 'backup' }];
    const rows = [event('Ada', { recent }), event('Bo', { lab: 'shared-store' }), event('Cy')].map((e, i) => toRow(`r${i}`, e, e.at, now));
    const view: ClassroomView = { title: 'Class', address: '10.0.0.5:5673', joinLine: 'amq-ha-lab classroom join 10.0.0.5:5673 --code AAA-AAA', rows, dropped: { malformed: 0, oversized: 0, 'future-version': 0 }, connected: true, reason: null };
    const one = describeView(view, 'shared-store');
    expect(one.split('\n')[0]).toBe('Class: 1 attendee in shared-store (of 3) on 10.0.0.5:5673');
    expect(one).toContain(' Bo [r1]');
    expect(one).not.toMatch(/Ada|Cy/);
    const pair = describeView(view, 'replicated-pair');
    expect(pair).toMatch(/Ada \[r0\][^]*lately: failover 1\.4 s, master → backup[^]*Cy \[r2\]/);
    expect(pair).not.toContain('Bo');
  });
});

describe('join line parts', () => {
  it('reads HOST:PORT and [v6]:PORT, nothing else', () => {
    expect(parseHubAddress('192.168.1.20:5673')).toEqual({ host: '192.168.1.20', port: 5673 });
    expect(parseHubAddress('[fe80::1]:5673')).toEqual({ host: 'fe80::1', port: 5673 });
    expect(parseHubAddress('hub:0')).toBeNull();
    expect(parseHubAddress('hub')).toBeNull();
  });
  it('matches a certificate to its pin by the SHA-256 prefix, never a short one', () => {
    const der = Buffer.from('certificate bytes');
    const hex = crypto.createHash('sha256').update(der).digest('hex');
    expect(certMatchesPin(der, hex.slice(0, 20))).toBe(true);
    expect(certMatchesPin(der, hex.slice(0, 20).toUpperCase())).toBe(true);
    expect(certMatchesPin(der, `0${hex.slice(1, 20)}` === hex.slice(0, 20) ? 'ffffffffffffffffffff' : `0${hex.slice(1, 20)}`)).toBe(false);
    expect(certMatchesPin(der, hex.slice(0, 8))).toBe(false);
  });
});
