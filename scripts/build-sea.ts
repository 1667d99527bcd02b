// `npm run build:sea` (after `npm run build`): the Linux single file, dist/sea/amq-ha-lab-linux-x64 —
// this machine's Node with the CLI and the page injected (Node's single executable applications,
// postject from npm). It needs only Java and a broker zip. macOS and Windows single files need
// those platforms' Node binaries, which are not fetched here (docs/release.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { inject } from 'postject';
import { MANIFEST_KEY, type SeaManifest } from '../electron/sea/sea-manifest.js';

const REPO = path.resolve(import.meta.dirname, '..');
const OUT = path.join(REPO, 'dist', 'sea');
const RENDERER = path.join(REPO, 'dist', 'renderer');
const SEA_BINARY = path.join(OUT, `amq-ha-lab-${process.platform}-${process.arch}`);
// Node's documented sentinel: postject flips it so the binary knows it carries a blob.
const FUSE = 'BROKER_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

async function buildSea(): Promise<void> {
  if (process.platform !== 'linux') throw new Error(`the single file is built on Linux only (this is ${process.platform}); see docs/release.md`);
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('dist/renderer is missing: run npm run build first');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const main = path.join(OUT, 'amq-ha-lab.cjs');
  await esbuild({
    absWorkingDir: REPO,
    entryPoints: ['electron/sea/sea-main.ts'],
    outfile: main,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
    // CommonJS has no import.meta: the entry's first module sets these to the unpacked assets' folder.
    define: {
      'import.meta.dirname': 'globalThis.__amqHaLabDir',
      'import.meta.url': 'globalThis.__amqHaLabUrl',
      // ws tries require('bufferutil') and require('utf-8-validate'); in a single file require() reaches
      // only Node's own modules and warns on every start. These settings make ws not try.
      'process.env.WS_NO_BUFFER_UTIL': '"1"',
      'process.env.WS_NO_UTF_8_VALIDATE': '"1"',
    },
  });

  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const files = filesUnder(RENDERER).map((rel) => ({ key: `renderer/${rel}`, path: `renderer/${rel}` }));
  const digest = createHash('sha256');
  for (const f of files) digest.update(f.key).update(readFileSync(path.join(RENDERER, f.key.slice('renderer/'.length))));
  const manifest: SeaManifest = { version: pkg.version, files, contents: digest.digest('hex') };
  const manifestFile = path.join(OUT, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));

  const blob = path.join(OUT, 'sea-prep.blob');
  const config = path.join(OUT, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      assets: { [MANIFEST_KEY]: manifestFile, ...Object.fromEntries(files.map((f) => [f.key, path.join(RENDERER, f.key.slice('renderer/'.length))])) },
    }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

  copyFileSync(process.execPath, SEA_BINARY);
  chmodSync(SEA_BINARY, 0o755);
  await inject(SEA_BINARY, 'BROKER_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
  for (const f of [blob, config, manifestFile, main]) rmSync(f);
  process.stdout.write(`${path.relative(REPO, SEA_BINARY)}: ${(statSync(SEA_BINARY).size / 2 ** 20).toFixed(1)} MB (Node ${process.version} and the app)\n`);
}

await buildSea();
