// The app as one npm tarball: `npm pack` of the app's folder. In a checkout its prepack builds
// first; an installed app is already built (and has no build tools), so its scripts are skipped.
import path from 'node:path';
import type { AppRoot } from './app-root.js';
import { NPM, runTool } from './run-tool.js';

export async function packApp(root: AppRoot, outDir: string): Promise<string> {
  const args = ['pack', root.dir, '--pack-destination', outDir, '--json', ...(root.checkout ? [] : ['--ignore-scripts'])];
  const run = await runTool(NPM, args, root.dir);
  if (run.code !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${run.code}):\n${run.output.slice(-3000)}`);
  // --json prints the packed files' summary last; lifecycle output (the build) comes before it.
  const start = run.stdout.startsWith('[') ? 0 : run.stdout.lastIndexOf('\n[\n') + 1;
  const json = run.stdout.slice(start);
  const [packed] = JSON.parse(json) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball name:\n${run.output.slice(-3000)}`);
  return path.join(outDir, packed.filename);
}
