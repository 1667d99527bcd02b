// Every lab the product offers, in the picker's order. A new lab is one file here and one line below.
import type { LabDefinition } from './lab-definition.js';
import { clusteredQueue } from './clustered-queue.js';
import { multipleBackups } from './multiple-backups.js';
import { replicatedPair } from './replicated-pair.js';
import { replicationVsSharedStore } from './replication-vs-shared-store.js';
import { sharedStore } from './shared-store.js';
import { splitBrain } from './split-brain.js';

export const LABS: readonly LabDefinition[] = [replicatedPair, multipleBackups, sharedStore, clusteredQueue, replicationVsSharedStore, splitBrain];

/** The seed's lab: what a lab dir without a recorded lab holds, and what a new one gets. */
export const DEFAULT_LAB_ID = replicatedPair.id;

export function findLab(id: string): LabDefinition | undefined {
  return LABS.find((l) => l.id === id);
}

export function labIds(): string[] {
  return LABS.map((l) => l.id);
}
