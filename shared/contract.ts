// The one contract between the lab (Node) and its faces (Electron renderer, serve mode, tests).
// Requests are validated with these schemas on the Node side before they reach the lab.
import { z } from 'zod';
import type {
  DoctorCheck,
  ErrorInfo,
  LabSnapshot,
  Ledger,
  StepState,
  ZipCandidate,
} from './lab-state.js';
import { LABS } from './labs/index.js';
import { TRAFFIC_MAX_RATE, type TrafficSnapshot } from './traffic-state.js';
import { LINK_MAX_LATENCY_MS, type WireSnapshot } from './link-state.js';
import { classroomRequestSchemas, type ClassroomRequestResults } from './classroom-contract.js';

/** A broker id of the lab (shared/labs): the lab says whether it exists. */
const node = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,31}$/);
const labId = z.enum(LABS.map((l) => l.id) as [string, ...string[]]);
const empty = z.object({}).strict();

export const requestSchemas = {
  'lab.snapshot': empty,
  'doctor.run': empty,
  'broker.zips': empty,
  /** Copy a zip the attendee picked or dropped into the installs dir (Electron: a local path). */
  'broker.import': z.object({ path: z.string().min(1) }).strict(),
  /** Fetches Apache Artemis into installs/ (Maven, else the Apache archive), checksum checked. */
  'broker.download': z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/).optional() }).strict(),
  /** `force` moves a lab already there aside (never deletes); `lab` picks which lab to create. */
  'lab.setup': z.object({ zip: z.string().min(1).optional(), force: z.boolean().optional(), lab: labId.optional() }).strict(),
  /** Picks the lab a dir not yet set up will hold (the picker); a created lab is replaced only through setup with force. */
  'lab.choose': z.object({ lab: labId }).strict(),
  'lab.up': empty,
  'lab.down': empty,
  /** Moves the lab aside (never deletes); `confirm` must be true, the UI asks first. */
  'lab.reset': z.object({ confirm: z.literal(true) }).strict(),
  'node.start': z.object({ node }).strict(),
  'node.stop': z.object({ node, crash: z.boolean().optional() }).strict(),
  'messages.send': z.object({ count: z.number().int().min(1).max(100_000) }).strict(),
  'messages.verify': empty,
  'step.run': z.object({ id: z.string().min(1).max(64) }).strict(),
  'step.skip': z.object({ id: z.string().min(1).max(64) }).strict(),
  'steps.restart': empty,
  /** Starts a producer and a consumer that follow the live broker, at `rate` messages/s. */
  'traffic.start': z.object({ rate: z.number().int().min(1).max(TRAFFIC_MAX_RATE).optional() }).strict(),
  /** Stops producing, drains the queue, and returns the final account. */
  'traffic.stop': empty,
  /** Writes the instructor's diagnostics zip (passwords masked) and says where. */
  'lab.diagnose': empty,
  /**
   * The wire between two brokers (`ends`, or every link when absent): cut or heal it, add delay,
   * and cut brokers off their network (`isolate`: their pinger's target fails) or back on (`rejoin`).
   */
  'wire.change': z
    .object({
      ends: z.array(node).length(2).optional(),
      cut: z.boolean().optional(),
      latencyMs: z.number().int().min(0).max(LINK_MAX_LATENCY_MS).optional(),
      isolate: z.array(node).max(8).optional(),
      rejoin: z.array(node).max(8).optional(),
    })
    .strict(),
  /** The classroom (not part of any lab): answered beside the lab, see electron/classroom/classroom-service.ts. */
  ...classroomRequestSchemas,
} as const;

export type RequestMethod = keyof typeof requestSchemas;
export type RequestParams<M extends RequestMethod> = z.infer<(typeof requestSchemas)[M]>;

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
  node: string;
  runId: string;
  sent: number;
  firstSeq: number;
  lastSeq: number;
  /** The equivalent broker CLI command, shown to attendees as the seed did. */
  equivalentCommand: string;
}

export interface RequestResults extends ClassroomRequestResults {
  'lab.snapshot': LabSnapshot;
  'doctor.run': DoctorCheck[];
  'broker.zips': ZipCandidate[];
  'broker.import': ZipCandidate;
  'broker.download': ZipCandidate[];
  'lab.setup': SetupReport;
  'lab.choose': LabSnapshot;
  'lab.up': LabSnapshot;
  'lab.down': LabSnapshot;
  /** homeMovedTo: the broker distribution kept outside a non-ASCII lab dir, moved aside too. */
  'lab.reset': { movedTo: string | null; homeMovedTo?: string | null };
  'node.start': LabSnapshot;
  'node.stop': LabSnapshot;
  'messages.send': SendResult;
  'messages.verify': Ledger;
  'step.run': StepState;
  'step.skip': StepState;
  'steps.restart': LabSnapshot;
  'lab.diagnose': DiagnosticsResult;
  'traffic.start': TrafficSnapshot;
  'traffic.stop': TrafficSnapshot;
  'wire.change': WireSnapshot | null;
}

export type RequestResult<M extends RequestMethod> = RequestResults[M];

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

/** Validates an untrusted request; throws a readable Error on bad input. */
export function parseRequest<M extends RequestMethod>(method: M, params: unknown): RequestParams<M> {
  const result = requestSchemas[method].safeParse(params ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Bad ${method} request: ${issue ? `${issue.path.join('.') || 'params'} ${issue.message}` : 'invalid'}`);
  }
  return result.data as RequestParams<M>;
}

/**
 * The lab as the Node side holds it (electron/lab/lab.ts `createLab`): the same API as the
 * renderer's client, plus the current snapshot and a way to let go of watchers and timers.
 * Serve mode and the Electron IPC adapter forward to it; they never reach further into the lab.
 */
export interface LabService extends LabClient {
  snapshot(): LabSnapshot;
  /** The console login, for the Node-side console proxy only: it never travels to the page. */
  consoleLogin(): { user: string; password: string } | null;
  close(): Promise<void>;
}
