// `amq-ha-lab serve`: the desktop app in the attendee's browser, for machines without Electron.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { LabService } from '../../../shared/contract.js';
import { openLab } from '../../lab-service.js';
import { startServe } from '../../serve/server.js';
import { resolveGlobalOptions } from '../global-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/renderer from the build (dist/cli, which no source folder has beside it) and from the source tree (tsx: electron/cli/commands). */
export function findRendererDir(): string {
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../../dist/renderer'), path.join(process.cwd(), 'dist/renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

export function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stdout.write(`Could not open a browser; open the URL above yourself.\n`));
  child.unref();
}

async function loadLab(opts: { labDir: string; installsDir: string; portOffset?: number }): Promise<LabService> {
  return openLab({ ...opts, face: 'the app (serve mode)', classroomAgent: true });
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1, behind a random token')
    .option('--port <n>', 'port to listen on (0 = any free port); the consoles take the next four', '8787')
    .option('--port-offset <n>', 'port offset for the brokers the app creates (each broker keeps its own offset on top)')
    .option('--no-open', 'do not open the default browser')
    .action(async (raw: { port: string; portOffset?: string; open: boolean }) => {
      const globals = resolveGlobalOptions(program.opts());
      const port = Number(raw.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${raw.port}`);
      const portOffset = raw.portOffset === undefined ? undefined : Number(raw.portOffset);
      const rendererDir = findRendererDir();
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        process.stderr.write(`The app is not built yet: run \`npm run build\` first (looked for ${rendererDir}/index.html).\n`);
        process.exitCode = 1;
        return;
      }
      const lab = await loadLab({ labDir: globals.labDir, installsDir: globals.installsDir, ...(portOffset !== undefined ? { portOffset } : {}) });
      const handle = await startServe({ lab, port, rendererDir });
      process.stdout.write(
        `AMQ HA Lab is served at\n\n  ${handle.url}\n\n` +
          `Only this URL (with its token) opens it; it listens on 127.0.0.1 only.\n` +
          `Consoles (one per broker of the lab, in its order): ${handle.consoles.origins().join(', ')}\n` +
          `Lab: ${globals.labDir}. Press Ctrl+C to stop serving (the brokers keep running).\n`,
      );
      if (raw.open) openInBrowser(handle.url);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      // Brokers keep running by design; serving stops within a bound even if a watcher lingers.
      const bound = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([Promise.all([handle.close(), lab.close()]), bound]);
      process.exit(0);
    });
}
