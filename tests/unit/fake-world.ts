// What every part of the fake lab works on: the lab's definition, the snapshot being changed, the
// fake's clock, and the messages it keeps outside the snapshot; and the questions about the
// topology they all ask (whose group, whose journal, which settings, can two brokers reach each other).
import type { HaEvent, LabSnapshot, BrokerSnapshot } from '../../shared/lab-state.js';
import type { BrokerDef, BrokerSettings, LabDefinition } from '../../shared/labs/lab-definition.js';

/** One durable message of a ledger run, as a journal holds it. */
export interface StoredMessage {
  run: string;
  seq: number;
}

export interface SentBatch {
  run: string;
  firstSeq: number;
  count: number;
  broker: string;
  group: string | null;
}

export interface MessageBook {
  /** Each broker's journal; a shared-store group has one, on its disk (journalKey). */
  journals: Map<string, StoredMessage[]>;
  batches: SentBatch[];
  run: string | null;
  runs: number;
  nextSeq: number;
  /** Messages added to each broker's queue since it started (the queue MBean's MessagesAdded). */
  added: Map<string, number>;
}

export interface FakeWorld {
  readonly lab: LabDefinition;
  /** The snapshot being changed; each push clones it, so look it up again after every await. */
  readonly s: LabSnapshot;
  /** The fake's clock (ISO): the wall clock plus whatever time the story let pass while waiting. */
  now(): string;
  event(broker: string, code: string, kind: HaEvent['kind'], text: string): void;
  readonly book: MessageBook;
}

export function emptyBook(): MessageBook {
  return { journals: new Map(), batches: [], run: null, runs: 0, nextSeq: 1, added: new Map() };
}

export function labError(code: string, message: string, hint: string | null = null): Error {
  return Object.assign(new Error(message), { code, hint });
}

export function defOf(w: FakeWorld, id: string): BrokerDef | undefined {
  return w.lab.topology.brokers.find((b) => b.id === id);
}

export function brokerIn(w: FakeWorld, id: string): BrokerSnapshot {
  const n = w.s.brokers.find((x) => x.name === id);
  if (!n) throw labError('NOT_SET_UP', 'The lab is not set up yet.', 'Run the setup first.');
  return n;
}

/** broker.xml as set now: lab.json's (setup copies the topology's, configure changes it). */
export function settingsOf(w: FakeWorld, id: string): BrokerSettings {
  return w.s.config?.brokers[id]?.settings ?? defOf(w, id)?.settings ?? {};
}

/** A shared-store pair writes one journal on its group's disk; every other broker its own. */
export function journalKey(w: FakeWorld, id: string): string {
  const def = defOf(w, id);
  return def?.ha === 'shared-store' && def.group ? `disk:${def.group}` : id;
}

export function journalOf(w: FakeWorld, id: string): StoredMessage[] {
  const key = journalKey(w, id);
  let journal = w.book.journals.get(key);
  if (!journal) w.book.journals.set(key, (journal = []));
  return journal;
}

export const isUp = (n: BrokerSnapshot | undefined): boolean => !!n && n.process === 'running' && !n.serverDown;
export const isServing = (n: BrokerSnapshot | undefined): boolean => isUp(n) && !!n!.live;

/** The other brokers of `id`'s HA group (none for cluster members). */
export function groupPeers(w: FakeWorld, id: string): BrokerSnapshot[] {
  const group = defOf(w, id)?.group;
  if (!group || defOf(w, id)?.ha === 'none') return [];
  return w.s.brokers.filter((n) => n.name !== id && defOf(w, n.name)?.group === group);
}

/** Whether `a` and `b` can talk: no wire between them, or one that is open and relayed. */
export function reachable(w: FakeWorld, a: string, b: string): boolean {
  const wire = w.s.wire?.wires.find((l) => [l.a, l.b].includes(a) && [l.a, l.b].includes(b));
  return !wire || wire.state === 'open';
}

/** Running, passive and holding a complete copy of the live journal. */
export const isReplica = (n: BrokerSnapshot): boolean => isUp(n) && !n.live && n.replicaSync === true;
