// One observation into the store's state: a pure step (the clock is the state's `now`).
import { emptyBroker, withEvent, type LabState } from '../../../shared/derive/lab-facts.js';
import { EMPTY_CLOCK, newerWatch } from '../../../shared/derive/stopwatches.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { pendingSteps } from '../../../shared/labs/story.js';
import { eventKey, type LabProgress } from '../state/progress-file.js';
import { applyJolokia, applyLog, applyProcess, labEventOf } from './apply-broker.js';
import type { Observation } from './observations.js';

export interface Applied {
  state: LabState;
  lab: LabDefinition;
  /** Broker times of HA lines read as they were written (detection lag). */
  haLineTimes: number[];
}

/** Only a created lab's brokers are watched (lab.json names them), in the topology's order. */
function brokersOf(lab: LabDefinition, config: LabState['config']): LabState['brokers'] {
  return Object.fromEntries(lab.topology.brokers.filter((b) => !!config?.brokers[b.id]).map((b) => [b.id, emptyBroker()]));
}

export function applyObservation(state: LabState, lab: LabDefinition, o: Observation): Applied {
  const done = (next: LabState, nextLab = lab): Applied => ({ state: next, lab: nextLab, haLineTimes: [] });
  switch (o.kind) {
    case 'log': {
      const { state: next, haLineTimes } = applyLog(state, o.broker, o.lines);
      return { state: next, lab, haLineTimes: o.following ? haLineTimes : [] };
    }
    case 'process':
      return done(applyProcess(state, lab, o.broker, o.verdict, o.run, o.stoppedByOs));
    case 'jolokia':
      return done(applyJolokia(state, lab, o.broker, o.result));
    case 'progress':
      return done(applyProgress(state, o.progress));
    case 'lab-files': {
      const changedLab = o.lab !== lab;
      const steps = changedLab || !o.config ? pendingSteps(o.lab) : state.steps;
      const watched: LabState = { ...state, config: o.config, setup: o.setup, steps, doctor: o.config ? state.doctor : null, brokers: brokersOf(o.lab, o.config), events: [], clocks: {}, splitBrain: {} };
      return done(o.progress ? applyProgress(watched, o.progress) : watched, o.lab);
    }
    case 'config-edited':
      return done({ ...state, config: o.config });
    case 'lab-chosen':
      return done({ ...state, steps: pendingSteps(o.lab), brokers: brokersOf(o.lab, state.config), clocks: {}, splitBrain: {} }, o.lab);
    case 'ledger':
      return done({ ...state, ledger: o.ledger });
    case 'traffic':
      return done({ ...state, traffic: o.traffic });
    case 'consumers':
      return done({ ...state, consumers: o.consumers });
    case 'wire':
      // The relay reports four times a second: only a change the attendee could see is news.
      return done(JSON.stringify(o.wire) === JSON.stringify(state.wire) ? state : { ...state, wire: o.wire });
    case 'round-trips':
      return done({ ...state, roundTrips: o.series });
    case 'lab-event':
      return done({ ...state, events: withEvent(state.events, labEventOf(o.broker, o.text, o.at ?? new Date(state.now))) });
    case 'task':
      return done({ ...state, task: o.task });
    case 'doctor':
      return done({ ...state, doctor: o.checks });
    case 'step': {
      const before = state.steps.find((s) => s.id === o.step.id);
      if (!before || JSON.stringify(before) === JSON.stringify(o.step)) return done(state);
      return done({ ...state, steps: state.steps.map((s) => (s.id === o.step.id ? o.step : s)) });
    }
    case 'story-restarted':
      return done({ ...state, steps: pendingSteps(lab) });
  }
}

/** Saved progress as the truth for steps, lab events and stopwatches; the state's own parts where nothing differs. */
function applyProgress(state: LabState, progress: LabProgress): LabState {
  const saved = new Map(progress.steps.map((s) => [s.id, s]));
  const steps = state.steps.map((s) => saved.get(s.id) ?? s);
  const have = new Set(state.events.map(eventKey));
  let events = state.events;
  for (const event of progress.events) if (!have.has(eventKey(event))) events = withEvent(events, event);
  let clocks = state.clocks;
  for (const [group, theirs] of Object.entries(progress.stopwatch)) {
    const mine = clocks[group] ?? EMPTY_CLOCK;
    const failover = newerWatch(theirs.failover, mine.failover) ? theirs.failover : mine.failover;
    const failback = newerWatch(theirs.failback, mine.failback) ? theirs.failback : mine.failback;
    if (failover !== mine.failover || failback !== mine.failback) {
      clocks = { ...clocks, [group]: { failover, failback, displaced: [...new Set([...mine.displaced, ...(theirs.displaced ?? [])])] } };
    }
  }
  return {
    ...state,
    steps: JSON.stringify(steps) === JSON.stringify(state.steps) ? state.steps : steps,
    events,
    clocks,
  };
}
