// How a lab's steps are DONE. Each step is data (shared/labs): its actions, run here one after
// another, then a bounded wait for its pure check over the snapshot, so a step is only "passed"
// once the lab has seen it be true.
import type { LabSnapshot, StepState } from '../../../shared/lab-state.js';
import type { BoundName, FailEarly, LabStep, StepAction } from '../../../shared/labs/lab-definition.js';
import { stepOf } from '../../../shared/labs/story.js';
import { TRAFFIC_DEFAULT_RATE } from '../../../shared/traffic-state.js';
import type { StoryLab } from './story-lab.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError, toErrorInfo } from '../lab-error.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { retrying } from '../retry.js';

export interface WorkshopOptions {
  /** Kill brokers hard where a step lets the attendee choose (crash: 'option'), instead of `artemis stop`. */
  crash?: boolean;
}

/** How long each kind of wait may take (the fake lab in the unit tests plays the same bounds). */
export const BOUND_MS: Record<BoundName, number> = {
  // Done when their action returns: nothing more will come.
  instant: 1000,
  startLive: BOUNDS.startLive,
  backupSync: BOUNDS.backupSync,
  failover: BOUNDS.failover,
  failback: BOUNDS.failback,
  default: 15_000,
};

/** A step's outcome, told to the store (the only writer of step state). */
function setStep(lab: StoryLab, id: string, change: Partial<StepState>): StepState {
  const step = { ...lab.snapshot().steps.find((s) => s.id === id)!, ...change };
  lab.store.observe({ kind: 'step', step });
  return step;
}

export function restartSteps(lab: StoryLab): void {
  lab.store.observe({ kind: 'story-restarted' });
}

export function skipStep(lab: StoryLab, id: string): StepState {
  if (!stepOf(lab.definition, id)) throw new LabError('BAD_REQUEST', `No step "${id}" in ${lab.definition.id}.`);
  return setStep(lab, id, { status: 'skipped', ms: null, detail: 'Skipped.', hint: null, fix: null });
}

/** A failIf for waits: why waiting on is pointless now (a broker died, or refused to take over). */
function failEarlyOf(lab: StoryLab, rule: FailEarly | FailEarly[] | undefined): ((s: LabSnapshot) => LabError | null) | undefined {
  const rules = rule === undefined ? [] : Array.isArray(rule) ? rule : [rule];
  if (rules.length === 0) return undefined;
  return (s) => {
    for (const r of rules) {
      const error = failureOf(lab, r, s);
      if (error) return error;
    }
    return null;
  };
}

function failureOf(lab: StoryLab, rule: FailEarly, s: LabSnapshot): LabError | null {
  const error = brokerOf(s, rule.broker)?.lastError;
  if (rule.when === 'died') {
    const died = lab.diedWhileStarting(s, rule.broker);
    // It gave up a synchronization first (AMQ229114): that, not the log's last lines, is the why.
    return died && error?.code === 'SYNC_GAVE_UP' ? new LabError('SYNC_GAVE_UP', error.message, error.hint) : died;
  }
  // AMQ229026: a backup that refused to take over never will.
  return error?.code === 'BACKUP_NOT_SYNCHRONIZED' ? new LabError('BACKUP_NOT_SYNCHRONIZED', error.message, error.hint) : null;
}

/** The `repair` action: start what is down, restart what refused to take over; leave the rest. */
async function repair(lab: StoryLab, brokers: string[]): Promise<void> {
  for (const broker of brokers) {
    const n = brokerOf(lab.snapshot(), broker);
    if (!n) continue;
    if (n.process === 'crashed' || n.process === 'stopped') {
      await lab.request('broker.start', { broker, ifRunning: 'adopt', wait: false });
    } else if (n.process === 'running' && n.lastError?.code === 'BACKUP_NOT_SYNCHRONIZED') {
      await lab.request('broker.stop', { broker });
      await lab.request('broker.start', { broker, ifRunning: 'adopt', wait: false });
    }
  }
}

async function doAction(lab: StoryLab, step: LabStep, action: StepAction, options: WorkshopOptions): Promise<void> {
  switch (action.do) {
    case 'doctor':
      await lab.request('doctor.run', {});
      return;
    case 'setup':
      if (lab.snapshot().setup !== 'created') await lab.request('lab.setup', {});
      return;
    case 'start':
      await lab.request('broker.start', { broker: action.broker, ifRunning: action.ifRunning ?? 'adopt', wait: false });
      return;
    case 'stop':
      await lab.request('broker.stop', { broker: action.broker, crash: action.crash === 'option' ? options.crash : action.crash });
      return;
    case 'crash-together':
      // Issued together, not one after another: a kill and its exit wait take a second or more on a busy laptop.
      await Promise.all(action.brokers.map((broker) => lab.request('broker.stop', { broker, crash: true })));
      return;
    case 'wait-check':
      await waitForCheck(lab, step, BOUND_MS[action.bound]);
      return;
    case 'wait':
      await lab.store.waitFor(action.until, BOUND_MS[action.bound], action.what, failEarlyOf(lab, action.failEarly));
      return;
    case 'ensure-queue':
      await lab.request('queue.ensure', {});
      return;
    case 'send': {
      // A fresh run when no live broker holds a message; on a lab that still holds an earlier
      // run's messages (a second pass through the story) the run goes on, so the ledger and the
      // queues agree. A step's later sends (one per pair) always go on: the queue depth the first
      // one filled may not be polled yet, and a new run would drop its batch.
      const held = lab.snapshot().brokers.reduce((sum, n) => sum + (n.live && n.process === 'running' ? (n.queues.haQueue ?? 0) : 0), 0);
      const firstOfStep = step.act.find((a) => a.do === 'send') === action;
      await lab.request('messages.send', { count: action.count, newRun: action.newRun ?? (firstOfStep && held === 0), broker: action.broker });
      return;
    }
    case 'verify':
      await retrying(() => lab.request('messages.verify', { label: action.label, broker: action.broker }), BOUNDS.verify);
      return;
    case 'traffic-start':
      if (lab.snapshot().traffic?.state !== 'running') await lab.request('traffic.start', { rate: TRAFFIC_DEFAULT_RATE });
      return;
    case 'configure':
      await lab.request('lab.configure', { brokers: action.brokers, settings: action.settings });
      return;
    case 'consumers-start':
      await lab.request('consumers.start', { brokers: action.brokers });
      return;
    case 'consumers-stop':
      await lab.request('consumers.stop', { brokers: action.brokers });
      return;
    case 'traffic-stop':
      if (lab.snapshot().traffic && lab.snapshot().traffic?.state !== 'stopped') await lab.request('traffic.stop', {});
      return;
    case 'wire': {
      const { do: _do, ...change } = action;
      await lab.request('wire.change', change);
      return;
    }
    case 'time-sends':
      await lab.request('messages.roundTrips', { latencies: action.latencies, count: action.count });
      return;
    case 'locate':
      await retrying(() => lab.request('messages.locate', { brokers: action.brokers, label: action.label }), BOUNDS.verify);
      return;
    case 'repair':
      await repair(lab, action.brokers);
      return;
  }
}

function waitForCheck(lab: StoryLab, step: LabStep, boundMs: number): Promise<LabSnapshot> {
  return lab.store.waitFor((s) => step.check(s).ok, boundMs, `"${step.title}" to hold`, failEarlyOf(lab, step.failEarly));
}

/**
 * Runs one step (actions + bounded check) holding the lab, so no other face calls it interrupted
 * or acts between its action and its check; never throws: the outcome is in the step state.
 */
export async function runStep(lab: StoryLab, id: string, options: WorkshopOptions = {}): Promise<StepState> {
  const step = stepOf(lab.definition, id);
  if (!step) throw new LabError('BAD_REQUEST', `No step "${id}" in ${lab.definition.id}.`);
  return lab.exclusive(`step ${id}`, () => runStepNow(lab, step, options)).catch((error: unknown) => {
    // The lab busy for longer than the bound: that is this step's outcome too.
    const info = toErrorInfo(error);
    return setStep(lab, id, { status: 'failed', ms: null, detail: info.message, hint: info.hint ?? step.hint, fix: info.fix ?? null });
  });
}

async function runStepNow(lab: StoryLab, step: LabStep, options: WorkshopOptions): Promise<StepState> {
  const id = step.id;
  const t0 = Date.now();
  setStep(lab, id, { status: 'running', ms: null, detail: null, hint: null, fix: null });
  try {
    for (const action of step.act) await doAction(lab, step, action, options);
    lab.store.flush();
    const s = await waitForCheck(lab, step, BOUND_MS[step.bound ?? 'default']).catch((error: unknown) => {
      if (error instanceof LabError && error.code === 'TIMEOUT') {
        // Say what the check saw, not just that time ran out.
        throw new LabError('TIMEOUT', `${error.message} Last seen: ${step.check(lab.snapshot()).detail}`, step.hint);
      }
      throw error;
    });
    return setStep(lab, id, { status: 'passed', ms: Date.now() - t0, detail: step.check(s).detail, hint: null, fix: null });
  } catch (error) {
    const info = toErrorInfo(error);
    return setStep(lab, id, { status: 'failed', ms: Date.now() - t0, detail: info.message, hint: info.hint ?? step.hint, fix: info.fix ?? null });
  }
}
