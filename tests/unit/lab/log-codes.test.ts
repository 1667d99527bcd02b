// Log lines as the real brokers write them (2.44.0 from a lab run, 2.31.2 texts from its
// ActiveMQServerLogger message table, same `%d %-5level [%logger] %msg%n` layout).
import { describe, expect, it } from 'vitest';
import { eventText, kindOfCode, parseLogLine, roleSignalOf } from '../../../electron/lab/watching/log-codes.js';
import { applyRoleSignal, EMPTY_ROLE, type LogRole } from '../../../shared/derive/broker-state.js';

const L244 = {
  boot: '2026-11-24 20:35:09,524 INFO  [org.apache.activemq.artemis.integration.bootstrap] AMQ101000: Starting ActiveMQ Artemis Server version 2.44.0',
  live: '2026-11-24 20:35:12,819 INFO  [org.apache.activemq.artemis.core.server] AMQ221007: Server is now active',
  backupStarted:
    '2026-11-24 20:35:18,424 INFO  [org.apache.activemq.artemis.core.server] AMQ221109: Apache ActiveMQ Artemis Backup Server version 2.44.0 [null] started; waiting for primary to fail before activating',
  synced:
    '2026-11-24 20:35:19,175 INFO  [org.apache.activemq.artemis.core.server] AMQ221024: Backup server ActiveMQServerImpl::name=127.0.0.1 is synchronized with primary server, nodeID=8a9aede5-e846-11f1-81f7-02fc00000001.',
  toActive: "2026-11-24 20:35:38,294 INFO  [org.apache.activemq.artemis.core.server] AMQ221037: ActiveMQServerImpl::name=127.0.0.1 to become 'active'",
  stopped:
    '2026-11-24 20:36:02,271 INFO  [org.apache.activemq.artemis.core.server] AMQ221002: Apache ActiveMQ Artemis Message Broker version 2.44.0 [8a9aede5-e846-11f1-81f7-02fc00000001] stopped, uptime 44.315 seconds',
  restartAsBackup: '2026-11-24 20:36:02,272 INFO  [org.apache.activemq.artemis.core.server] AMQ221039: Restarting as replicating backup server after primary restart',
  lostBackup: '2026-11-24 20:54:08,560 WARN  [org.apache.activemq.artemis.core.server] AMQ222092: Connection to the backup broker failed, removing replication now',
};

const L231 = {
  live: '2023-10-27 10:11:12,345 INFO  [org.apache.activemq.artemis.core.server] AMQ221007: Server is now live',
  backupLive: '2023-10-27 10:11:13,000 INFO  [org.apache.activemq.artemis.core.server] AMQ221010: Backup Server is now live',
  backupStarted:
    '2023-10-27 10:11:14,000 INFO  [org.apache.activemq.artemis.core.server] AMQ221109: Apache ActiveMQ Artemis Backup Server version 2.31.2 [null] started, waiting live to fail before it gets active',
  restart: '2023-10-27 10:11:15,000 INFO  [org.apache.activemq.artemis.core.server] AMQ221039: Restarting as Replicating backup server after live restart',
};

describe('parseLogLine', () => {
  it('reads time, level, logger and code from a broker line', () => {
    const p = parseLogLine(L244.live);
    expect(p.level).toBe('INFO');
    expect(p.logger).toBe('org.apache.activemq.artemis.core.server');
    expect(p.code).toBe('AMQ221007');
    expect(p.text).toBe('AMQ221007: Server is now active');
    // log4j's %d is local time without a zone: read back as local time.
    expect(p.epochMs).toBe(new Date('2026-11-24T20:35:12.819').getTime());
    expect(p.time).toBe(new Date('2026-11-24T20:35:12.819').toISOString());
  });

  it('keeps stack-trace and other continuation lines as text without a time or code', () => {
    const p = parseLogLine('\tat org.apache.activemq.artemis.utils.ActiveMQThreadFactory$1.run(ActiveMQThreadFactory.java:120)');
    expect(p).toMatchObject({ time: null, level: null, code: null });
    expect(p.text).toContain('ActiveMQThreadFactory');
  });

  it('finds no code in a hawtio line', () => {
    expect(parseLogLine('2026-11-24 20:35:13,616 INFO  [io.hawt.HawtioContextListener] Initialising Hawtio services').code).toBeNull();
  });

  it('strips a Windows carriage return', () => {
    expect(parseLogLine(`${L244.live}\r`).text).toBe('AMQ221007: Server is now active');
  });
});

describe('AMQ codes to HA events', () => {
  it('maps the table of the facts file, with the codes the real brokers use for replication', () => {
    expect(kindOfCode('AMQ221007')).toBe('live');
    expect(kindOfCode('AMQ221109')).toBe('backup-started');
    expect(kindOfCode('AMQ221024')).toBe('synchronized');
    expect(kindOfCode('AMQ221031')).toBe('announced');
    expect(kindOfCode('AMQ221037')).toBe('failover');
    expect(kindOfCode('AMQ221010')).toBe('failover');
    expect(kindOfCode('AMQ221039')).toBe('failback');
    expect(kindOfCode('AMQ221008')).toBe('failback');
    expect(kindOfCode('AMQ222092')).toBe('connection-lost');
    expect(kindOfCode('AMQ212034')).toBe('split-brain');
    expect(kindOfCode('AMQ222018')).toBe('aio-unavailable');
    expect(kindOfCode('AMQ222210')).toBe('disk-full');
    expect(kindOfCode('AMQ241004')).toBe('console');
    expect(kindOfCode('AMQ221043')).toBeNull();
    expect(kindOfCode(null)).toBeNull();
  });

  it('shortens event text: no code prefix, one line', () => {
    expect(eventText('AMQ221007: Server is now active')).toBe('Server is now active');
    expect(eventText(`AMQ221000: x ${'y'.repeat(400)}`).length).toBeLessThanOrEqual(240);
  });
});

function replay(lines: string[], start: LogRole = EMPTY_ROLE): LogRole {
  let role = start;
  for (const line of lines) {
    const p = parseLogLine(line);
    const signal = p.code === 'AMQ221001' ? 'started' : roleSignalOf(p.code);
    if (signal && p.epochMs !== null) role = applyRoleSignal(role, signal, p.epochMs);
  }
  return role;
}

describe('role from the log', () => {
  it('a primary that boots and goes live is active', () => {
    expect(replay([L244.boot, L244.live]).role).toBe('active');
  });

  it('a backup is passive until synchronized, then synchronized', () => {
    const waiting = replay([L244.boot, L244.backupStarted]);
    expect(waiting).toMatchObject({ role: 'passive', synchronized: false });
    expect(replay([L244.synced], waiting)).toMatchObject({ role: 'passive', synchronized: true });
  });

  it('failover on 2.44 (221037 then 221007) makes the backup active and no longer a synchronized replica', () => {
    const role = replay([L244.boot, L244.backupStarted, L244.synced, L244.toActive, L244.live]);
    expect(role).toMatchObject({ role: 'active', synchronized: false });
  });

  it('failback makes the backup passive again (221002 stopped, 221039 restarting as backup)', () => {
    const role = replay([L244.boot, L244.backupStarted, L244.live, L244.stopped, L244.restartAsBackup]);
    expect(role.role).toBe('passive');
  });

  it('2.31 texts (live, Backup Server is now live) give the same roles', () => {
    expect(replay([L244.boot, L231.live]).role).toBe('active');
    expect(replay([L244.boot, L231.backupStarted, L231.backupLive]).role).toBe('active');
    expect(replay([L244.boot, L231.backupStarted, L231.backupLive, L231.restart]).role).toBe('passive');
  });

  it('a new JVM (AMQ101000) forgets the previous run', () => {
    const role = replay([L244.boot, L244.live, L244.boot]);
    expect(role.role).toBe('unknown');
    expect(role.bootAt).not.toBeNull();
  });

  it('a primary losing its backup (222092) stays active', () => {
    expect(replay([L244.boot, L244.live, L244.lostBackup]).role).toBe('active');
  });
});
