#!/usr/bin/env node
// `npm start`: the Electron window where Electron's runtime is installed; otherwise (it could not
// be downloaded, e.g. ELECTRON_SKIP_BINARY_DOWNLOAD=1) say so and serve the same app to the
// browser. Builds first when dist/ is missing, so a fresh clone needs only `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary, or null with the reason. `require('electron')` gives its path. */
function electronBinary() {
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: `its runtime is not installed (${typeof binary === 'string' ? binary : 'no path'} is missing)` };
  } catch (error) {
    return { reason: `the electron package cannot load: ${error instanceof Error ? error.message.split('\n')[0] : error}` };
  }
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const built = existsSync(path.join(repo, 'dist/renderer/index.html'));
const electron = electronBinary();

if (electron.binary) {
  if (!built || !existsSync(path.join(repo, 'dist/electron/desktop/main.js'))) run('npm', ['run', 'build']);
  const child = spawn(electron.binary, [repo, ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    `Electron cannot start here: ${electron.reason}.\n` +
      `Starting serve mode instead: the same app in your browser, on 127.0.0.1 only.\n` +
      `(Where Electron can be downloaded: npm install without ELECTRON_SKIP_BINARY_DOWNLOAD.)\n\n`,
  );
  if (!built) run(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  const child = spawn(process.execPath, [path.join(repo, 'bin/amq-ha-lab.mjs'), 'serve', ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
