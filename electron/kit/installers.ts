// The desktop installers electron-builder makes on this OS (electron-builder.yml: dmg, nsis,
// AppImage, rpm, deb), or one line saying why there are none. It needs the Electron runtime for
// each target, which it downloads; behind a closed network that is the line.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppRoot } from './app-root.js';
import { runTool } from './run-tool.js';

export interface Installers {
  made: string[];
  /** Null when electron-builder made every target of this OS. */
  whyNot: string | null;
}

const INSTALLER = /\.(dmg|exe|AppImage|rpm|deb)$/;

/** electron-builder's own failure line (`⨯ <reason>  failedTask=…`), else the last line it printed. */
export function builderFailure(output: string): string {
  const marked = [...output.matchAll(/⨯\s+(.+)/g)].map((m) => m[1]!.split(/\s{2,}/)[0]!.trim());
  if (marked.length > 0) return marked[marked.length - 1]!;
  const lines = output.trim().split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1]?.trim() ?? 'no output';
}

export async function buildInstallers(root: AppRoot): Promise<Installers> {
  if (!root.checkout) return { made: [], whyNot: 'electron-builder comes with a development checkout of the app: make the kit there to add desktop installers.' };
  const cli = path.join(root.dir, 'node_modules', 'electron-builder', 'cli.js');
  if (!existsSync(cli)) return { made: [], whyNot: 'electron-builder is not installed in this checkout (npm ci installs it).' };
  const started = Date.now();
  const run = await runTool(process.execPath, [cli, '--publish', 'never'], root.dir);
  const releaseDir = path.join(root.dir, 'release');
  const made: string[] = [];
  for (const name of existsSync(releaseDir) ? await readdir(releaseDir) : []) {
    const file = path.join(releaseDir, name);
    if (INSTALLER.test(name) && (await stat(file)).mtimeMs >= started - 1000) made.push(file);
  }
  if (run.code === 0) return { made, whyNot: null };
  return { made, whyNot: `electron-builder stopped: ${builderFailure(run.output)}${made.length > 0 ? ' (the installers listed were made before it stopped)' : ''}` };
}
