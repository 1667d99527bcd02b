// Every lab the product offers, in the picker's order. A new lab is one file here and one line below.
import type { LabDefinition } from './lab-definition.js';
import { clusteredQueue } from './clustered-queue.js';
import { multipleBackups } from './multiple-backups.js';
import { replicatedPair } from './replicated-pair.js';
import { replicationVsSharedStore } from './replication-vs-shared-store.js';
import { sharedStore } from './shared-store.js';
import { splitBrain } from './split-brain.js';
import { labProblems } from './topology.js';

export const LABS: readonly LabDefinition[] = checked([replicatedPair, multipleBackups, sharedStore, clusteredQueue, replicationVsSharedStore, splitBrain]);

/** A broken lab file stops every face (and `npm test`) as it loads, naming what is wrong. */
function checked(labs: LabDefinition[]): LabDefinition[] {
  const problems = labs.flatMap(labProblems);
  if (problems.length > 0) throw new Error(`Broken lab definitions:\n${problems.join('\n')}`);
  return labs;
}

/** The seed's lab: what a lab dir without a recorded lab holds, and what a new one gets. */
export const DEFAULT_LAB_ID = replicatedPair.id;

export function findLab(id: string): LabDefinition | undefined {
  return LABS.find((l) => l.id === id);
}

export function labIds(): string[] {
  return LABS.map((l) => l.id);
}
