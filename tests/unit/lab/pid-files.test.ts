// Adoption logic: what a run file plus the OS's answer mean.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeRunFile, readRunFile, updateRunFile, writeRunFile, type RunFile } from '../../../electron/lab/processes/pid-files.js';
import { isAlive, isBrokerJvmOf, isProcessOfInstance, parsePs, parseTabbed } from '../../../electron/lab/processes/process-utils.js';

const dir = '/tmp/lab/apache-artemis-2.44.0/instances/replicatedMaster';
const jvm = `java -Xmx512M -Dartemis.home=/tmp/lab/apache-artemis-2.44.0 -Dartemis.instance=${dir} -Ddata.dir=${dir}/data org.apache.activemq.artemis.boot.Artemis run`;

const run = (over: Partial<RunFile> = {}): RunFile => ({
  broker: 'master',
  pid: 1234,
  instanceDir: dir,
  startedAt: '2026-11-24T20:00:00.000Z',
  stopRequestedAt: null,
  crashRequestedAt: null,
  exitedAt: null,
  ...over,
});

const ours = (cmd: string) => isBrokerJvmOf(cmd, dir);

describe('isBrokerJvmOf', () => {
  it("recognises the instance's JVM by -Dartemis.instance", () => {
    expect(isBrokerJvmOf(jvm, dir)).toBe(true);
    expect(isBrokerJvmOf(jvm.replace(`-Dartemis.instance=${dir}`, `-Dartemis.instance="${dir}"`), dir)).toBe(true);
  });

  it('does not take a sibling instance or another lab for ours', () => {
    expect(isBrokerJvmOf(jvm.replaceAll(dir, `${dir}2`), dir)).toBe(false);
    expect(isBrokerJvmOf(jvm.replaceAll('/tmp/lab/', '/tmp/other/'), dir)).toBe(false);
    expect(isBrokerJvmOf('python3 -m http.server 61616', dir)).toBe(false);
  });
});

describe('isProcessOfInstance: the one "is this our broker?"', () => {
  const spaced = '/Users/Zoë Smith/amq lab/apache-artemis-2.44.0/instances/backup1';
  const spacedJvm = `java -Dartemis.instance=${spaced} -Ddata.dir=${spaced}/data org.apache.activemq.artemis.boot.Artemis run`;

  it('takes the JVM and the launcher script of the instance, and nothing else', () => {
    expect(isProcessOfInstance(jvm, dir)).toBe(true);
    expect(isProcessOfInstance(`/bin/sh ${dir}/bin/artemis run`, dir)).toBe(true);
    expect(isProcessOfInstance(`/bin/sh ${dir}2/bin/artemis run`, dir)).toBe(false);
    expect(isProcessOfInstance(`/bin/sh ${dir}/bin/artemis-service start`, dir)).toBe(false);
    expect(isProcessOfInstance(`tail -f ${dir}/log/artemis.log`, dir)).toBe(false);
    expect(isProcessOfInstance(`vim ${dir}/etc/broker.xml`, dir)).toBe(false);
  });

  it("does not take the broker's own clients run from the instance's bin/ for the broker", () => {
    expect(isProcessOfInstance(jvm.replace(/ run$/, ' producer --message-count 10'), dir)).toBe(false);
    expect(isProcessOfInstance(jvm.replace(/ run$/, ' consumer --url tcp://127.0.0.1:61616'), dir)).toBe(false);
    expect(isProcessOfInstance(`/bin/sh ${dir}/bin/artemis producer --message-count 10`, dir)).toBe(false);
    expect(isProcessOfInstance(`/bin/sh ${dir}/bin/artemis queue create --name q`, dir)).toBe(false);
    expect(isProcessOfInstance(`/bin/sh ${dir}/bin/artemis`, dir)).toBe(true);
  });

  it('tells backup1 from backup10 and replicatedMaster from replicatedMaster2, paths with spaces included', () => {
    expect(isProcessOfInstance(spacedJvm, spaced)).toBe(true);
    expect(isProcessOfInstance(spacedJvm.replaceAll('backup1', 'backup10'), spaced)).toBe(false);
    expect(isProcessOfInstance(spacedJvm, spaced.replace('backup1', 'backup'))).toBe(false);
    expect(isProcessOfInstance(jvm.replaceAll('replicatedMaster', 'replicatedMaster2'), dir)).toBe(false);
    expect(isProcessOfInstance(`java "-Dartemis.instance=${spaced}" Artemis run`, spaced)).toBe(true);
  });
});

describe('process lists on macOS and Windows', () => {
  it('reads ps and the CIM query into pids and whole command lines, spaces kept', () => {
    expect(parsePs(`  812 /usr/bin/java -Dartemis.instance=/Users/Zoë/amq lab/x run\n 9 launchd\n`)).toEqual([
      { pid: 812, commandLine: '/usr/bin/java -Dartemis.instance=/Users/Zoë/amq lab/x run' },
      { pid: 9, commandLine: 'launchd' },
    ]);
    const cim = '4\t\r\n4242\t"C:\\Program Files\\Java\\bin\\java.exe" "-Dartemis.instance=C:\\Users\\José\\lab\\b"\r\nnoise';
    expect(parseTabbed(cim)).toEqual([
      { pid: 4, commandLine: '' },
      { pid: 4242, commandLine: '"C:\\Program Files\\Java\\bin\\java.exe" "-Dartemis.instance=C:\\Users\\José\\lab\\b"' },
    ]);
  });
});

describe('judgeRunFile', () => {
  it('no run file: stopped', () => {
    expect(judgeRunFile(null, false, null, ours)).toEqual({ kind: 'stopped' });
  });

  it('alive and our JVM: running (adopt it, do not start another)', () => {
    expect(judgeRunFile(run(), true, jvm, ours)).toEqual({ kind: 'running', pid: 1234 });
  });

  it('alive but some other program now (pid reused): stale, not ours', () => {
    expect(judgeRunFile(run(), true, '/usr/bin/vim notes.txt', ours)).toEqual({ kind: 'stale', pid: 1234 });
  });

  it('gone after the lab stopped it: stopped; gone after a kill or on its own: exited', () => {
    expect(judgeRunFile(run({ stopRequestedAt: '2026-11-24T20:01:00.000Z' }), false, null, ours)).toEqual({ kind: 'stopped' });
    expect(judgeRunFile(run({ crashRequestedAt: '2026-11-24T20:01:00.000Z' }), false, null, ours)).toMatchObject({ kind: 'exited', crashRequested: true });
    expect(judgeRunFile(run(), false, null, ours)).toMatchObject({ kind: 'exited', crashRequested: false, stopRequested: false });
  });
});

describe('run files on disk', () => {
  let labDir: string | null = null;
  afterEach(() => {
    if (labDir) fs.rmSync(labDir, { recursive: true, force: true });
  });

  it('round-trips and updates in place; a damaged file reads as none', () => {
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-runfile-'));
    writeRunFile(labDir, run());
    expect(readRunFile(labDir, 'master')).toEqual(run());
    updateRunFile(labDir, 'master', { stopRequestedAt: '2026-11-24T20:02:00.000Z' });
    expect(readRunFile(labDir, 'master')?.stopRequestedAt).toBe('2026-11-24T20:02:00.000Z');
    expect(readRunFile(labDir, 'backup')).toBeNull();
    fs.writeFileSync(path.join(labDir, 'run', 'backup.json'), '{"pid":');
    expect(readRunFile(labDir, 'backup')).toBeNull();
  });
});

describe('isAlive', () => {
  it('is true for this process and false for a pid that cannot exist', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 17)).toBe(false);
    expect(isAlive(-1)).toBe(false);
  });
});
