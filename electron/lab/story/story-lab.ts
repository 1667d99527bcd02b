// What a story needs from the lab to do its steps: the facade (lab.ts) is one, and the story
// reaches nothing else, so a step's action is always the same request any face could make.
import type { SetupReport, SendResult } from '../../../shared/contract.js';
import type { DoctorCheck, LabSnapshot, Ledger, NodeName } from '../../../shared/lab-state.js';
import type { BrokerSettings, LabDefinition } from '../../../shared/labs/lab-definition.js';
import type { TrafficSnapshot } from '../../../shared/traffic-state.js';
import type { LabError } from '../lab-error.js';
import type { LabStore } from '../store/lab-store.js';

export interface StoryLab {
  readonly definition: LabDefinition;
  /** Step outcomes are told to the store; waits are on its snapshots. */
  readonly store: Pick<LabStore, 'observe' | 'flush' | 'waitFor' | 'detectionLags'>;
  snapshot(): LabSnapshot;
  exclusive<T>(action: string, work: () => Promise<T>): Promise<T>;
  doctor(): Promise<DoctorCheck[]>;
  setup(opts: { zip?: string; force?: boolean; lab?: string }): Promise<SetupReport>;
  startNode(node: NodeName, options?: { ifRunning?: 'adopt' | 'fail'; wait?: boolean }): Promise<unknown>;
  stopNode(node: NodeName, options?: { crash?: boolean }): Promise<unknown>;
  diedWhileStarting(s: LabSnapshot, node: NodeName): LabError | null;
  ensureHaQueue(): Promise<boolean>;
  liveNode(s?: LabSnapshot): NodeName | null;
  send(count: number, options?: { newRun?: boolean; node?: NodeName }): Promise<SendResult>;
  verify(label?: string, onNode?: NodeName): Promise<Ledger>;
  startTraffic(rate?: number): Promise<TrafficSnapshot>;
  stopTraffic(): Promise<TrafficSnapshot>;
  configure(nodes: NodeName[], settings: BrokerSettings): Promise<string[]>;
  startConsumers(nodes: NodeName[]): Promise<unknown>;
  stopConsumers(nodes: NodeName[]): Promise<unknown>;
  changeWire(ends: string[], change: { cut?: boolean; latencyMs?: number; isolate?: string[]; rejoin?: string[] }): Promise<unknown>;
  measureRoundTrips(latencies: number[], count: number): Promise<unknown>;
  locate(nodes: NodeName[], label: string): Promise<Ledger>;
  /** Each broker's resident memory now (MB), null where it does not run. */
  brokerRssMb(): Promise<Record<NodeName, number | null>>;
}
