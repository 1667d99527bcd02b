// Detached helpers of the lab (the traffic, the pinned consumers) are this same CLI started in a
// process of its own, so they outlive the face that started them, as the brokers do.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What runs the CLI: the compiled CLI in a built app (dist/, asar), else the source tree's
 * launcher (bin/amq-ha-lab.mjs, through tsx), found upward from here.
 */
export function cliLauncher(): string {
  const compiled = path.join(import.meta.dirname, '..', '..', 'cli', 'main.js');
  if (fs.existsSync(compiled)) return compiled;
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
    const child = spawn(process.execPath, [cliLauncher(), '--lab-dir', labDir, ...args], {
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
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
}
