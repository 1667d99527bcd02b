// How each step of the seed's story is DONE. Whether it holds is the step's pure check over the
// snapshot (shared/workshop-steps.ts): after its action, each step waits — with a bound — for
// its check to pass, so a step is only "passed" once the lab has seen it be true.
import type { LabSnapshot, StepState, StepStatus } from '../../shared/lab-state.js';
import { stepById, WORKSHOP_MESSAGE_COUNT, WORKSHOP_STEPS, type StepId, type WorkshopStep } from '../../shared/workshop-steps.js';
import type { Lab } from './lab.js';
import { BOUNDS } from './lab-bounds.js';
import { retrying } from './retry.js';
import { LabError, toErrorInfo } from './lab-error.js';
import { nodeOf } from './lab-monitor.js';
import { SYNC_FAILED_ERROR } from './node-state.js';
import { TRAFFIC_DEFAULT_RATE } from '../../shared/traffic-state.js';
import { readRss } from './process-utils.js';

export interface WorkshopOptions {
  /** Kill the master hard instead of `artemis stop`. */
  crash?: boolean;
}

export interface WorkshopStepResult {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number | null;
  detail: string | null;
  hint: string | null;
}

export interface WorkshopTimings {
  /** Start master -> backup synchronized (both start steps). */
  upMs: number | null;
  /** Master stop/kill issued -> backup live in our snapshot. */
  failoverMs: number | null;
  /** Master stop/kill issued -> the backup's log line saying it is active (broker's own clock). */
  failoverLogMs: number | null;
  /** Master restart issued -> master live again in our snapshot. */
  failbackMs: number | null;
  /** Master restart issued -> master live, backup passive and synchronized again. */
  failbackPairMs: number | null;
  /** Broker log line written -> our event, median and max over the run (ms). */
  detectionLagMedianMs: number | null;
  detectionLagMaxMs: number | null;
  /** Resident memory at the end (MB): each broker JVM and this process. */
  rssMb: { master: number | null; backup: number | null; lab: number };
  totalMs: number;
}

export interface WorkshopReport {
  ok: boolean;
  crash: boolean;
  steps: WorkshopStepResult[];
  timings: WorkshopTimings;
}

/** Bounds for a step's check once its action is done. */
const CHECK_BOUND_MS: Partial<Record<StepId, number>> = {
  // Done when their action returns: nothing more will come.
  prerequisites: 1000,
  unpack: 1000,
  create: 1000,
  'start-master': BOUNDS.startLive,
  'start-backup': BOUNDS.backupSync,
  'backup-live': BOUNDS.failover,
  'backup-holds': BOUNDS.failover,
  failback: BOUNDS.failback,
};
const DEFAULT_CHECK_BOUND_MS = 15_000;

function setStep(lab: Lab, id: string, change: Partial<StepState>): StepState {
  const steps = lab.snapshot().steps.map((s) => (s.id === id ? { ...s, ...change } : s));
  lab.monitor.update({ steps });
  return steps.find((s) => s.id === id)!;
}

export function restartSteps(lab: Lab): void {
  lab.monitor.update({ steps: WORKSHOP_STEPS.map((s) => ({ id: s.id, status: 'pending' as StepStatus, ms: null, detail: null, hint: null })) });
}

export function skipStep(lab: Lab, id: string): StepState {
  if (!stepById(id)) throw new LabError('BAD_REQUEST', `No workshop step "${id}".`);
  return setStep(lab, id, { status: 'skipped', ms: null, detail: 'Skipped.', hint: null });
}

/** When the last failback wait saw the pair whole again (for the timings). */
const pairRestoredAt = new WeakMap<Lab, number>();

/** Does a step's action, then waits for its check. */
async function act(lab: Lab, step: WorkshopStep, options: WorkshopOptions): Promise<void> {
  switch (step.id) {
    case 'prerequisites':
      await lab.doctor();
      return;
    case 'unpack':
    case 'create':
      if (lab.snapshot().setup !== 'created') await lab.setup({});
      return;
    case 'start-master':
      await lab.startNode('master', { ifRunning: 'adopt', wait: false });
      return;
    case 'start-backup':
      await lab.startNode('backup', { ifRunning: 'adopt', wait: false });
      await waitForCheck(lab, step, BOUNDS.backupSync);
      await lab.ensureHaQueue();
      return;
    case 'send': {
      // A fresh run when the queue is empty; on a lab that still holds an earlier run's messages
      // (a second pass through the story) the run goes on, so the ledger and the queue agree.
      const held = nodeOf(lab.snapshot(), 'master')?.queues.haQueue ?? 0;
      await lab.send(WORKSHOP_MESSAGE_COUNT, { newRun: held === 0 });
      return;
    }
    case 'traffic':
      if (lab.snapshot().traffic?.state !== 'running') await lab.startTraffic(TRAFFIC_DEFAULT_RATE);
      return;
    case 'stop-master':
      await lab.stopNode('master', { crash: options.crash });
      return;
    case 'backup-holds':
      await lab.monitor.waitFor((s) => !!nodeOf(s, 'backup')?.live, BOUNDS.failover, 'the backup to be live');
      await retrying(() => lab.verify('after failover, on the backup'), BOUNDS.verify);
      return;
    case 'restart-master':
      await lab.startNode('master', { ifRunning: 'fail', wait: false });
      return;
    case 'failback':
      await lab.monitor.waitFor(
        (s) => {
          const m = nodeOf(s, 'master');
          const b = nodeOf(s, 'backup');
          return !!m?.live && !!b && !b.live && b.process === 'running' && b.replicaSync === true;
        },
        BOUNDS.failback,
        'the master live and the backup passive and synchronized again',
        (s) => lab.diedWhileStarting(s, 'master'),
      );
      pairRestoredAt.set(lab, Date.now());
      await retrying(() => lab.verify('after failback, on the master'), BOUNDS.verify);
      // Kept traffic ends here: stopped and drained, its account is final (lost is known only then).
      if (lab.snapshot().traffic && lab.snapshot().traffic?.state !== 'stopped') await lab.stopTraffic();
      return;
    default:
      // master-holds, backup-no-queue, backup-live: watching is the whole step.
      return;
  }
}

async function waitForCheck(lab: Lab, step: WorkshopStep, boundMs: number): Promise<LabSnapshot> {
  return lab.monitor.waitFor((s) => step.check(s).ok, boundMs, `"${step.title}" to hold`, (s) => {
    if (step.id === 'start-master') return lab.diedWhileStarting(s, 'master');
    if (step.id === 'start-backup') return lab.diedWhileStarting(s, 'backup');
    if (step.id === 'backup-live') return backupCannotTakeOver(s);
    return null;
  });
}

/** A backup that refused to take over (AMQ229026) never will: say why now, not after the bound. */
function backupCannotTakeOver(s: LabSnapshot): LabError | null {
  const error = nodeOf(s, 'backup')?.lastError;
  return error?.code === SYNC_FAILED_ERROR.code ? new LabError('BACKUP_NOT_SYNCHRONIZED', error.message, error.hint) : null;
}

/**
 * Runs one step (action + bounded check) holding the lab, so no other face calls it interrupted
 * or acts between its action and its check; never throws: the outcome is in the step state.
 */
export async function runStep(lab: Lab, id: string, options: WorkshopOptions = {}): Promise<StepState> {
  const step = stepById(id);
  if (!step) throw new LabError('BAD_REQUEST', `No workshop step "${id}".`);
  return lab.exclusive(`step ${id}`, () => runStepNow(lab, step, options)).catch((error: unknown) => {
    // The lab busy for longer than the bound: that is this step's outcome too.
    const info = toErrorInfo(error);
    return setStep(lab, id, { status: 'failed', ms: null, detail: info.message, hint: info.hint ?? step.hint });
  });
}

async function runStepNow(lab: Lab, step: WorkshopStep, options: WorkshopOptions): Promise<StepState> {
  const id = step.id;
  const t0 = Date.now();
  setStep(lab, id, { status: 'running', ms: null, detail: null, hint: null });
  try {
    await act(lab, step, options);
    lab.monitor.flush();
    const s = await waitForCheck(lab, step, CHECK_BOUND_MS[step.id] ?? DEFAULT_CHECK_BOUND_MS).catch((error: unknown) => {
      if (error instanceof LabError && error.code === 'TIMEOUT') {
        // Say what the check saw, not just that time ran out.
        throw new LabError('TIMEOUT', `${error.message} Last seen: ${step.check(lab.snapshot()).detail}`, step.hint);
      }
      throw error;
    });
    return setStep(lab, id, { status: 'passed', ms: Date.now() - t0, detail: step.check(s).detail, hint: null });
  } catch (error) {
    const info = toErrorInfo(error);
    return setStep(lab, id, { status: 'failed', ms: Date.now() - t0, detail: info.message, hint: info.hint ?? step.hint });
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / (1024 * 1024)));

/** The seed's whole story, step by step; after a failed step the rest are skipped. */
export async function runWorkshop(
  lab: Lab,
  options: WorkshopOptions = {},
  onStep?: (result: WorkshopStepResult) => void,
): Promise<WorkshopReport> {
  const t0 = Date.now();
  restartSteps(lab);
  const results: WorkshopStepResult[] = [];
  let failed = false;
  let restartIssuedAt: number | null = null;
  let failbackPairMs: number | null = null;
  let rss: WorkshopTimings['rssMb'] = { master: null, backup: null, lab: mb(process.memoryUsage().rss) ?? 0 };
  for (const step of WORKSHOP_STEPS) {
    let state: StepState;
    if (failed) {
      state = setStep(lab, step.id, { status: 'skipped', detail: 'Skipped: an earlier step failed.', ms: null });
    } else {
      if (step.id === 'restart-master') restartIssuedAt = Date.now();
      if (step.id === 'stop-master') rss = await measureRss(lab, rss);
      state = await runStep(lab, step.id, options);
      const restoredAt = pairRestoredAt.get(lab);
      if (step.id === 'failback' && state.status === 'passed' && restartIssuedAt !== null && restoredAt !== undefined) {
        failbackPairMs = restoredAt - restartIssuedAt;
      }
      if (state.status !== 'passed') failed = true;
    }
    const result: WorkshopStepResult = {
      id: step.id,
      title: step.title,
      status: state.status === 'passed' ? 'passed' : state.status === 'failed' ? 'failed' : 'skipped',
      ms: state.ms,
      detail: state.detail,
      hint: state.status === 'failed' ? state.hint : null,
    };
    results.push(result);
    onStep?.(result);
  }
  rss = await measureRss(lab, rss);
  const s = lab.snapshot();
  const failoverStart = s.stopwatch.failover?.startedAt ?? null;
  const backupActive = failoverStart
    ? s.events.find((e) => e.node === 'backup' && (e.code === 'AMQ221007' || e.code === 'AMQ221010') && e.time >= failoverStart)
    : undefined;
  const stepMs = (id: string) => results.find((r) => r.id === id)?.ms ?? null;
  const startMaster = stepMs('start-master');
  const startBackup = stepMs('start-backup');
  const lags = lab.monitor.detectionLags();
  return {
    ok: !failed,
    crash: !!options.crash,
    steps: results,
    timings: {
      upMs: startMaster !== null && startBackup !== null ? startMaster + startBackup : null,
      failoverMs: s.stopwatch.failover?.ms ?? null,
      failoverLogMs: failoverStart && backupActive ? Date.parse(backupActive.time) - Date.parse(failoverStart) : null,
      failbackMs: s.stopwatch.failback?.ms ?? null,
      failbackPairMs,
      detectionLagMedianMs: median(lags),
      detectionLagMaxMs: lags.length ? Math.max(...lags) : null,
      rssMb: rss,
      totalMs: Date.now() - t0,
    },
  };
}

/** Keeps the peak of each figure seen so far. */
async function measureRss(lab: Lab, previous: WorkshopTimings['rssMb']): Promise<WorkshopTimings['rssMb']> {
  const s = lab.snapshot();
  const of = async (name: 'master' | 'backup') => {
    const pid = nodeOf(s, name)?.pid;
    return pid ? mb((await readRss(pid))?.current ?? null) : null;
  };
  const peak = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return {
    master: peak(previous.master, await of('master')),
    backup: peak(previous.backup, await of('backup')),
    lab: Math.max(previous.lab, mb(process.memoryUsage().rss) ?? 0),
  };
}
