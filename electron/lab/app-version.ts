// The app's own version, for diagnostics: read from the nearest package.json named amq-ha-lab
// (the source tree runs from electron/lab, a build from dist/cli or dist/electron/desktop, a package from app.asar).
import fs from 'node:fs';
import path from 'node:path';

export function appVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'amq-ha-lab' && pkg.version) return pkg.version;
    } catch {
      // Not here; look one folder up.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
