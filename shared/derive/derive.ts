// The snapshot, derived: one pure function from the store's state and the lab's definition to
// what every face shows. Roles, the failover/failback clocks, split brain, and the steps done by
// hand are judged here and nowhere else. What it judges that must be remembered (a clock started,
// since when a split has held, a step passed by hand) comes back as `carried` for the store to keep.
import type { HaEvent, LabSnapshot, BrokerName, BrokerSnapshot, StepState, Stopwatches } from '../lab-state.js';
import { labView } from '../lab-state.js';
import type { BrokerDef, LabDefinition } from '../labs/lab-definition.js';
import { stepsDoneByHand } from '../labs/story.js';
import { withEvent, type LabState } from './lab-facts.js';
import { assembleBroker } from './broker-state.js';
import { advanceSplitBrain, liveByGroup, splitBrainText, type SplitBrainMemory } from './split-brain.js';
import { advanceClock, EMPTY_CLOCK, latestOf, sameClock, type BrokerObservation, type GroupClock } from './stopwatches.js';

/** A snapshot before the store numbers it (`seq` counts emissions, not derivations). */
export type DerivedSnapshot = Omit<LabSnapshot, 'seq'>;

export interface Derived {
  snapshot: DerivedSnapshot;
  /** What the store keeps of this derivation; each field is the state's own object when unchanged. */
  carried: {
    clocks: Record<string, GroupClock>;
    splitBrain: Record<string, SplitBrainMemory>;
    steps: StepState[];
    events: HaEvent[];
    wasLive: Record<BrokerName, boolean>;
  };
}

/** Another face watching the same brokers says it too: one line in the timeline is enough. */
const SAID_RECENTLY_MS = 15_000;

export function deriveSnapshot(state: LabState, lab: LabDefinition): DerivedSnapshot {
  return derive(state, lab).snapshot;
}

export function derive(state: LabState, lab: LabDefinition): Derived {
  const watched = state.config ? lab.topology.brokers.filter((b) => !!state.brokers[b.id]) : [];
  const brokers = watched.map((b) => brokerOf(state, b));
  const wasLive = Object.fromEntries(watched.map((b, i) => [b.id, state.brokers[b.id]!.verdict.kind === 'running' ? brokers[i]!.live : state.brokers[b.id]!.wasLive]));

  const split = advanceSplitBrain(state.splitBrain, liveByGroup(lab.topology, brokers), state.now);
  let events = state.events;
  for (const news of split.news) {
    const text = splitBrainText(news, (id) => lab.topology.brokers.find((b) => b.id === id)?.label ?? id);
    if (events.some((e) => e.text === text && Date.parse(e.time) > state.now - SAID_RECENTLY_MS)) continue;
    events = withEvent(events, { time: new Date(state.now).toISOString(), broker: news.live[0] ?? news.group, code: 'LAB', kind: news.started ? 'split-brain' : 'lab', text });
  }

  const clocks = advanceClocks(state, watched, brokers, wasLive);
  const draft: DerivedSnapshot = {
    at: new Date(state.now).toISOString(),
    labDir: state.labDir,
    installsDir: state.installsDir,
    lab: lab.id,
    setup: state.setup,
    config: state.config ? labView(state.config, lab.id) : null,
    doctor: state.doctor,
    task: state.task,
    brokers,
    events,
    logs: Object.fromEntries(watched.map((b) => [b.id, state.brokers[b.id]!.lines])),
    ledger: state.ledger,
    steps: state.steps,
    stopwatch: latestOf(Object.values(clocks)),
    groupStopwatches: Object.fromEntries(Object.entries(clocks).map(([g, c]): [string, Stopwatches] => [g, { failover: c.failover, failback: c.failback }])),
    splitBrain: Object.entries(split.memory).map(([group, m]) => ({
      group,
      brokers: liveByGroup(lab.topology, brokers).find((g) => g.group === group)?.live ?? [],
      since: new Date(m.since).toISOString(),
      raised: m.raised,
    })),
    traffic: state.traffic,
    consumers: state.consumers,
    wire: state.wire,
    roundTrips: state.roundTrips,
  };
  // Steps the attendee did by hand (or that already hold) pass before anyone sees a snapshot in
  // which their check holds and they are pending.
  const steps = stepsDoneByHand(lab, { ...draft, seq: 0 }) ?? state.steps;
  return {
    snapshot: { ...draft, steps },
    carried: { clocks, splitBrain: sameMemory(state.splitBrain, split.memory) ? state.splitBrain : split.memory, steps, events, wasLive },
  };
}

function brokerOf(state: LabState, def: BrokerDef): BrokerSnapshot {
  const facts = state.brokers[def.id]!;
  return assembleBroker({
    name: def.id,
    label: def.label,
    brokerRole: def.role,
    config: state.config?.brokers[def.id] ?? null,
    verdict: facts.verdict,
    run: facts.run,
    role: facts.role,
    jolokia: facts.jolokia,
    lastError: facts.lastError,
    hung: facts.hung.state,
  });
}

/** Moves each HA group's failover/failback clock on (stopwatches.ts); the state's own record when none moved. */
function advanceClocks(state: LabState, watched: BrokerDef[], brokers: BrokerSnapshot[], wasLive: Record<BrokerName, boolean>): Record<string, GroupClock> {
  const now = new Date(state.now).toISOString();
  const groups = new Map<string, BrokerObservation[]>();
  watched.forEach((def, i) => {
    if (def.ha === 'none' || !def.group) return;
    const facts = state.brokers[def.id]!;
    const running = facts.verdict.kind === 'running';
    groups.set(def.group, [
      ...(groups.get(def.group) ?? []),
      {
        name: def.id,
        group: def.group,
        primary: def.role === 'primary',
        running,
        live: brokers[i]!.live && running,
        wasLive: wasLive[def.id]!,
        startedAt: facts.run?.startedAt ?? null,
        stopRequestedAt: facts.run?.stopRequestedAt ?? null,
        crashRequestedAt: facts.run?.crashRequestedAt ?? null,
      },
    ]);
  });
  let clocks = state.clocks;
  for (const [group, members] of groups) {
    const before = clocks[group] ?? EMPTY_CLOCK;
    const after = advanceClock(before, members, now);
    if (sameClock(before, after) && before.displaced.join() === after.displaced.join()) continue;
    clocks = { ...clocks, [group]: after };
  }
  return clocks;
}

function sameMemory(a: Record<string, SplitBrainMemory>, b: Record<string, SplitBrainMemory>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
