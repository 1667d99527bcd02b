// `npm run build`: plain JavaScript for every face, no TypeScript at run time.
// - dist/renderer: the page (Vite), for serve mode and the Electron window.
// - dist/cli/amq-ha-lab.mjs: the CLI and serve mode as one file with its dependencies inlined, so a
//   cold start reads one file instead of resolving hundreds of modules (and an install needs no
//   node_modules at all).
// - dist/electron/desktop/main.js and preload.cjs: the Electron main process (same inlining;
//   only `electron` stays outside) and its sandboxed preload.
// - dist/kit/verify.mjs: the workshop kit's checksum checker, standalone.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { build as esbuild, type BuildOptions, type Metafile } from 'esbuild';
import { build as vite } from 'vite';

const REPO = path.resolve(import.meta.dirname, '..');
const DIST = path.join(REPO, 'dist');

// Inlined CommonJS dependencies still call require() for Node's own modules; an ES module has none.
const REQUIRE_SHIM = "import { createRequire as __amqCreateRequire } from 'node:module'; const require = __amqCreateRequire(import.meta.url);";

const node: BuildOptions = {
  absWorkingDir: REPO,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  // Whitespace and syntax only: names stay, so a stack trace from an attendee's machine still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
};

/** What a built file still imports at run time: only Node's own modules (and `electron` in Electron). */
function leftOutside(meta: Metafile, allowed: readonly string[]): string[] {
  const ok = (p: string) => p.startsWith('node:') || builtinModules.includes(p) || allowed.includes(p);
  return Object.entries(meta.outputs).flatMap(([out, o]) => o.imports.filter((i) => i.external && !ok(i.path)).map((i) => `${out} imports ${i.path}`));
}

async function buildAll(): Promise<void> {
  await rm(DIST, { recursive: true, force: true });
  await vite({ configFile: path.join(REPO, 'vite.config.ts'), logLevel: 'warn' });
  const [cli, main, preload, verify] = await Promise.all([
    esbuild({ ...node, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli/amq-ha-lab.mjs', format: 'esm', banner: { js: REQUIRE_SHIM } }),
    esbuild({ ...node, entryPoints: ['electron/desktop/main.ts'], outfile: 'dist/electron/desktop/main.js', format: 'esm', external: ['electron'], banner: { js: REQUIRE_SHIM } }),
    // Sandboxed preloads are CommonJS and may require only 'electron'.
    esbuild({ ...node, entryPoints: ['electron/desktop/preload.cts'], outfile: 'dist/electron/desktop/preload.cjs', format: 'cjs', external: ['electron'] }),
    // The kit's own checker, for a machine where the app is not installed yet.
    esbuild({ ...node, entryPoints: ['electron/kit/verify-main.ts'], outfile: 'dist/kit/verify.mjs', format: 'esm' }),
  ]);
  // An install has no node_modules: a package left outside the bundle would fail only on the attendee's machine.
  // ws tries its optional native accelerators inside a try and runs without them.
  const optional = ['bufferutil', 'utf-8-validate'];
  const outside = [...leftOutside(cli.metafile!, optional), ...leftOutside(main.metafile!, ['electron', ...optional]), ...leftOutside(preload.metafile!, ['electron']), ...leftOutside(verify.metafile!, [])];
  if (outside.length > 0) throw new Error(`the build left packages outside the bundle:\n${outside.join('\n')}`);
}

await buildAll();
