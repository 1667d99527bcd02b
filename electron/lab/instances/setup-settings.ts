// What setup gives every broker unless told otherwise (the seed's logins, ports and heap), and
// the shapes its steps share.
import type { TaskProgress } from '../../../shared/lab-state.js';

export const SETUP_DEFAULTS = {
  user: 'admin',
  password: 'admin',
  clusterUser: 'clusterUser',
  clusterPassword: 'clusterPassword',
  portOffset: 0,
  heapMb: 512,
} as const;

/** The values one setup uses, each from its option or the default. */
export interface SetupSettings {
  portOffset: number;
  user: string;
  password: string;
  clusterUser: string;
  clusterPassword: string;
  heapMb: number;
}

/** -Xmx per broker by how many the lab runs: three brokers and the app fit a 4 GB laptop (bench: lab peak RSS). */
export function heapForBrokers(count: number): number {
  return count <= 2 ? SETUP_DEFAULTS.heapMb : count === 3 ? 384 : 256;
}

/** Small initial heap: the whole lab (two brokers and the app) should fit a 4 GB laptop. */
export const INITIAL_HEAP_MB = 64;
export const LOOPBACK = '127.0.0.1';

export type Progress = (p: TaskProgress) => void;
/** setup's own progress line; the value is the share done, null while unknown. */
export type SetupStep = (message: string, value?: number | null) => void;
