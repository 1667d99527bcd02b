// What the lab's jobs (this room) need of the facade: where the lab lives, the store they report
// to, the monitor they wait on, and the action lock they act under. lab.ts is the one that has
// them; the jobs never import it (a room that did would close a circle).
import type { ClassroomMethod, ClassroomRequestResults } from '../../../shared/classroom-contract.js';
import type { LabService } from '../../../shared/contract.js';
import type { LabConfig, BrokerName, TaskProgress } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import type { SetupOptions } from '../instances/setup.js';
import type { DownloadOptions } from '../distribution/download-broker.js';
import type { DownloadsUnderWay } from '../distribution/download-under-way.js';
import type { LabStore } from '../store/lab-store.js';
import type { LabMonitor } from '../watching/lab-monitor.js';
import { LabError } from '../lab-error.js';

/** What answers the classroom's requests for a face (electron/classroom/classroom-service.ts). */
export interface ClassroomRequests {
  request<M extends ClassroomMethod>(method: M, params: unknown): Promise<ClassroomRequestResults[M]>;
  /** A joined attendee's agent runs: started again when it is not (the machine rebooted); never a second one. */
  ensureAgent(): Promise<void>;
}

export interface LabOptions {
  labDir: string;
  /** The lab asked for (--lab); the lab dir's lab.json wins once it is set up (see requireLab). */
  lab?: string;
  installsDir: string;
  /** Port offset for `setup` and `doctor` (the created lab's ports are in lab.json). */
  portOffset?: number;
  /** Passed to setupLab: false keeps the broker template's cluster-connection timings. */
  haTuning?: SetupOptions['haTuning'];
  /** Which face this is ("the CLI", "the app"): named to another face that finds the lab busy. */
  face?: string;
  /** The classroom beside this lab dir (service.ts gives electron/classroom's); without it, classroom requests are refused. */
  classroom?: (lab: LabService) => ClassroomRequests;
  /** Told once when an action has to wait for another face's (the CLI prints it). */
  onBusy?: (message: string) => void;
  /** Where `broker.download` fetches from (default: Maven where it runs, else Apache's archive; tests serve one on loopback). */
  download?: Pick<DownloadOptions, 'via' | 'apacheBase'>;
}

export interface OpsLab {
  readonly options: LabOptions;
  readonly labDir: string;
  readonly monitor: LabMonitor;
  /** The one writer of lab state: everything a job does reaches it as an observation. */
  readonly store: LabStore;
  readonly definition: LabDefinition;
  /** Downloads under way in this process (setup waits for one it needs). */
  readonly downloads: DownloadsUnderWay;
  /** Runs `work` holding the lab's cross-process lock; nested actions share the hold. */
  exclusive<T>(action: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` once this process's lab actions under way are done (not itself an action: no lock). */
  afterActions<T>(work: () => Promise<T>): Promise<T>;
}

/** lab.json as the store last read it, or NOT_SET_UP. */
export function requireConfig(lab: Pick<OpsLab, 'store' | 'labDir'>): LabConfig {
  const config = lab.store.config();
  if (!config) {
    throw new LabError('NOT_SET_UP', `No lab in ${lab.labDir} yet.`, 'Run `amq-ha-lab setup` first (it unpacks the broker and creates both instances).').fixedBy('set-up');
  }
  return config;
}

/** What the supervisor needs to find and run a broker's process. */
export function brokerCtx(lab: Pick<OpsLab, 'store' | 'labDir'>): { labDir: string; config: LabConfig } {
  return { labDir: lab.labDir, config: requireConfig(lab) };
}

/** A moment the lab itself caused (start, stop, crash, adoption, a wire change), code "LAB" in the timeline. */
export function labEvent(lab: Pick<OpsLab, 'store'>, broker: BrokerName, text: string, at?: Date): void {
  lab.store.observe({ kind: 'lab-event', broker, text, at });
}

/** The lab's task under way (shown with its progress), null when done. */
export function task(lab: Pick<OpsLab, 'store'>, progress: TaskProgress | null): void {
  lab.store.observe({ kind: 'task', task: progress });
}
