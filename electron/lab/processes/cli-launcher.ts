// Detached helpers of the lab (the traffic, the pinned consumers) are this same CLI started in a
// process of its own, so they outlive the face that started them, as the brokers do.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Is this the Linux single file (Node's single executable application)? Then the executable is the CLI. */
function inSingleFile(): boolean {
  try {
    // node:sea exists from Node 20.12; before that nothing is a single file.
    return (createRequire(import.meta.url)('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

/**
 * What runs the CLI: the built CLI (dist/cli/amq-ha-lab.mjs) beside the built code that asks (the
 * CLI itself in dist/cli, the Electron main process in dist/electron/desktop, inside app.asar too),
 * else the launcher found upward from here (bin/amq-ha-lab.mjs), which in a source tree runs the
 * sources through tsx.
 */
export function cliLauncher(): string {
  for (const built of [path.join(import.meta.dirname, 'amq-ha-lab.mjs'), path.join(import.meta.dirname, '..', '..', 'cli', 'amq-ha-lab.mjs')]) {
    if (fs.existsSync(built)) return built;
  }
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = path.join(dir, 'bin', 'amq-ha-lab.mjs');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bin/amq-ha-lab.mjs not found above the lab code');
    dir = parent;
  }
}

/** Starts `amq-ha-lab --lab-dir <labDir> <args>` detached, its output into `outFile`; returns its pid. */
export function spawnDetachedCli(labDir: string, args: string[], outFile: string, what: string): number {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const fd = fs.openSync(outFile, 'w');
  try {
    const child = spawn(process.execPath, [...(inSingleFile() ? [] : [cliLauncher()]), '--lab-dir', labDir, ...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: cliChildEnv(),
      windowsHide: true,
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start the ${what} process`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

/** The environment a child CLI needs: in the Electron app, execPath is Electron itself and this makes it a plain Node. */
export function cliChildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_BROKER: '1' };
}
