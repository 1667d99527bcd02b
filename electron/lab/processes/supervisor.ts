// Owns the brokers' lives: start each instance with its own `artemis run` (detached, so it
// outlives the CLI or app), adopt one that already runs instead of starting a duplicate, stop it
// the way `artemis stop` does (its STOP_ME file; bounded, then killed), or kill it hard for the crash demo.
// State lives in the run files (pid-files.ts), so every process sees the same truth.
import fs from 'node:fs';
import path from 'node:path';
import type { LabConfig, BrokerConfig, BrokerName } from '../../../shared/lab-state.js';
import { assertRunnable, classifyBrokerOutput, firstException, runBrokerCommand, spawnBroker, type BrokerCommandTarget } from './broker-command.js';
import { refuseUnfitJava } from '../host/java-fit.js';
import { LabError, tailLines } from '../lab-error.js';
import {
  consoleOutputPath,
  judgeRunFile,
  readRunFile,
  updateRunFile,
  writeRunFile,
  type RunFile,
  type RunVerdict,
} from './pid-files.js';
import { describeHolder, isPortFree, portHolder } from '../host/ports.js';
import { commandLineOf, findBrokerJvms, findInstanceProcesses, isAlive, isBrokerJvmOf, isProcessOfInstance, killHard, processStartTime, waitForExit } from './process-utils.js';
import type { StartOutcome, StopOutcome } from '../../../shared/contract.js';

export type { StartOutcome, StopOutcome };

export interface SupervisorContext {
  labDir: string;
  config: LabConfig;
}

export const GRACEFUL_STOP_BOUND_MS = 30_000;
const KILL_BOUND_MS = 10_000;
const UNASKED_GRACE_MS = 2_000;
const STRAGGLER_BOUND_MS = 5_000;

export function brokerConfig(config: LabConfig, broker: BrokerName): BrokerConfig {
  const found = Object.hasOwn(config.brokers, broker) ? config.brokers[broker] : undefined;
  if (!found) throw new LabError('BAD_REQUEST', `This lab has no broker "${broker}".`, `Use one of: ${Object.keys(config.brokers).join(', ')}.`);
  return found;
}

function target(config: LabConfig, broker: BrokerName): BrokerCommandTarget {
  return { dir: brokerConfig(config, broker).dir, javaHome: config.javaHome };
}

export function logFileOf(config: LabConfig, broker: BrokerName): string {
  return `${brokerConfig(config, broker).dir}/log/artemis.log`;
}

const knownCommandLines = new Map<string, string>();

/** What the run file and the OS say about a broker right now (cheap: no process scan). */
export async function judgeBroker(labDir: string, config: LabConfig, broker: BrokerName): Promise<{ verdict: RunVerdict; run: RunFile | null }> {
  const run = readRunFile(labDir, broker);
  const dir = brokerConfig(config, broker).dir;
  const alive = run ? isAlive(run.pid) : false;
  let commandLine: string | null = null;
  if (run && alive) {
    // A live pid cannot change program, so its command line is read once (on macOS and Windows
    // that costs a `ps` / PowerShell run, too much for every 100 ms tick).
    const key = `${run.pid}:${run.startedAt}`;
    commandLine = knownCommandLines.get(key) ?? (await commandLineOf(run.pid));
    if (commandLine !== null) knownCommandLines.set(key, commandLine);
    if (knownCommandLines.size > 64) knownCommandLines.delete(knownCommandLines.keys().next().value!);
  }
  return { verdict: judgeRunFile(run, alive, commandLine, (cmd) => isProcessOfInstance(cmd, dir)), run };
}

/**
 * Finds a running broker of this broker: by its run file, or, when that is missing or stale, by
 * scanning processes for the instance's JVM (a broker started by hand or by a lab process whose
 * run file was lost). An adopted broker gets a fresh run file.
 */
export async function findRunning(ctx: SupervisorContext, broker: BrokerName): Promise<{ pid: number; adopted: boolean } | null> {
  const { verdict } = await judgeBroker(ctx.labDir, ctx.config, broker);
  if (verdict.kind === 'running') return { pid: verdict.pid, adopted: false };
  const jvms = await findBrokerJvms(brokerConfig(ctx.config, broker).dir);
  const pid = jvms[0];
  if (pid === undefined) return null;
  const started = processStartTime(pid);
  writeRunFile(ctx.labDir, {
    broker,
    pid,
    instanceDir: brokerConfig(ctx.config, broker).dir,
    startedAt: new Date(started ?? 0).toISOString(),
    stopRequestedAt: null,
    crashRequestedAt: null,
    exitedAt: null,
  });
  return { pid, adopted: true };
}

/** Refuses ports held by something else, naming it. */
export async function checkPorts(config: LabConfig, broker: BrokerName): Promise<void> {
  const { acceptorPort, consolePort, clusterPort } = brokerConfig(config, broker);
  const ports: [number, string][] = [
    [acceptorPort, 'acceptor'],
    [consolePort, 'web console'],
  ];
  if (clusterPort !== undefined) ports.push([clusterPort, 'cluster']);
  for (const [port, what] of ports) {
    if (await isPortFree(port)) continue;
    const holder = await portHolder(port);
    throw new LabError(
      'PORT_IN_USE',
      `The ${broker}'s ${what} port ${port} is held by ${describeHolder(holder)}.`,
      holder?.pid
        ? `Stop that program (pid ${holder.pid}), or recreate the lab with another port offset (setup --force --port-offset N).`
        : 'Stop the program holding it, or recreate the lab with another port offset (setup --force --port-offset N).',
    );
  }
}


/**
 * Starts the broker's broker, or adopts it when it already runs (`ifRunning: 'adopt'`); with
 * `ifRunning: 'fail'` a running broker is an ALREADY_RUNNING error. Returns once the JVM is
 * spawned; the monitor tells when it is live.
 */
export async function startBroker(
  ctx: SupervisorContext,
  broker: BrokerName,
  options: { ifRunning: 'adopt' | 'fail' },
): Promise<StartOutcome> {
  const running = await findRunning(ctx, broker);
  if (running) {
    if (options.ifRunning === 'adopt') {
      const run = readRunFile(ctx.labDir, broker);
      return { pid: running.pid, adopted: true, startedAt: run?.startedAt ?? new Date().toISOString() };
    }
    throw new LabError(
      'ALREADY_RUNNING',
      `The ${broker} is already running (pid ${running.pid}).`,
      `Stop it first (amq-ha-lab stop ${broker}) if you want to restart it.`,
    );
  }
  // Before anything is written into the lab dir: a lab reset from elsewhere must not reappear as a ghost.
  assertRunnable(target(ctx.config, broker));
  await refuseUnfitJava(ctx.config.javaHome, ctx.config.broker.version);
  await checkPorts(ctx.config, broker);
  const outFile = consoleOutputPath(ctx.labDir, broker);
  fs.mkdirSync(`${ctx.labDir}/run`, { recursive: true });
  fs.writeFileSync(outFile, '');
  const startedAt = new Date().toISOString();
  const spawned = spawnBroker(target(ctx.config, broker), ['run'], outFile);
  writeRunFile(ctx.labDir, {
    broker,
    pid: spawned.pid,
    instanceDir: brokerConfig(ctx.config, broker).dir,
    startedAt,
    stopRequestedAt: null,
    crashRequestedAt: null,
    exitedAt: null,
  });
  const pid = await resolveJvm(ctx, broker, spawned.pid);
  if (pid !== spawned.pid) updateRunFile(ctx.labDir, broker, { pid });
  return { pid, adopted: false, startedAt };
}

/**
 * The pid to track is the JVM's. On Unix `bin/artemis` ends with `exec "$JAVACMD"`, so the
 * spawned pid becomes the JVM; on Windows `artemis.cmd` runs java as a child, found by its
 * command line.
 */
async function resolveJvm(ctx: SupervisorContext, broker: BrokerName, spawnedPid: number): Promise<number> {
  const dir = brokerConfig(ctx.config, broker).dir;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (process.platform !== 'win32') {
      const cmd = await commandLineOf(spawnedPid);
      if (cmd && isBrokerJvmOf(cmd, dir)) return spawnedPid;
      if (!isAlive(spawnedPid)) throw brokerDied(ctx, broker);
    } else {
      const jvm = (await findBrokerJvms(dir))[0];
      if (jvm !== undefined) return jvm;
      if (!isAlive(spawnedPid)) throw brokerDied(ctx, broker);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return spawnedPid;
}

/**
 * BROKER_DIED with the cause and fix where known, else the JVM's first exception line. The
 * console output holds this run only, including what the JVM printed before logging started
 * (a broker that dies in its launcher leaves artemis.log empty); the log file may hold earlier
 * runs too, so it is read after it.
 */
export function brokerDied(ctx: SupervisorContext, broker: BrokerName): LabError {
  const out = readTail(consoleOutputPath(ctx.labDir, broker));
  const log = readTail(logFileOf(ctx.config, broker));
  const known = classifyBrokerOutput(out) ?? classifyBrokerOutput(log);
  const text = out.trim() ? out : log;
  const said = known ? null : (firstException(out) ?? firstException(log));
  return new LabError(
    'BROKER_DIED',
    `The ${broker} broker exited while starting${known ? `: ${known.message}` : said ? `: ${said}` : '.'}`,
    known?.hint ?? `See its output (${consoleOutputPath(ctx.labDir, broker)}) and log (${logFileOf(ctx.config, broker)}); \`amq-ha-lab doctor\` checks the usual causes.`,
    tailLines(text, 20),
  ).fixedBy(known ? known.fix : 'check-prerequisites');
}

/** The last `bytes` of a file (a broker's or a lab process's output), '' when there is none. */
export function readTail(file: string, bytes = 64 * 1024): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}


/** Graceful stop (`artemis stop`, bounded, then kill) or, with `crash`, an immediate hard kill. */
export async function stopBroker(
  ctx: SupervisorContext,
  broker: BrokerName,
  options: { crash?: boolean; boundMs?: number } = {},
): Promise<StopOutcome> {
  const running = await findRunning(ctx, broker);
  if (!running) {
    throw new LabError('NOT_RUNNING', `The ${broker} is not running.`, `Start it with \`amq-ha-lab start ${broker}\`.`).fixedBy('start-broker');
  }
  const { pid } = running;
  const requestedAt = new Date().toISOString();
  let killed = false;
  if (options.crash) {
    updateRunFile(ctx.labDir, broker, { crashRequestedAt: requestedAt });
    await killHard(pid);
    killed = true;
    if (!(await waitForExit(pid, KILL_BOUND_MS))) {
      throw new LabError('TIMEOUT', `The ${broker} (pid ${pid}) did not exit after a hard kill.`, 'Check the process with your OS tools.');
    }
  } else {
    updateRunFile(ctx.labDir, broker, { stopRequestedAt: requestedAt });
    let asked = true;
    try {
      await askToStop(ctx, broker, options.boundMs ?? GRACEFUL_STOP_BOUND_MS);
    } catch {
      // Nobody asked the broker to stop (or the bound passed already): a short grace, then the kill.
      asked = false;
    }
    if (!(await waitForExit(pid, asked ? (options.boundMs ?? GRACEFUL_STOP_BOUND_MS) : UNASKED_GRACE_MS))) {
      await killHard(pid);
      killed = true;
      await waitForExit(pid, KILL_BOUND_MS);
    }
  }
  const exitedAt = new Date().toISOString();
  updateRunFile(ctx.labDir, broker, { exitedAt });
  return { pid, killed, requestedAt, exitedAt };
}

/**
 * What `artemis stop` does, without starting a JVM for it: that command only creates STOP_ME
 * beside broker.xml (etc/), which the running broker looks for twice a second, and the broker
 * deletes a stale one when it starts (every version since 1.x). On a loaded 2-core machine the
 * CLI's own JVM took 21 s (load 23) and over 30 s (load 28) just to write that file: past the
 * stop bound, so the lab killed the broker and a graceful stop became a crash (2.31.2 shared
 * store: the backup took over where it must not). The CLI stays the fallback.
 */
async function askToStop(ctx: SupervisorContext, broker: BrokerName, boundMs: number): Promise<void> {
  const etc = path.join(brokerConfig(ctx.config, broker).dir, 'etc');
  try {
    await fs.promises.writeFile(path.join(etc, 'STOP_ME'), '');
  } catch {
    await runBrokerCommand(target(ctx.config, broker), ['stop'], { timeoutMs: boundMs });
  }
}

/**
 * Returns once no process of the broker's instance is left: the tracked JVM is not the only one
 * that can run it (a second JVM started by another face waits on the journal lock; a launcher
 * outlives its JVM for a moment). Stragglers get a bounded grace, then are killed. Returns the
 * pids it had to kill.
 */
export async function ensureNoProcessLeft(ctx: SupervisorContext, broker: BrokerName): Promise<number[]> {
  const dir = brokerConfig(ctx.config, broker).dir;
  const left = await findInstanceProcesses(dir);
  if (left.length === 0) return [];
  await Promise.all(left.map((pid) => waitForExit(pid, STRAGGLER_BOUND_MS)));
  const stubborn = await findInstanceProcesses(dir);
  for (const pid of stubborn) await killHard(pid);
  const gone = await Promise.all(stubborn.map((pid) => waitForExit(pid, KILL_BOUND_MS)));
  const alive = stubborn.filter((_, i) => !gone[i]);
  if (alive.length > 0) {
    throw new LabError('TIMEOUT', `The ${broker}'s process ${alive.join(', ')} is still alive after a hard kill.`, 'Check it with your OS tools (ps / Task Manager).');
  }
  return stubborn;
}
