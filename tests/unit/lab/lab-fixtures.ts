// What unit tests need to stand in for the brokers: a lab.json as setup writes it, a sleeping
// process the supervisor takes for a broker JVM, and log lines in Artemis' own format.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeRunFile } from '../../../electron/lab/processes/pid-files.js';
import type { LabConfig, BrokerConfig, BrokerName } from '../../../shared/lab-state.js';

export type BrokerFactory = (instance: string, offset: number) => BrokerConfig;

export function fakeLabConfig(labDir: string, broker: BrokerFactory, createdAt = new Date().toISOString()): LabConfig {
  return {
    schema: 1,
    lab: 'replicated-pair',
    broker: { version: '2.44.0', home: path.join(labDir, 'home'), zip: 'x.zip', dialect: 'primary-backup' },
    javaHome: null,
    user: 'admin',
    password: 'admin',
    clusterUser: 'c',
    clusterPassword: 'c',
    heapMb: 512,
    journal: 'nio',
    brokers: { master: broker('replicatedMaster', 0), backup: broker('replicatedSlave', 100) },
    createdAt,
  };
}

/** Instances with a log dir whose Jolokia is unreachable (port 9, discard, is closed on loopback): the logs decide. */
export function logOnlyBrokers(labDir: string): BrokerFactory {
  return (instance, offset) => {
    const dir = path.join(labDir, 'home', 'instances', instance);
    fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
    return { instance, dir, portOffset: offset, acceptorPort: 61616 + offset, consolePort: 9 };
  };
}

/** Artemis' log timestamp (local time, comma before the milliseconds). */
export function logStamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/**
 * A stand-in JVM: a sleeping broker process whose command line names the instance like `artemis run`
 * does, with the lab's run file pointing at it. The caller kills it (it is pushed on `children`).
 */
export function startFakeBroker(labDir: string, config: LabConfig, broker: BrokerName, children: ChildProcess[]): number {
  const dir = config.brokers[broker]!.dir;
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', `-Dartemis.instance=${dir}`], { stdio: 'ignore' });
  children.push(child);
  writeRunFile(labDir, {
    broker,
    pid: child.pid!,
    instanceDir: dir,
    startedAt: new Date(Date.now() - 1000).toISOString(),
    stopRequestedAt: null,
    crashRequestedAt: null,
    exitedAt: null,
  });
  return child.pid!;
}

/**
 * A stand-in instance whose bin/artemis acts like the real launcher: `run` execs a long-lived
 * process naming -Dartemis.instance, `stop` ends that process.
 */
export function standInInstance(dir: string): void {
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
  const script = [
    '#!/bin/sh',
    `if [ "$1" = "run" ]; then echo $$ > "${dir}/jvm.pid"; exec "${process.execPath}" -e 'setInterval(() => {}, 1000)' -- "-Dartemis.instance=${dir}"; fi`,
    `if [ "$1" = "stop" ]; then kill "$(cat "${dir}/jvm.pid")"; fi`,
    'exit 0',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'bin', 'artemis'), `${script}\n`, { mode: 0o755 });
}

/** Node configs for stand-in instances, each taking the next two of `ports` (from freePorts: two per broker). */
export function standInBrokers(labDir: string, ports: readonly number[]): BrokerFactory {
  let next = 0;
  const port = () => {
    const p = ports[next++];
    if (p === undefined) throw new Error(`standInBrokers: ${ports.length} ports are not enough (two per broker)`);
    return p;
  };
  return (instance, offset) => ({
    instance,
    dir: path.join(labDir, 'home', 'instances', instance),
    portOffset: offset,
    acceptorPort: port(),
    consolePort: port(),
  });
}
