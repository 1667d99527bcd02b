// The packaging config cannot be exercised here (no Electron runtime), so hold it to
// electron-builder's own schema and check the icons it points at exist at the sizes it needs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema and targets dmg, nsis, AppImage, rpm and deb', async () => {
    const yaml = require('js-yaml') as { load(s: string): Record<string, unknown> };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as {
      mac: { target: string[] };
      win: { target: string[] };
      linux: { target: string[] };
      extraMetadata: { main: string };
    };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'rpm', 'deb']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    expect(config.extraMetadata.main).toBe(pkg.main);
  });

  it('has the icons: 1024 for mac/win, a Linux set', () => {
    expect(pngSize('build/icon.png')).toEqual({ width: 1024, height: 1024 });
    expect(pngSize('build/icons/512x512.png')).toEqual({ width: 512, height: 512 });
  });
});
