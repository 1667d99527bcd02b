// <labDir>/lab.json: what setup decided. Written last, so its presence means "created".
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LabConfig } from '../../../shared/lab-state.js';
import { readHomePointer } from '../distribution/ascii-home.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { labJsonPath } from './lab-layout.js';
import { parseLabFile } from '../state/earlier-shapes.js';

export async function readLabConfig(labDir: string): Promise<LabConfig | null> {
  let text: string;
  try {
    text = await fs.readFile(labJsonPath(labDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = parseLabFile(text) as LabConfig;
    return parsed && parsed.schema === 1 && parsed.broker && parsed.brokers ? parsed : null;
  } catch {
    return null;
  }
}

export async function writeLabConfig(labDir: string, config: LabConfig): Promise<void> {
  // A reader sees either no lab.json or a whole one.
  writeJsonAtomic(labJsonPath(labDir), config, 2);
}

/** A broker distribution unpacked for the lab dir (a folder holding bin/artemis), if any. */
export async function findUnpackedHome(labDir: string): Promise<string | null> {
  // A non-ASCII lab dir keeps its distribution elsewhere and says where (ascii-home.ts).
  const pointed = await readHomePointer(labDir);
  if (pointed) {
    return fs.access(path.join(pointed, 'bin', 'artemis')).then(
      () => pointed,
      () => null,
    );
  }
  const entries = await fs.readdir(labDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.includes('.moved-')) continue;
    const home = path.join(labDir, entry.name);
    try {
      await fs.access(path.join(home, 'bin', 'artemis'));
      return home;
    } catch {
      // not a broker
    }
  }
  return null;
}

export async function labSetupState(labDir: string): Promise<'none' | 'unpacked' | 'created'> {
  if (await readLabConfig(labDir)) return 'created';
  return (await findUnpackedHome(labDir)) ? 'unpacked' : 'none';
}
