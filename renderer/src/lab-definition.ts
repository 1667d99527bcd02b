// The lab the snapshot says this dir holds (or will): its topology and story, from shared/labs.
import { DEFAULT_LAB_ID, findLab } from '../../shared/labs/index.js';
import type { LabDefinition } from '../../shared/labs/lab-definition.js';
import { useLab } from './store-context.js';

export function labFor(id: string | null | undefined): LabDefinition {
  return findLab(id ?? DEFAULT_LAB_ID) ?? findLab(DEFAULT_LAB_ID)!;
}

export function useLabDefinition(): LabDefinition {
  const id = useLab((s) => s.snapshot?.lab ?? null);
  return labFor(id);
}
