// Messages as the fake lab keeps them: what each journal holds, the ledger's runs, sends that land
// where the lab's HA kind or cluster would put them (the live broker and its replica; a member, or
// its peers by the load balancing in force), browses that compare, consumers pinned to members,
// redistribution on a consumer event, and timed sends across the wire.
import type { PinnedConsumer } from '../../shared/consumers-state.js';
import type { Ledger, LedgerCheck, PlacementRow } from '../../shared/lab-state.js';
import { HA_QUEUE } from '../../shared/lab-state.js';
import type { LoadBalancing } from '../../shared/labs/lab-definition.js';
import { haGroups } from '../../shared/labs/topology.js';
import type { SendResult } from '../../shared/contract.js';
import { defOf, groupPeers, isReplica, isServing, journalOf, labError, brokerIn, reachable, settingsOf, type FakeWorld, type StoredMessage } from './fake-world.js';

/** The first broker serving clients, in the topology's order. */
export function firstLive(w: FakeWorld): string | null {
  return w.s.brokers.find((n) => isServing(n))?.name ?? null;
}

function requireLive(w: FakeWorld, broker: string | undefined, nobody: string): string {
  const target = broker ?? firstLive(w);
  if (!target) throw labError('NOT_RUNNING', nobody, `Start the ${startHint(w)} first.`);
  if (!isServing(brokerIn(w, target))) throw labError('NOT_RUNNING', `The ${target} broker is not live right now.`, 'See which broker is live on the cards.');
  return target;
}

/** The broker an attendee starts first ("Start the master first."). */
export function startHint(w: FakeWorld): string {
  const first = w.lab.topology.brokers.find((b) => b.role !== 'backup') ?? w.lab.topology.brokers[0]!;
  return first.label.toLowerCase();
}

// Cluster members: where a message goes, and who takes it.

const isMember = (w: FakeWorld, id: string) => defOf(w, id)?.role === 'member';

/** The load balancing the broker runs with: what it read at its start (message-load-balancing is not reloaded live). */
export function balancingOf(w: FakeWorld, id: string): LoadBalancing {
  return (brokerIn(w, id).cluster?.loadBalancing as LoadBalancing | null | undefined) ?? settingsOf(w, id).loadBalancing ?? 'ON_DEMAND';
}

/** Serving members `id`'s cluster bridges reach now. */
export function clusterPeers(w: FakeWorld, id: string): string[] {
  return (defOf(w, id)?.connectsTo ?? []).filter((p) => isMember(w, p) && isServing(w.s.brokers.find((n) => n.name === p)) && reachable(w, id, p));
}

const consumerOn = (w: FakeWorld, id: string): PinnedConsumer | undefined => w.s.consumers?.consumers[id];
const hasConsumer = (w: FakeWorld, id: string) => consumerOn(w, id)?.state === 'attached';

function put(w: FakeWorld, id: string, messages: StoredMessage[]): void {
  journalOf(w, id).push(...messages);
  w.book.added.set(id, (w.book.added.get(id) ?? 0) + messages.length);
}

/** Round robin over the members that may take each message: all (STRICT), those with a consumer (ON_DEMAND), or only here (OFF). */
function routeInCluster(w: FakeWorld, from: string, messages: StoredMessage[]): void {
  const all = [from, ...clusterPeers(w, from)];
  const balancing = balancingOf(w, from);
  const withConsumer = all.filter((id) => hasConsumer(w, id));
  const targets = balancing === 'STRICT' ? all : balancing.startsWith('OFF') || withConsumer.length === 0 ? [from] : withConsumer;
  messages.forEach((m, i) => put(w, targets[i % targets.length]!, [m]));
}

/** Attached consumers take whatever their broker's queue holds. */
export function deliver(w: FakeWorld): void {
  const consumers = w.s.consumers;
  if (!consumers) return;
  for (const c of Object.values(consumers.consumers)) {
    if (c.state !== 'attached') continue;
    const journal = journalOf(w, c.broker);
    for (const m of journal.splice(0)) {
      c.received += 1;
      c.byRun[m.run] = (c.byRun[m.run] ?? 0) + 1;
    }
  }
  consumers.updatedAt = w.now();
}

/** A consumer opened on `id`: peers holding messages for nobody send them over, where redistribution is on. */
export function redistributeTo(w: FakeWorld, id: string): void {
  for (const peer of clusterPeers(w, id)) {
    const delay = settingsOf(w, peer).redistributionDelayMs;
    const balancing = balancingOf(w, peer);
    if (hasConsumer(w, peer) || delay === undefined || delay < 0 || !(balancing === 'ON_DEMAND' || balancing === 'OFF_WITH_REDISTRIBUTION')) continue;
    put(w, id, journalOf(w, peer).splice(0));
  }
  deliver(w);
}

export function startConsumers(w: FakeWorld, brokers: string[]): void {
  w.s.consumers ??= { pid: 6161, running: true, queue: HA_QUEUE, updatedAt: w.now(), consumers: {} };
  for (const id of brokers) {
    brokerIn(w, id);
    const state = isServing(brokerIn(w, id)) ? 'attached' : 'connecting';
    w.s.consumers.consumers[id] = { broker: id, state, since: w.now(), received: 0, byRun: {}, lastError: null };
  }
  for (const id of brokers) if (hasConsumer(w, id)) redistributeTo(w, id);
  deliver(w);
}

export function stopConsumers(w: FakeWorld, brokers: string[]): void {
  for (const id of brokers) {
    const c = consumerOn(w, id);
    if (c && c.state !== 'stopped') Object.assign(c, { state: 'stopped', since: w.now() });
  }
}

/** A broker went down or came back: its pinned consumer loses it, or attaches again (a consumer event). */
export function followBroker(w: FakeWorld, id: string): void {
  const c = consumerOn(w, id);
  if (!c || c.state === 'stopped') return;
  const serving = isServing(brokerIn(w, id));
  if (serving && c.state === 'connecting') {
    Object.assign(c, { state: 'attached', since: w.now() });
    redistributeTo(w, id);
  } else if (!serving && c.state === 'attached') {
    Object.assign(c, { state: 'connecting', since: w.now() });
  }
}

// The ledger.

const inRun = (w: FakeWorld) => w.book.batches.filter((b) => b.run === w.book.run);

function ledgerOf(w: FakeWorld): Ledger {
  const batches = inRun(w);
  const sentByGroup: Record<string, number> = {};
  for (const b of batches) if (b.group) sentByGroup[b.group] = (sentByGroup[b.group] ?? 0) + b.count;
  return { runId: w.book.run, sent: batches.reduce((n, b) => n + b.count, 0), sentByGroup, checks: w.s.ledger.checks };
}

/** Queue depths and counters from the journals, and the ledger from the runs: what the monitor would read. */
export function refreshQueues(w: FakeWorld): void {
  for (const n of w.s.brokers) {
    if (!isServing(n)) {
      n.queues = { haQueue: null };
      n.haQueueStats = null;
      continue;
    }
    const count = journalOf(w, n.name).length;
    n.queues = { haQueue: count };
    n.haQueueStats = { messageCount: count, messagesAdded: w.book.added.get(n.name) ?? 0, consumerCount: hasConsumer(w, n.name) ? 1 : 0, deliveringCount: 0 };
  }
  w.s.ledger = ledgerOf(w);
}

/** Durable messages to `broker` (else the live broker), booked in the ledger; a fresh run when asked or none yet. */
export function send(w: FakeWorld, count: number, options: { broker?: string; newRun?: boolean } = {}): SendResult {
  const target = requireLive(w, options.broker, 'No live broker to send to.');
  const book = w.book;
  if (options.newRun || !book.run) {
    book.runs += 1;
    book.run = `run-${book.runs}`;
    book.nextSeq = 1;
  }
  const run = book.run;
  const firstSeq = book.nextSeq;
  book.nextSeq += count;
  book.batches.push({ run, firstSeq, count, broker: target, group: defOf(w, target)?.group ?? null });
  const messages = Array.from({ length: count }, (_, i) => ({ run, seq: firstSeq + i }));
  if (isMember(w, target)) {
    routeInCluster(w, target, messages);
    deliver(w);
  } else {
    // Replication: the live broker confirms once its replica has the message too. A shared store's pair has one journal.
    put(w, target, messages);
    if (defOf(w, target)?.ha === 'replication') {
      for (const r of groupPeers(w, target)) if (isReplica(r) && reachable(w, target, r.name)) journalOf(w, r.name).push(...messages.map((m) => ({ ...m })));
    }
  }
  refreshQueues(w);
  return { broker: target, runId: run, sent: count, firstSeq, lastSeq: firstSeq + count - 1, equivalentCommand: `artemis producer --message-count ${count}` };
}

/** The run's sequence numbers sent to `group`'s brokers (every one when the broker has no group). */
function sentSeqs(w: FakeWorld, group: string | null): Array<{ seq: number; broker: string }> {
  return inRun(w)
    .filter((b) => group === null || b.group === null || b.group === group)
    .flatMap((b) => Array.from({ length: b.count }, (_, i) => ({ seq: b.firstSeq + i, broker: b.broker })))
    .sort((a, b) => a.seq - b.seq);
}

function sightings(w: FakeWorld, id: string): Map<number, number> {
  const seen = new Map<number, number>();
  for (const m of journalOf(w, id)) if (m.run === w.book.run) seen.set(m.seq, (seen.get(m.seq) ?? 0) + 1);
  return seen;
}

/** Browses the lab's queue on `broker` (else the live broker) against what was sent to its group. */
export function verify(w: FakeWorld, label: string | undefined, broker?: string): Ledger {
  const target = requireLive(w, broker, 'No broker is live right now.');
  if (!w.book.run) throw labError('NOT_RUNNING', 'Nothing sent yet, so there is nothing to verify.', 'Send some messages first.');
  const group = defOf(w, target)?.group ?? null;
  const sent = sentSeqs(w, group);
  const seen = sightings(w, target);
  const present = sent.filter((m) => seen.has(m.seq)).length;
  const duplicated = sent.reduce((n, m) => n + Math.max(0, (seen.get(m.seq) ?? 0) - 1), 0);
  const check: LedgerCheck = { at: w.now(), broker: target, label: label ?? `on the ${target}`, sent: sent.length, present, lost: sent.length - present, duplicated };
  if (haGroups(w.lab.topology).size > 1) check.group = group;
  w.s.ledger.checks.push(check);
  return w.s.ledger;
}

/** Browses each of `brokers` (all live: a split pair) and records where every message of the run is. */
export function locate(w: FakeWorld, brokers: string[], label: string): Ledger {
  if (!w.book.run) throw labError('NOT_RUNNING', 'Nothing sent yet, so there is nothing to locate.', 'Send some messages first.');
  for (const id of brokers) requireLive(w, id, 'No broker is live right now.');
  const seen = brokers.map((id) => sightings(w, id));
  const rows: PlacementRow[] = [];
  for (const m of sentSeqs(w, null)) {
    const on = brokers.filter((_, i) => seen[i]!.has(m.seq));
    const last = rows.at(-1);
    if (last && last.lastSeq === m.seq - 1 && last.sentTo === m.broker && last.on.join() === on.join()) last.lastSeq = m.seq;
    else rows.push({ firstSeq: m.seq, lastSeq: m.seq, sentTo: m.broker, on });
  }
  const sent = rows.reduce((n, r) => n + r.lastSeq - r.firstSeq + 1, 0);
  const lost = rows.filter((r) => r.on.length === 0).reduce((n, r) => n + r.lastSeq - r.firstSeq + 1, 0);
  w.s.ledger.checks.push({ at: w.now(), broker: null, label, sent, present: sent - lost, lost, duplicated: 0, placement: { runId: w.book.run, brokers, rows } });
  return w.s.ledger;
}

/** A durable send waits for the replica's copy: across the wire, its delay both ways is in every round trip. */
export function timeSends(w: FakeWorld, latencies: number[], count: number): void {
  const target = requireLive(w, undefined, 'No broker is live right now.');
  const wired = w.s.wire?.wires.find((l) => l.a === target || l.b === target);
  const replicated = groupPeers(w, target).some((r) => isReplica(r) && reachable(w, target, r.name));
  for (const asked of latencies) {
    const latencyMs = wired ? asked : 0;
    const medianMs = 4 + (replicated ? 2 * latencyMs : 0);
    const samplesMs = Array.from({ length: count }, (_, i) => medianMs + ((i % 5) - 2) / 10);
    w.s.roundTrips.push({ at: w.now(), broker: target, latencyMs, durable: true, samplesMs, medianMs });
    w.event(target, 'LAB', 'lab', `${count} durable sends one at a time with ${latencyMs} ms on the wire: median round trip ${medianMs} ms.`);
  }
}
