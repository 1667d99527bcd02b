// Is a loopback port free, and who holds it. Naming the holder is best-effort: each OS tells
// in its own way, and some only to root.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import net from 'node:net';
import { portToPid } from 'pid-port';
import { commandLineOf } from '../processes/process-utils.js';

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface PortHolder {
  pid: number | null;
  /** Process name or command line, as far as the OS tells. */
  command: string | null;
}

/** `ss -ltnpH` line: `LISTEN 0 50 127.0.0.1:61616 0.0.0.0:* users:(("java",pid=1234,fd=99))`. */
export function parseSs(output: string, port: number): PortHolder | null {
  for (const line of output.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    const local = cols.find((c, i) => i > 0 && /:\d+$/.test(c));
    if (!local || !local.endsWith(`:${port}`)) continue;
    const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    return m ? { pid: Number(m[2]), command: m[1]! } : { pid: null, command: null };
  }
  return null;
}

/** Linux /proc/net/tcp: the inode of the listening socket on `port` (state 0A = LISTEN). */
export function listeningInode(procNetTcp: string, port: number): string | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') return cols[9] ?? null;
  }
  return null;
}

async function procHolder(port: number): Promise<PortHolder | null> {
  let inode: string | null = null;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    inode ??= listeningInode(await fs.readFile(file, 'utf8').catch(() => ''), port);
  }
  if (!inode) return null;
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (link === `socket:[${inode}]`) return { pid: Number(pid), command: null };
    }
  }
  return { pid: null, command: null };
}

/**
 * Who listens on `port`, or null when nobody (or the OS will not say). Linux (which this project's
 * machines run, so it is tested on the real thing) reads `ss` and /proc; macOS and Windows ask
 * pid-port (lsof / netstat), so no hand-written parser is left that no machine here can run.
 */
export async function portHolder(port: number, platform: NodeJS.Platform = process.platform): Promise<PortHolder | null> {
  let holder: PortHolder | null = null;
  if (platform === 'linux') {
    const ss = await execa('ss', ['-ltnpH'], { reject: false, timeout: 10_000 });
    holder = ss.exitCode === 0 ? parseSs(ss.stdout, port) : null;
    if (!holder?.pid) holder = (await procHolder(port)) ?? holder;
  } else {
    // Loopback first (what the brokers bind), then a holder on every interface.
    const pid = await portToPid(port)
      .catch(() => portToPid({ port, host: '*' }))
      .catch(() => undefined);
    holder = pid ? { pid, command: null } : null;
  }
  if (holder?.pid) {
    const cmd = await commandLineOf(holder.pid);
    if (cmd) holder.command = cmd;
  }
  return holder;
}

export function describeHolder(holder: PortHolder | null): string {
  if (!holder || (!holder.pid && !holder.command)) return 'another program (the OS does not say which)';
  const pid = holder.pid ? ` (pid ${holder.pid})` : '';
  const cmd = holder.command ?? '';
  // An Artemis broker is best named by its instance dir (often another lab, or a forgotten one).
  const instance = /-Dartemis\.instance=(\S+)/.exec(cmd);
  if (instance) return `the Artemis broker at ${instance[1]}${pid}`;
  if (!cmd) return `a process${pid}`;
  return `${cmd.length > 80 ? `${cmd.slice(0, 77)}...` : cmd}${pid}`;
}
