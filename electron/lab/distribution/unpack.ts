// Unpacks a validated broker zip into the lab dir and makes its scripts executable
// (zips made on some systems lose the executable bit).
import extract from 'extract-zip';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface UnpackProgress {
  entries: number;
  totalEntries: number;
  file: string;
}

export async function unpackZip(
  zip: string,
  labDir: string,
  topFolder: string,
  totalEntries: number,
  onProgress?: (p: UnpackProgress) => void,
): Promise<string> {
  let entries = 0;
  await extract(zip, {
    dir: path.resolve(labDir),
    onEntry: (entry) => {
      entries += 1;
      onProgress?.({ entries, totalEntries, file: entry.fileName });
    },
  });
  const home = path.join(labDir, topFolder);
  await makeScriptsExecutable(path.join(home, 'bin'));
  return home;
}

export async function makeScriptsExecutable(binDir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const names = await fs.readdir(binDir).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(binDir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && !/\.(cmd|bat|exe|xml|jar)$/i.test(name)) await fs.chmod(file, stat.mode | 0o755);
  }
}
