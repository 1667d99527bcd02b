// The one place that runs the broker's own CLI (`artemis create`, `run`, `stop`, `queue`, ...).
// Every caller goes through runBrokerCommand or spawnBroker, so known failures are recognised once
// and reach the attendee as a LabError with a one-line fix.
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LabError, tailLines } from '../lab-error.js';

export interface BrokerCommandTarget {
  /** ARTEMIS_HOME (for `create`) or an instance dir (for everything else). */
  dir: string;
  /** JAVA_HOME to run with; null/undefined keeps the environment's. */
  javaHome?: string | null;
}

export interface BrokerCommandOptions {
  timeoutMs?: number;
  /** Extra environment, e.g. JAVA_ARGS. */
  env?: Record<string, string>;
  /** Exit codes that count as success (default: 0 only). */
  okExitCodes?: number[];
}

export interface BrokerCommandResult {
  exitCode: number;
  output: string;
  command: string;
}

export function artemisExecutable(dir: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(dir, 'bin', platform === 'win32' ? 'artemis.cmd' : 'artemis');
}

function brokerEnv(target: BrokerCommandTarget, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (target.javaHome) {
    env.JAVA_HOME = target.javaHome;
    env.PATH = `${path.join(target.javaHome, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
  }
  return env;
}

/** Human form of a broker command, for logs, errors and the "equivalent command" panels. */
export function describeCommand(target: BrokerCommandTarget, args: readonly string[]): string {
  const quote = (a: string) => (/[\s"'$`\\()&|;<>*?]/.test(a) ? `"${a.replace(/(["\\$`])/g, '\\$1')}"` : a);
  return [artemisExecutable(target.dir), ...args].map(quote).join(' ');
}

interface KnownFailure {
  test: RegExp;
  error: (match: RegExpMatchArray, output: string) => LabError;
}

const KNOWN_FAILURES: KnownFailure[] = [
  {
    // Artemis 2.x: `AMQ229230: Failed to bind acceptor artemis to 127.0.0.1:61616`; Jetty: `Failed to bind to /127.0.0.1:8161`.
    test: /Failed to bind (?:acceptor \S+ )?to \/?[\w.\[\]:-]*?:(\d{2,5})\b|BindException|Address already in use/i,
    error: (m) =>
      new LabError(
        'PORT_IN_USE',
        `A port the broker needs is already in use${m[1] ? ` (${m[1]})` : ''}.`,
        'Stop the program holding it (`amq-ha-lab doctor` names it), then try again.',
      ).fixedBy('check-prerequisites'),
  },
  {
    test: /(?:UnsupportedClassVersionError|compiled by a more recent version of the Java Runtime)(?:[^\n]*?class file version (\d+))?/,
    error: (m) => {
      const needed = m[1] ? Number(m[1]) - 44 : null;
      return new LabError(
        'JAVA_TOO_OLD',
        `This broker needs a newer Java${needed ? ` (Java ${needed} or later)` : ''} than the one it ran with.`,
        `Install Java ${Math.max(needed ?? 17, 17)} and point JAVA_HOME at it (\`amq-ha-lab doctor\` gives the line for this OS).`,
      ).fixedBy('check-prerequisites');
    },
  },
  {
    // Java 16+ denies reflection into java.base; brokers before 2.18 (JAXB 2.2) die on it at start:
    // `Unable to make ... accessible: module java.base does not "opens java.lang" to unnamed module`.
    test: /InaccessibleObjectException[^\n]*?module (\S+) does not "(opens|exports) ([\w.]+)" to unnamed module/,
    error: (m) => {
      const flag = `--add-${m[2]}=${m[1]}/${m[3]}=ALL-UNNAMED`;
      return new LabError(
        'JAVA_TOO_NEW',
        `Java refused the broker access to ${m[3]} (InaccessibleObjectException): this broker predates Java 16's strong encapsulation.`,
        `Run \`amq-ha-lab setup --force\` with this Java (it adds ${flag} to JAVA_ARGS in etc/artemis.profile), or add it yourself, or use Java 11 (see \`amq-ha-lab doctor\`).`,
      );
    },
  },
  {
    test: /JAVA_HOME is not defined correctly|java: (?:command )?not found|Could not find java|No java found|'java' is not recognized/i,
    error: () =>
      new LabError('JAVA_MISSING', 'Java was not found.', 'Install a JDK (see `amq-ha-lab doctor`) and set JAVA_HOME.').fixedBy('check-prerequisites'),
  },
  {
    test: /libaio\.so[.\d]*: cannot open shared object file|UnsatisfiedLinkError[^\n]*artemis-native/,
    error: () =>
      new LabError(
        'LIBAIO_MISSING',
        'The AIO journal needs libaio, which is not installed.',
        'Install libaio (dnf install libaio / apt install libaio1t64), or recreate the lab with the NIO journal.',
      ),
  },
  {
    test: /Could not find or load main class org\.apache\.activemq\.artemis\.boot\.Artemis|artemis-boot\.jar|ClassNotFoundException: org\.apache\.activemq/,
    error: () =>
      new LabError(
        'BROKEN_DISTRIBUTION',
        'The unpacked broker is incomplete or damaged.',
        'Download the broker zip again, put it in installs/, and run `amq-ha-lab setup --force`.',
      ),
  },
  {
    test: /SAXParseException[^\n]*?lineNumber: (\d+);(?: columnNumber: \d+;)? ([^\n]*?)\.?$/m,
    error: (m) =>
      new LabError(
        'COMMAND_FAILED',
        `The broker's etc/broker.xml is not valid XML (line ${m[1]}: ${m[2]?.trim()}).`,
        'Fix that line of etc/broker.xml, or run `amq-ha-lab setup --force` to recreate the lab (the old one is moved aside).',
      ),
  },
  {
    // Java 8 prints `Unrecognized option: --add-opens=...` for options setup added for a newer Java.
    test: /Unrecognized VM option '([^']+)'|Invalid maximum heap size: (\S+)|Unrecognized option: (\S+)/,
    error: (m) =>
      new LabError(
        'COMMAND_FAILED',
        `Java refused an option the broker is started with (${m[1] ?? m[2] ?? m[3]}).`,
        m[3]?.startsWith('--add-')
          ? 'That option is for Java 9+ and setup added it for the Java it found then: run `amq-ha-lab setup --force` with this Java, or use Java 17.'
          : 'Fix JAVA_ARGS in the instance\'s etc/artemis.profile (artemis.profile.cmd on Windows).',
      ),
  },
  {
    test: /AMQ222210|max-disk-usage/,
    error: () =>
      new LabError('DISK_FULL', 'The disk is nearly full; the broker blocks producers.', 'Free some disk space, then try again.'),
  },
  {
    test: /directory [^\n]* is not empty|is not empty\. Use --force/i,
    error: () =>
      new LabError(
        'INSTANCE_EXISTS',
        'A broker instance already exists there.',
        'Run `amq-ha-lab setup --force` to move the old lab aside and start fresh.',
      ).fixedBy('reset-lab'),
  },
];

/**
 * The JVM's own words when nothing above matched: the first exception line of the output, and
 * its root cause (the last `Caused by:`) when that differs. Null when there is no exception.
 */
export function firstException(output: string): string | null {
  const exceptionLine = /^(?:Exception in thread "[^"]*" )?((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b(?::[^\n]*)?)$/;
  const lines = output.split(/\r?\n/).map((l) => l.trim());
  const first = lines.map((l) => exceptionLine.exec(l)?.[1]).find((l) => l !== undefined);
  if (!first) return null;
  const causes = lines.filter((l) => l.startsWith('Caused by: ')).map((l) => l.slice('Caused by: '.length));
  const root = causes.at(-1);
  const cut = (l: string) => (l.length > 240 ? `${l.slice(0, 239)}…` : l);
  return root && root !== first ? `${cut(first)} (caused by ${cut(root)})` : cut(first);
}

/** Maps broker CLI / broker log output to a known LabError, or null when nothing is recognised. */
export function classifyBrokerOutput(output: string): LabError | null {
  for (const failure of KNOWN_FAILURES) {
    const match = output.match(failure.test);
    if (match) {
      const error = failure.error(match, output);
      return new LabError(error.code, error.message, error.hint, tailLines(output)).fixedBy(error.fix);
    }
  }
  return null;
}

/** Runs a broker CLI command to completion. Throws LabError on any failure. */
export async function runBrokerCommand(
  target: BrokerCommandTarget,
  args: readonly string[],
  options: BrokerCommandOptions = {},
): Promise<BrokerCommandResult> {
  const command = describeCommand(target, args);
  const result = await execa(artemisExecutable(target.dir), args, {
    cwd: target.dir,
    env: brokerEnv(target, options.env),
    all: true,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 120_000,
    windowsHide: true,
  });
  const output = result.all ?? '';
  const ok = (options.okExitCodes ?? [0]).includes(result.exitCode ?? -1);
  if (ok && !result.timedOut) return { exitCode: result.exitCode ?? 0, output, command };

  if (result.timedOut) {
    throw new LabError('TIMEOUT', `\`${args.join(' ')}\` did not finish in time.`, 'Check the machine is not overloaded, then try again.', tailLines(output));
  }
  const known = classifyBrokerOutput(output);
  if (known) throw known;
  if (result.failed && result.exitCode === undefined) {
    // Could not start the script at all (missing, not executable).
    throw new LabError(
      'BROKEN_DISTRIBUTION',
      `Could not run ${artemisExecutable(target.dir)}: ${result.shortMessage}`,
      'Run `amq-ha-lab setup --force` to unpack the broker again.',
    ).fixedBy('reset-lab');
  }
  throw new LabError(
    'COMMAND_FAILED',
    `\`artemis ${args.join(' ')}\` failed (exit ${result.exitCode}).`,
    'See the output below; `amq-ha-lab doctor` checks the usual causes.',
    tailLines(output),
  ).fixedBy('check-prerequisites');
}

/**
 * The instance's launcher is there and may be run, or a LabError saying why not and what to do:
 * checked before spawning, since a spawn's own ENOENT/EACCES says neither.
 */
export function assertRunnable(target: BrokerCommandTarget, platform: NodeJS.Platform = process.platform): void {
  const executable = artemisExecutable(target.dir, platform);
  if (!fs.existsSync(target.dir)) {
    throw new LabError(
      'NOT_SET_UP',
      `The broker instance ${target.dir} is gone (the lab was reset or moved from elsewhere?).`,
      'Run `amq-ha-lab status` to see what the lab dir holds, then `amq-ha-lab setup` to create the lab again.',
    );
  }
  if (!fs.existsSync(executable)) {
    throw new LabError('BROKEN_DISTRIBUTION', `${executable} is missing.`, 'Run `amq-ha-lab setup --force` to create the lab again (the old one is moved aside).').fixedBy('reset-lab');
  }
  if (platform === 'win32') return;
  try {
    fs.accessSync(executable, fs.constants.X_OK);
  } catch {
    throw new LabError('BROKEN_DISTRIBUTION', `${executable} is not executable.`, `Run \`chmod +x "${executable}"\`, or \`amq-ha-lab setup --force\` to create the lab again.`);
  }
}

export interface SpawnedBroker {
  pid: number;
  command: string;
}

/**
 * Starts a long-running broker command (`artemis run`) detached from this process, so the broker
 * outlives the CLI or app that started it. Output goes to `outputFile` (the broker also writes
 * log/artemis.log itself).
 */
export function spawnBroker(
  target: BrokerCommandTarget,
  args: readonly string[],
  outputFile: string,
  options: Pick<BrokerCommandOptions, 'env'> = {},
): SpawnedBroker {
  assertRunnable(target);
  // A real file descriptor (broker's spawn, not execa's `{ file }`, which pipes through this
  // process): the broker keeps a valid stdout after the CLI that started it exits, and no pipe
  // keeps that CLI from exiting. Windows runs artemis.cmd through cmd.exe.
  const fd = fs.openSync(outputFile, 'a');
  let child: ChildProcess;
  try {
    const windows = process.platform === 'win32';
    const executable = artemisExecutable(target.dir);
    child = spawn(windows ? `"${executable}"` : executable, [...args], {
      cwd: target.dir,
      env: brokerEnv(target, options.env),
      detached: true,
      stdio: ['ignore', fd, fd],
      windowsHide: true,
      shell: windows,
    });
    // Before anything can throw: a spawn that fails (ENOENT, EACCES) reports through 'error' on
    // the next tick, and an unheard 'error' event would take the whole app down.
    child.on('error', () => undefined);
  } finally {
    fs.closeSync(fd);
  }
  if (child.pid === undefined) {
    throw new LabError('BROKEN_DISTRIBUTION', `Could not start ${artemisExecutable(target.dir)}.`, 'Run `amq-ha-lab setup --force`.').fixedBy('reset-lab');
  }
  // Nobody waits on a detached broker; its fate is read from its pid and its log.
  child.unref();
  return { pid: child.pid, command: describeCommand(target, args) };
}
