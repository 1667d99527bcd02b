// What a story needs from the lab to do its steps: the facade (lab.ts) is one. A step's actions
// are requests any face could make; the rest is waiting on the snapshot, holding the lab for the
// step, and recording the step's state.
import type { LabService } from '../../../shared/contract.js';
import type { LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import type { LabError } from '../lab-error.js';
import type { LabStore } from '../store/lab-store.js';

export interface StoryLab {
  readonly definition: LabDefinition;
  /** Step outcomes are told to the store; waits are on its snapshots. */
  readonly store: Pick<LabStore, 'observe' | 'flush' | 'waitFor' | 'detectionLags'>;
  snapshot(): LabSnapshot;
  request: LabService['request'];
  exclusive<T>(action: string, work: () => Promise<T>): Promise<T>;
  diedWhileStarting(s: LabSnapshot, broker: BrokerName): LabError | null;
  /** Each broker's resident memory now (MB), null where it does not run. */
  brokerRssMb(): Promise<Record<BrokerName, number | null>>;
}
