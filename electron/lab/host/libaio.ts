// libaio lets the broker use the AIO journal on Linux. It is optional: without it the broker
// falls back to NIO (AMQ222018). Look where the dynamic linker looks: its cache, then the
// standard and multiarch lib dirs. Debian 13 / Ubuntu 24.04 ship it as libaio.so.1t64.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';

export const LIBAIO_NAMES = ['libaio.so.1', 'libaio.so.1t64'] as const;

export interface LibaioResult {
  found: boolean;
  path: string | null;
  name: string | null;
  via: 'ldconfig' | 'lib-dir' | null;
}

/** Parses `ldconfig -p` lines like `libaio.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libaio.so.1`. */
export function parseLdconfig(output: string): { name: string; path: string }[] {
  const found: { name: string; path: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*(libaio\.so\.1(?:t64)?)\s+\([^)]*\)\s+=>\s+(\S+)/.exec(line);
    if (m) found.push({ name: m[1]!, path: m[2]! });
  }
  return found;
}

export function libDirs(arch: string = process.arch): string[] {
  const triplet: Record<string, string> = {
    x64: 'x86_64-linux-gnu',
    arm64: 'aarch64-linux-gnu',
    ppc64: 'powerpc64le-linux-gnu',
    s390x: 's390x-linux-gnu',
  };
  const multi = triplet[arch];
  const dirs = ['/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib'];
  return multi ? [`/lib/${multi}`, `/usr/lib/${multi}`, ...dirs] : dirs;
}

export async function findLibaio(platform: NodeJS.Platform = process.platform): Promise<LibaioResult> {
  if (platform !== 'linux') return { found: false, path: null, name: null, via: null };
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const result = await execa(ldconfig, ['-p'], { reject: false, timeout: 10_000 });
    if (result.exitCode === 0) {
      const hit = parseLdconfig(result.stdout)[0];
      if (hit) return { found: true, path: hit.path, name: hit.name, via: 'ldconfig' };
      break;
    }
  }
  for (const dir of libDirs()) {
    for (const name of LIBAIO_NAMES) {
      const candidate = path.join(dir, name);
      try {
        await fs.access(candidate);
        return { found: true, path: candidate, name, via: 'lib-dir' };
      } catch {
        // not here
      }
    }
  }
  return { found: false, path: null, name: null, via: null };
}
