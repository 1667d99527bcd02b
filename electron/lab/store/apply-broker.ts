// What one broker's observations change in the store's state: its log lines (role, timeline),
// its run file and process (lab events for starts, stops and exits), its Jolokia reading, and
// whether it is hung.
import type { JolokiaResult, RunFile, RunVerdict } from '../../../shared/derive/broker-facts.js';
import { hungOf, hungText } from '../../../shared/derive/hung-watch.js';
import { MAX_LOG_LINES, withEvent, type BrokerFacts, type LabState } from '../../../shared/derive/lab-facts.js';
import { applyRoleSignal } from '../../../shared/derive/broker-state.js';
import type { HaEvent, LogLine, BrokerName } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { embeddedCodeOf, eventText, kindOfCode, parseLogLine, roleSignalOf } from '../watching/log-codes.js';

/** Another face watching the same broker says it too: one line in the timeline is enough. */
const SAID_RECENTLY_MS = 15_000;

function withBroker(state: LabState, name: BrokerName, facts: BrokerFacts, events = state.events): LabState {
  return { ...state, events, brokers: { ...state.brokers, [name]: facts } };
}

export function labEventOf(broker: BrokerName, text: string, time: Date): HaEvent {
  return { time: time.toISOString(), broker, code: 'LAB', kind: 'lab', text };
}

/** Lines of a broker's log; `haLineTimes`: broker times of the HA lines among them (detection lag). */
export function applyLog(state: LabState, name: BrokerName, texts: string[]): { state: LabState; haLineTimes: number[] } {
  const before = state.brokers[name];
  if (!before) return { state, haLineTimes: [] };
  const facts = { ...before };
  const lines: LogLine[] = [...before.lines];
  let events = state.events;
  const haLineTimes: number[] = [];
  for (const text of texts) {
    const parsed = parseLogLine(text);
    lines.push({ seq: facts.nextSeq++, time: parsed.time, level: parsed.level, code: parsed.code, text });
    if (parsed.epochMs !== null) facts.lastLineAt = parsed.epochMs;
    // An exception line has no time of its own: it belongs to the timed line above it.
    const embedded = parsed.epochMs === null ? embeddedCodeOf(text) : null;
    const code = parsed.code ?? embedded;
    const epochMs = parsed.epochMs ?? (embedded ? facts.lastLineAt : null);
    if (epochMs === null || !code) continue;
    const signal = code === 'AMQ221001' ? 'started' : roleSignalOf(code);
    if (signal) facts.role = applyRoleSignal(facts.role, signal, epochMs);
    const kind = kindOfCode(code);
    if (kind) {
      const message = embedded ? text.slice(text.indexOf(embedded)) : parsed.text;
      events = withEvent(events, { time: new Date(epochMs).toISOString(), broker: name, code, kind, text: eventText(message) });
      haLineTimes.push(epochMs);
    }
  }
  facts.lines = lines.length > MAX_LOG_LINES ? lines.slice(lines.length - MAX_LOG_LINES) : lines;
  return { state: withBroker(state, name, facts, events), haLineTimes };
}

/** A look at the run file and the process: run-file changes (from this or any other lab process) become timeline events. */
export function applyProcess(state: LabState, lab: LabDefinition, name: BrokerName, verdict: RunVerdict, run: RunFile | null, stoppedByOs: boolean): LabState {
  const before = state.brokers[name];
  if (!before) return state;
  const facts = { ...before };
  let events = state.events;
  const say = (text: string, time = new Date(state.now)) => {
    events = withEvent(events, labEventOf(name, text, time));
  };
  const was = before.verdict;
  if (before.seen) {
    if (run && run.startedAt !== before.run?.startedAt) {
      say(`Start issued (pid ${run.pid}).`, new Date(run.startedAt));
      facts.lastError = null;
      facts.hung = { answeredAt: null, stoppedAt: null, state: null };
    }
    if (run?.stopRequestedAt && run.stopRequestedAt !== before.run?.stopRequestedAt) say('Graceful stop issued (artemis stop).', new Date(run.stopRequestedAt));
    if (run?.crashRequestedAt && run.crashRequestedAt !== before.run?.crashRequestedAt) say(`Killed hard (crash, pid ${run.pid}).`, new Date(run.crashRequestedAt));
    if (was.kind === 'running' && verdict.kind !== 'running') {
      say(`Process ${was.pid} exited.`);
      if (verdict.kind === 'exited' && !verdict.crashRequested && !verdict.stopRequested) {
        facts.lastError = {
          code: 'BROKER_DIED',
          message: `The ${name} broker exited on its own.`,
          hint: 'See its log for the reason; `amq-ha-lab doctor` checks the usual causes.',
        };
      }
    }
  }
  facts.verdict = verdict;
  facts.run = run;
  facts.seen = true;
  if (verdict.kind !== 'running') facts.jolokia = null;
  const stopped = verdict.kind === 'running' && stoppedByOs;
  facts.hung = { ...facts.hung, stoppedAt: stopped ? (facts.hung.stoppedAt ?? state.now) : null };
  return applyHung(withBroker(state, name, facts, events), lab, name);
}

export function applyJolokia(state: LabState, lab: LabDefinition, name: BrokerName, result: JolokiaResult): LabState {
  const before = state.brokers[name];
  if (!before) return state;
  const jolokia = before.verdict.kind === 'running' ? result : null;
  const hung = jolokia?.reachable ? { ...before.hung, answeredAt: state.now } : before.hung;
  return applyHung(withBroker(state, name, { ...before, jolokia, hung }), lab, name);
}

/** A broker that stops answering, or answers again: a line in the timeline, and the alarm. */
function applyHung(state: LabState, lab: LabDefinition, name: BrokerName): LabState {
  const facts = state.brokers[name]!;
  const before = facts.hung.state;
  const requested = !!facts.run?.stopRequestedAt || !!facts.run?.crashRequestedAt;
  // A broker whose server stopped inside its JVM (its pinger, AMQ221002) is quiet for a reason the card says.
  const running = facts.verdict.kind === 'running' && !requested && facts.role.role !== 'down';
  const after = hungOf(facts.hung, running, state.now);
  const withState = after === before ? state : withBroker(state, name, { ...facts, hung: { ...facts.hung, state: after } });
  // A hung JVM that is then stopped or killed has its own line in the timeline.
  const label = lab.topology.brokers.find((b) => b.id === name)?.label ?? name;
  const text = running ? hungText(label, before, after, state.now) : null;
  if (!text) return withState;
  if (state.events.some((e) => e.broker === name && e.text === text && Date.parse(e.time) > state.now - SAID_RECENTLY_MS)) return withState;
  const event: HaEvent = { time: new Date(state.now).toISOString(), broker: name, code: 'LAB', kind: after ? 'hung' : 'lab', text };
  return { ...withState, events: withEvent(withState.events, event) };
}
