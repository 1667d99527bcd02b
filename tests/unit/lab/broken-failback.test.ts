// @vitest-environment jsdom
// A failback that breaks, as the attendee meets it without a broker: the hung JVM (its alarm,
// its words on the card and the topology, its lines in the timeline), the broker that gave up a
// synchronization and died, the refused takeover in the lab's own words, and the failback step
// that stops waiting as soon as either broker breaks.
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HUNG_AFTER_MS, hungOf, hungText, type HungWatch } from '../../../shared/derive/hung-watch.js';
import { applyRoleSignal, assembleBroker, EMPTY_ROLE, syncFailedError } from '../../../shared/derive/broker-state.js';
import { embeddedCodeOf, kindOfCode, roleSignalOf } from '../../../electron/lab/watching/log-codes.js';
import { labProblems } from '../../../shared/labs/topology.js';
import { replicatedPair } from '../../../shared/labs/replicated-pair.js';
import { multipleBackups } from '../../../shared/labs/multiple-backups.js';
import { renderApp } from '../render-app.js';
import { labBroker } from '../snapshot-fixtures.js';

afterEach(cleanup);

const T0 = Date.parse('2026-12-01T10:00:00Z');
const watch = (over: Partial<HungWatch> = {}): HungWatch => ({ answeredAt: T0, stoppedAt: null, state: null, ...over });

describe('a hung broker', () => {
  it('is hung at once when the OS holds it stopped, and after 5 s of silence otherwise', () => {
    expect(hungOf(watch({ stoppedAt: T0 + 100 }), true, T0 + 100)).toEqual({ since: new Date(T0).toISOString(), why: 'stopped' });
    expect(hungOf(watch({ answeredAt: null, stoppedAt: T0 + 100 }), true, T0 + 100)).toEqual({ since: new Date(T0 + 100).toISOString(), why: 'stopped' });
    expect(hungOf(watch(), true, T0 + HUNG_AFTER_MS - 1)).toBeNull();
    expect(hungOf(watch(), true, T0 + HUNG_AFTER_MS)).toEqual({ since: new Date(T0).toISOString(), why: 'silent' });
  });

  it('is never hung before its first answer, nor once stopped or killed', () => {
    expect(hungOf(watch({ answeredAt: null }), true, T0 + 60_000)).toBeNull();
    expect(hungOf(watch({ stoppedAt: T0 }), false, T0 + 60_000)).toBeNull();
  });

  it('keeps when it began while it lasts, and says both moments in the timeline', () => {
    const first = hungOf(watch({ stoppedAt: T0 }), true, T0)!;
    // Continued (SIGCONT) but not answering yet: still the same hung episode.
    const later = hungOf(watch({ stoppedAt: null, state: first }), true, T0 + 13_000)!;
    expect(later).toEqual(first);
    expect(hungText('Master', null, first, T0)).toMatch(/^Master is hung: its JVM is stopped \(SIGSTOP/);
    expect(hungText('Master', first, null, T0 + 13_400)).toBe('Master answers again after 13 s hung.');
    expect(hungText('Master', first, later, T0 + 13_000)).toBeNull();
    const silent = hungOf(watch(), true, T0 + HUNG_AFTER_MS)!;
    expect(hungText('Backup', null, silent, T0 + HUNG_AFTER_MS)).toBe('Backup is not answering: Jolokia has had no answer for 5 s (busy, starved or hung).');
    expect(hungText('Backup', silent, null, T0 + 7_000)).toBe('Backup answers again after 7 s.');
  });

  it('silence alone reads "not answering" on the card, with no alarm until it outlasts a synchronization\'s 30 s', () => {
    const app = renderApp();
    const silentFor = (ms: number) =>
      act(() =>
        app.lab.mutate((s) => {
          s.brokers = [labBroker(replicatedPair.id, 'master', { backup: true }), labBroker(replicatedPair.id, 'backup', { live: true, backup: false, hung: { since: new Date(Date.now() - ms).toISOString(), why: 'silent' } })];
        }),
      );
    silentFor(8_000);
    expect(app.view.container.querySelector('[data-testid="role-backup"]')!.textContent).toBe('not answering');
    expect(screen.queryByTestId('hung-alarm')).toBeNull();
    silentFor(40_000);
    expect(screen.getByTestId('hung-alarm').textContent).toContain('Backup is hung');
  });

  it('raises the alarm and reads "hung" on its card and in the topology, and nothing when it answers', () => {
    const app = renderApp();
    act(() =>
      app.lab.mutate((s) => {
        s.brokers = [labBroker(replicatedPair.id, 'master', { hung: { since: new Date(Date.now() - 12_000).toISOString(), why: 'stopped' } }), labBroker(replicatedPair.id, 'backup', { live: true, backup: false })];
      }),
    );
    const alarm = screen.getByTestId('hung-alarm');
    expect(alarm.textContent).toMatch(/Master is hung: its JVM runs but has answered nothing for 1[12] s/);
    expect(alarm.textContent).toContain('SIGSTOP');
    expect(app.view.container.querySelector('[data-testid="role-master"]')!.textContent).toBe('hung');
    expect(app.view.container.querySelector('.topo-broker.state-hung')).not.toBeNull();
    act(() => app.lab.mutate((s) => void (s.brokers[0] = labBroker(replicatedPair.id, 'master', { backup: true }))));
    expect(screen.queryByTestId('hung-alarm')).toBeNull();
  });
});

describe('a synchronization given up', () => {
  it('reads AMQ229114 from the exception line and AMQ222251 from the warning as giving up', () => {
    expect(embeddedCodeOf('org.apache.activemq.artemis.api.core.ActiveMQReplicationTimeooutException: AMQ229114: Replication synchronization process timed out after waiting 30000 milliseconds')).toBe('AMQ229114');
    expect(kindOfCode('AMQ229114')).toBe('sync-gave-up');
    expect(kindOfCode('AMQ222251')).toBe('sync-gave-up');
    expect(roleSignalOf('AMQ229114')).toBe('sync-gave-up');
  });

  const config = { instance: 'replicatedSlave', dir: '/tmp/x', acceptorPort: 61716, consolePort: 8261 } as Parameters<typeof assembleBroker>[0]['config'];
  const died = { code: 'BROKER_DIED', message: 'The backup broker exited on its own.', hint: null };
  let role = applyRoleSignal(EMPTY_ROLE, 'boot', T0);
  role = applyRoleSignal(role, 'active', T0 + 1000);
  const gaveUp = applyRoleSignal(role, 'sync-gave-up', T0 + 5000);
  const broker = (over: Partial<Parameters<typeof assembleBroker>[0]>) =>
    assembleBroker({ name: 'backup', label: 'Backup', brokerRole: 'backup', config, verdict: { kind: 'exited', pid: 7, crashRequested: false, stopRequested: false }, run: null, role: gaveUp, jolokia: null, lastError: died, ...over });

  it('a broker that gave up and then died says why, and how to repair, in its own name', () => {
    const e = broker({}).lastError!;
    expect(e.code).toBe('SYNC_GAVE_UP');
    expect(e.message).toBe('Backup gave up copying its journal to the returning broker, which stopped answering (AMQ229114), and shut down.');
    expect(e.hint).toMatch(/^Start Backup again/);
  });

  it('a death without giving up stays BROKER_DIED; a failback that later worked forgets it', () => {
    expect(broker({ role }).lastError).toEqual(died);
    expect(broker({ role: applyRoleSignal(gaveUp, 'passive', T0 + 9000) }).lastError).toEqual(died);
  });

  it('a refused takeover names the lab\'s broker, not the seed\'s (multiple backups)', () => {
    const e = syncFailedError(multipleBackups.topology.brokers.find((b) => b.id === 'backup2')!.label);
    expect(e.message).toMatch(/^Backup 2 cannot take over: .*AMQ229026/);
    expect(e.hint).toContain('restart Backup 2 (stop it, then start it)');
    expect(`${e.message} ${e.hint}`).not.toMatch(/\bmaster\b|stop backup, start backup/i);
  });
});

describe('the seed\'s failback step', () => {
  const step = replicatedPair.story.find((s) => s.id === 'failback')!;
  it('repairs first (a no-op on a healthy pair) and stops waiting when either broker breaks', () => {
    expect(step.act[0]).toEqual({ do: 'repair', brokers: ['master', 'backup'] });
    const wait = step.act.find((a) => a.do === 'wait');
    expect(wait && wait.do === 'wait' ? wait.failEarly : null).toEqual([
      { when: 'died', broker: 'master' },
      { when: 'died', broker: 'backup' },
      { when: 'cannot-take-over', broker: 'master' },
    ]);
    expect(labProblems(replicatedPair)).toEqual([]);
  });

  it('a fail-early rule on a broker the lab does not have is a lab problem', () => {
    const broken = { ...replicatedPair, story: replicatedPair.story.map((s) => (s.id === 'failback' ? { ...s, failEarly: { when: 'died' as const, broker: 'nobody' } } : s)) };
    expect(labProblems(broken)).toContain('replicated-pair: step failback fails early on unknown broker nobody.');
  });
});
