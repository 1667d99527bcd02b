// The lab's state files are written whole or not at all: to a temp file, then renamed into place,
// so a reader (another face, or the next start after kill -9) never sees half a file.
import fs from 'node:fs';
import path from 'node:path';

export function writeJsonAtomic(file: string, value: unknown, indent?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, indent)}\n`);
  fs.renameSync(tmp, file);
}
