// First thing the Linux single file runs (sea-main.ts imports it before the CLI): the page serve
// mode hands to the browser is inside the executable, so it is written out once to a folder of
// its own (named for its contents, so versions never mix) and the code that looks for files beside
// itself — dist/renderer, package.json for the version — finds them there. The build points
// import.meta.dirname / import.meta.url at the globals set here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getAsset } from 'node:sea';
import { MANIFEST_KEY, type SeaManifest } from './sea-manifest.js';

function unpackOnce(): string {
  const manifestText = getAsset(MANIFEST_KEY, 'utf8');
  const manifest = JSON.parse(manifestText) as SeaManifest;
  const id = createHash('sha256').update(manifestText).digest('hex').slice(0, 12);
  const root = path.join(os.tmpdir(), `amq-ha-lab-${manifest.version}-${id}`);
  if (existsSync(path.join(root, 'renderer', 'index.html'))) return root;
  // Written aside and renamed: two first starts at once never see half a folder.
  const staging = `${root}.${process.pid}.tmp`;
  for (const f of manifest.files) {
    const target = path.join(staging, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, Buffer.from(getAsset(f.key)));
  }
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'amq-ha-lab', version: manifest.version }));
  mkdirSync(path.join(staging, 'cli'), { recursive: true });
  try {
    renameSync(staging, root);
  } catch {
    // Another start got there first: its folder is the same.
    rmSync(staging, { recursive: true, force: true });
  }
  return root;
}

const root = unpackOnce();
const globals = globalThis as { __amqHaLabDir?: string; __amqHaLabUrl?: string };
globals.__amqHaLabDir = path.join(root, 'cli');
globals.__amqHaLabUrl = pathToFileURL(path.join(root, 'cli', 'amq-ha-lab.cjs')).href;
