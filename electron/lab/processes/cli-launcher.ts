// The lab's own detached processes (traffic, the wire's relays) are this CLI run again with a
// hidden command; this finds what to run and how, in a built app and in the source tree alike.
import fs from 'node:fs';
import path from 'node:path';

/**
 * What runs a hidden CLI command: the compiled CLI beside the lab code in a built app (dist/,
 * asar), else the source tree's launcher (bin/amq-ha-lab.mjs, through tsx), found upward from here.
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

/** The environment a child CLI needs: in the Electron app, execPath is Electron itself and this makes it a plain Node. */
export function cliChildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
}
