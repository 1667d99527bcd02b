// Starts `amq-ha-lab serve --no-open --port 0` on a fresh lab dir, as an attendee would, and
// reads the URL it prints. Stops it (and the lab's brokers, through the CLI) afterwards.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testPortOffset } from '../integration/test-env.js';

export interface Served {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The console proxies by place in the lab's topology; master/backup name the seed lab's two. */
  consoles: { master: string; backup: string; all: string[] };
  labDir: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export const PORT_OFFSET = testPortOffset();
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/amq-ha-lab.mjs');

/** Serve on a fresh lab dir, or on `labDir` (a restart on a lab an earlier serve left). */
export async function startServe(prefix: string, existingLabDir?: string): Promise<Served> {
  const labDir = existingLabDir ?? mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const child = spawn(process.execPath, [cli, '--lab-dir', labDir, '--installs', path.join(repo, 'installs'), 'serve', '--no-open', '--port', '0', '--port-offset', String(PORT_OFFSET)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 60_000;
  let m: RegExpMatchArray | null = null;
  let c: RegExpMatchArray | null = null;
  while (!(m && c)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not print its URL:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
    m = out.match(/(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([\w-]+)/);
    // serve prints one proxy per broker place: "Consoles (one per broker of the lab, in its order): http://…, http://…".
    c = out.match(/Consoles[^:\n]*: (http:\/\/127\.0\.0\.1:\d+(?:, http:\/\/127\.0\.0\.1:\d+)*)\n/);
  }
  const all = c[1]!.split(', ');
  return {
    url: m[0],
    origin: m[1]!,
    port: Number(m[2]),
    token: m[3]!,
    consoles: { master: all[0]!, backup: all[1]!, all },
    labDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      // The brokers outlive serve by design; the test must not leave them behind.
      try {
        execFileSync(process.execPath, [cli, '--lab-dir', labDir, 'down'], { cwd: repo, stdio: 'ignore', timeout: 120_000 });
      } catch {
        // A lab that was never set up has nothing to stop.
      }
    },
  };
}
