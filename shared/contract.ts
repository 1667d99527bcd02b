// The one contract between the lab (Node) and its faces (the CLI, Electron renderer, serve mode,
// the benchmark, tests): every capability of the lab is a method here. The lab validates each
// request with these schemas once, whichever face sent it (electron/lab/lab.ts).
import { z } from 'zod';
import type { LabChange } from './change-feed.js';
import type { ConsumersSnapshot } from './consumers-state.js';
import { toErrorInfo } from './error-info.js';
import type {
  DoctorCheck,
  ErrorInfo,
  LabSnapshot,
  Ledger,
  RoundTripSeries,
  StepState,
  ZipCandidate,
} from './lab-state.js';
import { LABS } from './labs/index.js';
import { SOAK_STOPS, type SoakReport } from './soak-report.js';
import { TRAFFIC_MAX_RATE, type TrafficSnapshot } from './traffic-state.js';
import { WIRE_MAX_LATENCY_MS, type WiresReport, type WireSnapshot } from './wire-state.js';
import type { WorkshopReport, WorkshopStepResult } from './workshop-report.js';
import { classroomRequestSchemas, type ClassroomRequestResults } from './classroom-contract.js';

/** A broker id of the lab (shared/labs): the lab says whether it exists. */
const broker = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,31}$/);
const labId = z.enum(LABS.map((l) => l.id) as [string, ...string[]]);
const empty = z.object({}).strict();
const brokers = z.array(broker).min(1).max(16);
const settings = z
  .object({
    allowFailback: z.boolean().optional(),
    checkForLive: z.boolean().optional(),
    failoverOnShutdown: z.boolean().optional(),
    loadBalancing: z.enum(['ON_DEMAND', 'STRICT', 'OFF', 'OFF_WITH_REDISTRIBUTION']).optional(),
    redistributionDelayMs: z.number().int().min(-1).max(3_600_000).optional(),
    voteOnReplicationFailure: z.boolean().optional(),
    savedReplicatedJournals: z.number().int().min(0).max(100).optional(),
    networkCheck: z.boolean().optional(),
  })
  .strict();

export const requestSchemas = {
  'lab.snapshot': empty,
  'doctor.run': empty,
  'broker.zips': empty,
  /** Copy a zip the attendee picked or dropped into the installs dir (Electron: a local path). */
  'broker.import': z.object({ path: z.string().min(1) }).strict(),
  /** Fetches Apache Artemis into installs/ (Maven, else the Apache archive), checksum checked. */
  'broker.download': z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/).optional(), via: z.enum(['maven', 'apache']).optional() }).strict(),
  /**
   * `force` moves a lab already there aside (never deletes); `lab` picks which lab to create. The
   * rest are the CLI's knobs: broker login, heap, NIO journal, port offset, and haTuning false to
   * keep the broker template's cluster-connection timings.
   */
  'lab.setup': z
    .object({
      zip: z.string().min(1).optional(),
      force: z.boolean().optional(),
      lab: labId.optional(),
      user: z.string().min(1).max(64).optional(),
      password: z.string().min(1).max(128).optional(),
      heapMb: z.number().int().min(128).max(65_536).optional(),
      nio: z.boolean().optional(),
      portOffset: z.number().int().min(0).max(3000).optional(),
      haTuning: z.boolean().optional(),
    })
    .strict(),
  /** Picks the lab a dir not yet set up will hold (the picker); a created lab is replaced only through setup with force. */
  'lab.choose': z.object({ lab: labId }).strict(),
  /** Every broker in start order, each waited for; progress: one line per broker started and ready. */
  'lab.up': empty,
  'lab.down': empty,
  /** Moves the lab aside (never deletes); `confirm` must be true, the UI asks first. */
  'lab.reset': z.object({ confirm: z.literal(true) }).strict(),
  /** `ifRunning: 'adopt'` counts a running broker as started (default: ALREADY_RUNNING); `wait: false` returns once its JVM is spawned. */
  'broker.start': z.object({ broker, ifRunning: z.enum(['adopt', 'fail']).optional(), wait: z.boolean().optional() }).strict(),
  'broker.stop': z.object({ broker, crash: z.boolean().optional() }).strict(),
  /** To `broker` (else the live one); `newRun` starts a new ledger run first. */
  'messages.send': z.object({ count: z.number().int().min(1).max(100_000), broker: broker.optional(), newRun: z.boolean().optional() }).strict(),
  /** Browses haQueue on `broker` (else the live one); `label` names the check in the ledger. */
  'messages.verify': z.object({ broker: broker.optional(), label: z.string().min(1).max(200).optional() }).strict(),
  /** Browses the lab's queue on each of `brokers` (each live: a split pair) and records where every message of the run is. */
  'messages.locate': z.object({ brokers, label: z.string().min(1).max(200) }).strict(),
  /** Times `count` durable sends at each wire delay in turn (on `broker`, else the live one), then puts the delay back. */
  'messages.roundTrips': z
    .object({ latencies: z.array(z.number().int().min(0).max(WIRE_MAX_LATENCY_MS)).min(1).max(16), count: z.number().int().min(1).max(10_000), broker: broker.optional() })
    .strict(),
  /** haQueue (anycast, durable) on every live broker; true when it was created now. */
  'queue.ensure': empty,
  /** broker.xml settings of some brokers, recorded in lab.json; returns what changed, in words. */
  'lab.configure': z.object({ brokers, settings }).strict(),
  /** A consumer pinned to each of `brokers`, held by the lab's consumers process; returns once each is attached. */
  'consumers.start': z.object({ brokers }).strict(),
  /** Closes the consumers on `brokers`; the others keep running. */
  'consumers.stop': z.object({ brokers }).strict(),
  'step.run': z.object({ id: z.string().min(1).max(64) }).strict(),
  'step.skip': z.object({ id: z.string().min(1).max(64) }).strict(),
  'steps.restart': empty,
  /** Starts a producer and a consumer that follow the live broker, at `rate` messages/s. */
  'traffic.start': z.object({ rate: z.number().int().min(1).max(TRAFFIC_MAX_RATE).optional() }).strict(),
  /** Stops producing, drains the queue, and returns the final account. */
  'traffic.stop': empty,
  /** Traffic through `cycles` failover/failback cycles, in this process; progress: one line per event. */
  'traffic.soak': z.object({ cycles: z.number().int().min(1).max(1000), rate: z.number().int().min(1).max(TRAFFIC_MAX_RATE), stops: z.enum(SOAK_STOPS).optional() }).strict(),
  /** The lab's whole story, every step verified; progress: each step's result as it ends. */
  'workshop.run': z.object({ crash: z.boolean().optional() }).strict(),
  /**
   * Writes the instructor's diagnostics zip (passwords masked) to `out` (default: the lab's
   * diagnostics dir) and says where; `hidePaths`: the home, lab and installs dirs replaced by
   * `~`, `<lab>`, `<installs>` too (the zip the classroom sends).
   */
  'lab.diagnose': z.object({ out: z.string().min(1).optional(), hidePaths: z.boolean().optional() }).strict(),
  /**
   * The wire between two brokers (`ends`, or every wire when absent): cut or heal it, add delay,
   * and cut brokers off their network (`isolate`: their pinger's target fails) or back on (`rejoin`).
   */
  'wire.change': z
    .object({
      /** Both ends of one wire; the lab names what is wrong with any other count. */
      ends: z.array(broker).max(8).optional(),
      cut: z.boolean().optional(),
      latencyMs: z.number().int().min(0).max(WIRE_MAX_LATENCY_MS).optional(),
      isolate: z.array(broker).max(8).optional(),
      rejoin: z.array(broker).max(8).optional(),
    })
    .strict(),
  /** Each wire wanted and relayed (only those between `ends` when named), and why there are none. */
  'wire.report': z.object({ ends: z.array(broker).max(8).optional() }).strict(),
  /** Starts the relay process for the wires declared (or adopts the one that runs). */
  'wire.start': empty,
  /** Stops the relay process: every wire dropped, its ports closed. */
  'wire.stop': empty,
  /** The classroom (not part of any lab): answered beside the lab, see electron/classroom/classroom-service.ts. */
  ...classroomRequestSchemas,
} as const;

export type RequestMethod = keyof typeof requestSchemas;
type ParamsMap = { [M in RequestMethod]: z.output<(typeof requestSchemas)[M]> };
export type RequestParams<M extends RequestMethod> = ParamsMap[M];
/** The schemas seen per method, so a parse of method M is typed M's params with no cast. */
const schemaOf: { [M in RequestMethod]: z.ZodType<ParamsMap[M]> } = requestSchemas;

export interface SetupReport {
  changed: boolean;
  /** Human lines: what was unpacked, created and changed in each broker.xml, and why. */
  lines: string[];
  movedAsideTo: string | null;
}

export interface DiagnosticsResult {
  /** Absolute path of the zip written. */
  path: string;
  /** What is inside it. */
  files: string[];
}

export interface SendResult {
  broker: string;
  runId: string;
  sent: number;
  firstSeq: number;
  lastSeq: number;
  /** The equivalent broker CLI command, shown to attendees as the seed did. */
  equivalentCommand: string;
}

export interface StartOutcome {
  pid: number;
  adopted: boolean;
  startedAt: string;
}

export interface StopOutcome {
  pid: number;
  /** True when `artemis stop` did not finish the JVM in time and it was killed. */
  killed: boolean;
  requestedAt: string;
  exitedAt: string;
}

export interface DownloadReport {
  /** The zip in installs/, and how it got there (`present`: it already was). */
  path: string;
  via: 'present' | 'maven' | 'apache';
  version: string;
  /** installs/ listed after the download. */
  zips: ZipCandidate[];
}

export interface RequestResults extends ClassroomRequestResults {
  'lab.snapshot': LabSnapshot;
  'doctor.run': DoctorCheck[];
  'broker.zips': ZipCandidate[];
  'broker.import': ZipCandidate;
  'broker.download': DownloadReport;
  'lab.setup': SetupReport;
  'lab.choose': LabSnapshot;
  'lab.up': LabSnapshot;
  'lab.down': LabSnapshot;
  /** homeMovedTo: the broker distribution kept outside a non-ASCII lab dir, moved aside too. */
  'lab.reset': { movedTo: string | null; homeMovedTo?: string | null };
  'broker.start': { snapshot: LabSnapshot; outcome: StartOutcome };
  'broker.stop': { snapshot: LabSnapshot; outcome: StopOutcome };
  'messages.send': SendResult;
  'messages.verify': Ledger;
  'messages.locate': Ledger;
  'messages.roundTrips': RoundTripSeries[];
  'queue.ensure': boolean;
  'lab.configure': string[];
  'consumers.start': ConsumersSnapshot;
  'consumers.stop': ConsumersSnapshot | null;
  'step.run': StepState;
  'step.skip': StepState;
  'steps.restart': LabSnapshot;
  'lab.diagnose': DiagnosticsResult;
  'traffic.start': TrafficSnapshot;
  'traffic.stop': TrafficSnapshot;
  'traffic.soak': SoakReport;
  'workshop.run': WorkshopReport;
  'wire.change': WireSnapshot | null;
  /** noWires: why the report lists no wire (the lab has no wire), in the words `wire status` prints. */
  'wire.report': { report: WiresReport; noWires: ErrorInfo | null };
  'wire.start': { pid: number; adopted: boolean };
  'wire.stop': { pid: number } | null;
}

export type RequestResult<M extends RequestMethod> = RequestResults[M];

/** What a long request tells as it goes, to a face on the Node side (the CLI prints it). */
export interface RequestProgressOf {
  'lab.up': string;
  'traffic.soak': string;
  'workshop.run': WorkshopStepResult;
  'broker.download': { message: string; progress: number | null };
}
export type RequestProgress<M extends RequestMethod> = M extends keyof RequestProgressOf ? RequestProgressOf[M] : never;

export interface RequestOptions<M extends RequestMethod> {
  onProgress?: (progress: RequestProgress<M>) => void;
}

/** What main/serve answer: a result, or the error whole (Podman Desktop style). */
export type Response<M extends RequestMethod> =
  | { ok: true; result: RequestResult<M> }
  | { ok: false; error: ErrorInfo };

/** The API every face exposes to the renderer (preload bridge, WebSocket client). */
export interface LabClient {
  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void;
}

/** Messages on the serve-mode WebSocket and the Electron IPC channels. */
export type ClientMessage = {
  type: 'request';
  id: number;
  method: RequestMethod;
  params: unknown;
};
export type ServerMessage =
  | { type: 'response'; id: number; response: Response<RequestMethod> }
  | { type: 'snapshot'; snapshot: LabSnapshot };

export const IPC_CHANNELS = {
  request: 'lab:request',
  snapshot: 'lab:snapshot',
} as const;

export function isRequestMethod(value: unknown): value is RequestMethod {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

/** The one validation of a request's params: the params typed, or one readable line on what is wrong. */
export function parseRequest<M extends RequestMethod>(method: M, params: unknown): { ok: true; params: RequestParams<M> } | { ok: false; message: string } {
  const result = schemaOf[method].safeParse(params ?? {});
  if (result.success) return { ok: true, params: result.data };
  const issue = result.error.issues[0];
  return { ok: false, message: `Bad ${method} request: ${issue ? `${issue.path.join('.') || 'params'} ${issue.message}` : 'invalid'}` };
}

/** Does one validated request (the lab's handlers); what `answerRequest` puts an untrusted request through. */
export type RequestHandler = <M extends RequestMethod>(method: M, params: RequestParams<M>) => Promise<RequestResult<M>>;

/**
 * An untrusted request (WebSocket, Electron IPC) answered whole: the method must be known and the
 * params pass the schema (here, the one validation), and a failure comes back as ErrorInfo
 * instead of a thrown error crossing the boundary.
 */
export async function answerRequest(handle: RequestHandler, method: unknown, params: unknown): Promise<Response<RequestMethod>> {
  if (!isRequestMethod(method)) return { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown request ${JSON.stringify(method)}`, hint: null } };
  const parsed = parseRequest(method, params);
  if (!parsed.ok) return { ok: false, error: { code: 'BAD_REQUEST', message: parsed.message, hint: null } };
  try {
    return { ok: true, result: await handle(method, parsed.params) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

/**
 * The lab as the Node side holds it (electron/lab/lab.ts `createLab`): the same API as the
 * renderer's client, plus the current snapshot and a way to let go of watchers and timers. The
 * CLI, serve mode, the Electron IPC adapter and the benchmark use these members and no others.
 */
export interface LabService extends LabClient {
  request<M extends RequestMethod>(method: M, params: RequestParams<M>, options?: RequestOptions<M>): Promise<RequestResult<M>>;
  /** An untrusted request from a page (serve, Electron IPC), validated and answered whole: see answerRequest. */
  answer(method: unknown, params: unknown): Promise<Response<RequestMethod>>;
  snapshot(): LabSnapshot;
  /**
   * The store's change feed (shared/change-feed.ts): what each emitted snapshot shows that the one
   * before did not, with that snapshot; called only when something changed. What the classroom's
   * agent publishes on; Node-side only, like snapshot().
   */
  onChange(listener: (changes: LabChange[], snapshot: LabSnapshot) => void): () => void;
  /** The console login, for the Node-side console proxy only: it never travels to the page. */
  consoleLogin(): { user: string; password: string } | null;
  close(): Promise<void>;
}
