// Where the app's own files are: the folder of its package.json, found upward from this code (the
// source tree, dist/cli in a build or an install). A development checkout also has the sources.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AppRoot {
  dir: string;
  version: string;
  /** A development checkout: its sources are there, so packing builds them first and electron-builder may run. */
  checkout: boolean;
}

export function findAppRoot(from: string = import.meta.dirname): AppRoot {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'amq-ha-lab' && pkg.version) return { dir, version: pkg.version, checkout: existsSync(path.join(dir, 'electron', 'cli', 'main.ts')) };
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of amq-ha-lab above ${from}`);
  }
}
