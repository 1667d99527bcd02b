// What `npm pack` ships is decided by package.json: the build inlines every library (the build
// itself fails if one stays outside), so the package declares no dependency an offline install
// would have to fetch, and carries the built app only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe('the package an attendee installs', () => {
  it('declares no dependencies: nothing to fetch from a registry', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const tool of ['tsx', 'vite', 'esbuild', 'typescript', 'postject', 'electron-builder']) expect(pkg.devDependencies).toHaveProperty(tool);
  });

  it('packs the built app and its launcher, no sources or tests', () => {
    expect(pkg.files).toEqual(['bin/', 'dist/cli/', 'dist/electron/', 'dist/kit/', 'dist/renderer/']);
    expect(pkg.bin['amq-ha-lab']).toBe('bin/amq-ha-lab.mjs');
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});
