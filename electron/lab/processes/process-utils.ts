// Small, OS-aware questions about processes: is this pid alive, what is its command line, which
// JVMs run a given broker instance, how much memory does it hold, and how to kill it hard.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A killed child nobody reaped yet still answers kill(0) on Linux; it is dead for us. */
function isZombie(pid: number): boolean {
  return linuxState(pid) === 'Z';
}

/** The state letter /proc gives a process (R, S, T, Z…); null off Linux or when it is gone. */
function linuxState(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) || null;
  } catch {
    return null;
  }
}

/**
 * Whether the OS holds the process stopped (SIGSTOP, a debugger): Linux says so in /proc; elsewhere
 * this says false and a hung broker is found by its silence alone.
 */
export function isStopped(pid: number): boolean {
  const state = linuxState(pid);
  return state === 'T' || state === 't';
}

export interface ProcessInfo {
  pid: number;
  commandLine: string;
}

/** Every process with its command line (Linux: /proc; macOS: ps; Windows: CIM). */
export async function listProcesses(): Promise<ProcessInfo[]> {
  if (process.platform === 'linux') {
    const out: ProcessInfo[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const commandLine = readLinuxCmdline(Number(entry));
      if (commandLine) out.push({ pid: Number(entry), commandLine });
    }
    return out;
  }
  if (process.platform === 'win32') {
    const { stdout } = await execa(
      'powershell.exe',
      ['-NoProfile', '-Command', 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId)`t$($_.CommandLine)" }'],
      { reject: false, windowsHide: true, timeout: 15_000 },
    );
    return parseTabbed(stdout);
  }
  const { stdout } = await execa('ps', ['-axww', '-o', 'pid=,command='], { reject: false, timeout: 10_000 });
  return parsePs(stdout);
}

/** `ps -axww -o pid=,command=` (macOS and other Unixes). */
export function parsePs(stdout: string): ProcessInfo[] {
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ pid: Number(m[1]), commandLine: m[2] ?? '' }));
}

/** `<pid>\t<command line>` lines, as the Windows CIM query above prints them. */
export function parseTabbed(stdout: string): ProcessInfo[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.split('\t'))
    .filter((parts) => parts.length >= 2 && /^\d+$/.test(parts[0] ?? ''))
    .map(([pid, ...rest]) => ({ pid: Number(pid), commandLine: rest.join('\t') }));
}

function readLinuxCmdline(pid: number): string | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0+$/, '').split('\0').join(' ') : null;
  } catch {
    return null;
  }
}

export async function commandLineOf(pid: number): Promise<string | null> {
  if (!isAlive(pid)) return null;
  if (process.platform === 'linux') return readLinuxCmdline(pid);
  const all = await listProcesses();
  return all.find((p) => p.pid === pid)?.commandLine ?? null;
}

function pathForms(instanceDir: string): string[] {
  const dir = path.resolve(instanceDir);
  return [...new Set([dir, dir.replace(/\\/g, '/'), dir.replace(/\//g, '\\')])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Case matters on Linux only: macOS and Windows file systems fold it by default. */
const FLAGS = process.platform === 'linux' ? '' : 'i';

/**
 * Whether a command line is the JVM of this broker instance: `artemis run` passes
 * `-Dartemis.instance=<dir>`. The closing quote, space or end keeps a sibling
 * (`replicatedMaster2`, `backup10`) from matching, paths with spaces included.
 */
export function isBrokerJvmOf(commandLine: string, instanceDir: string): boolean {
  if (!pathForms(instanceDir).some((d) => new RegExp(`-Dartemis\\.instance="?${escapeRegExp(d)}[\\\\/]?"?(?:\\s|$)`, FLAGS).test(commandLine))) return false;
  // `artemis producer` / `consumer` / `queue` from the instance's bin/ carry the same flag: only `run` is the broker.
  const command = /org\.apache\.activemq\.artemis\.boot\.Artemis"?\s+"?([\w-]+)/.exec(commandLine)?.[1];
  return command === undefined || command === 'run';
}

/**
 * The one answer to "is this process ours?": the instance's JVM, or its launcher script
 * (`<dir>/bin/artemis`, `artemis.cmd` on Windows) before it execs java. Exact, never a substring
 * of the instance dir.
 */
export function isProcessOfInstance(commandLine: string, instanceDir: string): boolean {
  if (isBrokerJvmOf(commandLine, instanceDir)) return true;
  return pathForms(instanceDir).some((d) => {
    const launcher = new RegExp(`(?:^|[\\s"'])${escapeRegExp(d)}[\\\\/]bin[\\\\/]artemis(?:\\.cmd)?"?(?:\\s+"?([\\w-]+)|\\s*$)`, FLAGS).exec(commandLine);
    return !!launcher && (launcher[1] === undefined || launcher[1] === 'run');
  });
}

/** The JVMs running this instance (normally none or one). */
export async function findBrokerJvms(instanceDir: string): Promise<number[]> {
  const all = await listProcesses();
  return all.filter((p) => p.pid !== process.pid && isBrokerJvmOf(p.commandLine, instanceDir)).map((p) => p.pid);
}

/** Every process of this instance, JVMs and launcher scripts alike (the caller's own excluded). */
export async function findInstanceProcesses(instanceDir: string): Promise<number[]> {
  const all = await listProcesses();
  return all.filter((p) => p.pid !== process.pid && isProcessOfInstance(p.commandLine, instanceDir)).map((p) => p.pid);
}

/** SIGKILL, or TerminateProcess for the whole tree on Windows. */
export async function killHard(pid: number): Promise<void> {
  if (process.platform === 'win32') {
    await execa('taskkill', ['/F', '/T', '/PID', String(pid)], { reject: false, windowsHide: true });
    return;
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves true when the pid is gone, false when the bound passed first. */
export async function waitForExit(pid: number, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return true;
}

/** Parses a /proc/<pid>/status field in kB to bytes. */
export function statusFieldBytes(status: string, field: 'VmHWM' | 'VmRSS'): number | null {
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

export interface RssReading {
  /** Resident now. */
  current: number;
  /** Peak since the process started where the OS keeps it (Linux, Windows), else the same as current. */
  peak: number;
}

/** Resident memory of a process, or null when it cannot be read. */
export async function readRss(pid: number): Promise<RssReading | null> {
  if (process.platform === 'linux') {
    const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
    if (!status) return null;
    const current = statusFieldBytes(status, 'VmRSS');
    const peak = statusFieldBytes(status, 'VmHWM');
    return current === null ? null : { current, peak: peak ?? current };
  }
  if (process.platform === 'win32') {
    const { stdout } = await execa('powershell.exe', ['-NoProfile', '-Command', `$p = Get-Process -Id ${pid}; "$($p.WorkingSet64) $($p.PeakWorkingSet64)"`], {
      reject: false,
      windowsHide: true,
    });
    const [current, peak] = stdout.trim().split(/\s+/).map(Number);
    return current && current > 0 ? { current, peak: peak && peak > 0 ? peak : current } : null;
  }
  const { stdout } = await execa('ps', ['-o', 'rss=', '-p', String(pid)], { reject: false });
  const kb = Number(stdout.trim());
  return Number.isFinite(kb) && kb > 0 ? { current: kb * 1024, peak: kb * 1024 } : null;
}

/** When a process started (ms since epoch), where the OS tells cheaply (Linux); else null. */
export function processStartTime(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime\s+(\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1];
    // USER_HZ is 100 on every mainstream Linux build.
    return btime && Number.isFinite(ticks) ? Number(btime) * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}
