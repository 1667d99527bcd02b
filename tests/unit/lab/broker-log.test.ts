// A lab that runs across midnight: log4j2 has renamed the first part of the log to
// artemis.log.<day>; the whole story is the rolled days in order, then today's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrokerLog, readBrokerLogTail } from '../../../electron/lab/instances/broker-log.js';

describe('readBrokerLog', () => {
  it('reads the rolled days oldest first, then the current file, and ignores other files', () => {
    const instance = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-log-'));
    const log = path.join(instance, 'log');
    fs.mkdirSync(log);
    fs.writeFileSync(path.join(log, 'artemis.log'), '3 today AMQ221083\n');
    fs.writeFileSync(path.join(log, 'artemis.log.2026-12-01'), '2 yesterday AMQ221007\n');
    fs.writeFileSync(path.join(log, 'artemis.log.2026-11-30'), '1 the day before\n');
    fs.writeFileSync(path.join(log, 'audit.log'), 'not the broker log\n');
    expect(readBrokerLog(instance)).toBe('1 the day before\n2 yesterday AMQ221007\n3 today AMQ221083\n');
  });

  it('reads back only as many days as the tail needs', () => {
    const instance = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-log-'));
    fs.mkdirSync(path.join(instance, 'log'));
    fs.writeFileSync(path.join(instance, 'log', 'artemis.log'), 'c1\nc2\n');
    fs.writeFileSync(path.join(instance, 'log', 'artemis.log.2026-12-01'), 'b1\nb2\n');
    fs.writeFileSync(path.join(instance, 'log', 'artemis.log.2026-11-30'), 'a1\n');
    expect(readBrokerLogTail(instance, 2)).toBe('c1\nc2\n');
    expect(readBrokerLogTail(instance, 3)).toBe('b1\nb2\nc1\nc2\n');
    expect(readBrokerLogTail(instance, 99)).toBe('a1\nb1\nb2\nc1\nc2\n');
  });

  it('is null before the broker has written a log', () => {
    expect(readBrokerLog(fs.mkdtempSync(path.join(os.tmpdir(), 'broker-log-')))).toBeNull();
  });
});
