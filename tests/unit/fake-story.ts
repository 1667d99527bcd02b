// "Do it for me" as the fake lab plays it: each action of a step's `act` done in memory, then the
// step's own pure check, as the real engine does (electron/lab/story/workshop.ts). Waits get the
// real bounds, on the fake's clock: time passes (and live traffic flows) only while a step waits,
// in growing jumps, so a check that needs time holds and one the fake cannot satisfy fails with
// what it saw, as a real timeout does.
import type { LabSnapshot } from '../../shared/lab-state.js';
import type { BoundName, FailEarly, LabStep, StepAction } from '../../shared/labs/lab-definition.js';
import { BOUND_MS } from '../../electron/lab/story/workshop.js';
import { configure, changeWire } from './fake-brokers.js';
import { locate, send, startConsumers, stopConsumers, timeSends, verify } from './fake-messages.js';
import { labError, type FakeWorld } from './fake-world.js';


/** What the story needs of the fake lab: its requests, a change to its world, and time passing. */
export interface StoryHands {
  snapshot(): LabSnapshot;
  change(f: (w: FakeWorld) => void): void;
  /** Moves the fake's clock on by `ms` (traffic flows meanwhile) and pushes a snapshot. */
  passTime(ms: number): void;
  doctor(): Promise<void>;
  setup(): Promise<void>;
  start(broker: string): Promise<void>;
  stop(broker: string, crash: boolean): Promise<void>;
  trafficStart(): Promise<void>;
  trafficStop(): Promise<void>;
  /** The workshop's --crash, for steps that let the attendee choose (crash: 'option'). */
  crashOption: boolean;
}

function failEarlyOf(rule: FailEarly | FailEarly[] | undefined): (s: LabSnapshot) => Error | null {
  const rules = rule === undefined ? [] : Array.isArray(rule) ? rule : [rule];
  return (s) => {
    for (const r of rules) {
      const error = s.brokers.find((n) => n.name === r.broker)?.lastError;
      const died = r.when === 'died' && s.brokers.find((n) => n.name === r.broker)?.process === 'crashed' && !!error;
      const refused = r.when === 'cannot-take-over' && error?.code === 'BACKUP_NOT_SYNCHRONIZED';
      if (died || refused) return labError(error!.code, error!.message, error!.hint);
    }
    return null;
  };
}

/** Waits for `until` as the lab's monitor would, up to `boundMs` of the fake's time. */
async function waitFor(hands: StoryHands, until: (s: LabSnapshot) => boolean, boundMs: number, what: string, failEarly: (s: LabSnapshot) => Error | null): Promise<LabSnapshot> {
  let waited = 0;
  let jump = 500;
  for (;;) {
    const s = hands.snapshot();
    if (until(s)) return s;
    const failure = failEarly(s);
    if (failure) throw failure;
    if (waited >= boundMs) {
      throw labError('TIMEOUT', `Timed out after ${Math.round(boundMs / 1000)} s waiting for ${what}.`, "See the brokers' logs (amq-ha-lab status) for what they did instead.");
    }
    const ms = Math.min(jump, boundMs - waited);
    hands.passTime(ms);
    waited += ms;
    jump *= 2;
  }
}

const isDown = (s: LabSnapshot, id: string) => ['stopped', 'crashed'].includes(s.brokers.find((n) => n.name === id)?.process ?? '');

async function doAction(hands: StoryHands, step: LabStep, action: StepAction): Promise<void> {
  const s = hands.snapshot();
  switch (action.do) {
    case 'doctor':
      return hands.doctor();
    case 'setup':
      return s.setup === 'created' ? undefined : hands.setup();
    case 'start': {
      const n = s.brokers.find((x) => x.name === action.broker);
      if (n && !isDown(s, n.name) && (action.ifRunning ?? 'adopt') === 'adopt') return;
      return hands.start(action.broker);
    }
    case 'stop':
      return isDown(s, action.broker) ? undefined : hands.stop(action.broker, action.crash === 'option' ? hands.crashOption : (action.crash ?? false));
    case 'crash-together':
      await Promise.all(action.brokers.map((broker) => hands.stop(broker, true)));
      return;
    case 'wait-check':
      await waitFor(hands, (x) => step.check(x).ok, BOUND_MS[action.bound], `"${step.title}" to hold`, failEarlyOf(step.failEarly));
      return;
    case 'wait':
      await waitFor(hands, action.until, BOUND_MS[action.bound], action.what, failEarlyOf(action.failEarly));
      return;
    case 'ensure-queue':
      // Every live broker shows its queue already (fake-messages refreshQueues).
      return;
    case 'send': {
      // As the engine: a fresh run when no live broker holds a message; a step's later sends go on.
      const held = s.brokers.reduce((sum, n) => sum + (n.live && n.process === 'running' ? (n.queues.haQueue ?? 0) : 0), 0);
      const firstOfStep = step.act.find((a) => a.do === 'send') === action;
      hands.change((w) => void send(w, action.count, { broker: action.broker, newRun: action.newRun ?? (firstOfStep && held === 0) }));
      return;
    }
    case 'verify':
      return hands.change((w) => void verify(w, action.label, action.broker));
    case 'locate':
      return hands.change((w) => void locate(w, action.brokers, action.label));
    case 'traffic-start':
      return s.traffic?.state === 'running' ? undefined : hands.trafficStart();
    case 'traffic-stop':
      return s.traffic && s.traffic.state !== 'stopped' ? hands.trafficStop() : undefined;
    case 'consumers-start':
      return hands.change((w) => startConsumers(w, action.brokers));
    case 'consumers-stop':
      return hands.change((w) => stopConsumers(w, action.brokers));
    case 'configure':
      return hands.change((w) => configure(w, action.brokers, action.settings));
    case 'wire': {
      const { do: _do, ...change } = action;
      return hands.change((w) => changeWire(w, change));
    }
    case 'time-sends':
      return hands.change((w) => timeSends(w, action.latencies, action.count));
    case 'repair':
      // Start what is down, restart what refused to take over; leave the rest.
      for (const broker of action.brokers) {
        const n = hands.snapshot().brokers.find((x) => x.name === broker);
        if (!n) continue;
        if (isDown(hands.snapshot(), broker)) await hands.start(broker);
        else if (n.process === 'running' && n.lastError?.code === 'BACKUP_NOT_SYNCHRONIZED') {
          await hands.stop(broker, false);
          await hands.start(broker);
        }
      }
      return;
  }
}

/** Runs the step's actions, then waits for its check; throws what the real lab would report as the failure. */
export async function playStep(hands: StoryHands, step: LabStep): Promise<string> {
  for (const action of step.act) await doAction(hands, step, action);
  try {
    const s = await waitFor(hands, (x) => step.check(x).ok, BOUND_MS[step.bound ?? 'default'], `"${step.title}" to hold`, failEarlyOf(step.failEarly));
    return step.check(s).detail;
  } catch (error) {
    const e = error as Error & { code?: string };
    // Say what the check saw, not just that time ran out.
    if (e.code === 'TIMEOUT') throw labError('TIMEOUT', `${e.message} Last seen: ${step.check(hands.snapshot()).detail}`, step.hint);
    throw error;
  }
}
