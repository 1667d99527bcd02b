// The lab picked for a lab dir not set up yet (the app's picker, `--lab` on a command), kept in the
// lab dir so every face and a restart see the same choice; once set up, lab.json says which lab.
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from './atomic-json.js';

export function chosenLabPath(labDir: string): string {
  return path.join(labDir, 'run', 'chosen-lab.json');
}

export function readChosenLab(labDir: string): string | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(chosenLabPath(labDir), 'utf8')) as { lab?: unknown };
    return typeof parsed.lab === 'string' ? parsed.lab : null;
  } catch {
    return null;
  }
}

export function writeChosenLab(labDir: string, lab: string): void {
  fs.mkdirSync(path.dirname(chosenLabPath(labDir)), { recursive: true });
  writeJsonAtomic(chosenLabPath(labDir), { lab }, 2);
}
