// Brokers as the fake lab plays them, from the lab's topology alone: who goes live and who backs
// up whom, who takes over when a live broker goes (and with which journal), failback, the cluster
// bridges, and what the wire does to a pair. Plausible rather than Artemis: enough for any lab's
// story to be told in the UI, and no more.
import type { BrokerSnapshot, Stopwatch, Stopwatches } from '../../shared/lab-state.js';
import type { BrokerSettings } from '../../shared/labs/lab-definition.js';
import { clusterPeers, deliver, followBroker, refreshQueues } from './fake-messages.js';
import { defOf, groupPeers, isReplica, isServing, isUp, journalOf, labError, brokerIn, reachable, settingsOf, type FakeWorld } from './fake-world.js';

/** What the fake's clocks read for a failover and a failback (it has no real ones to time). */
export const FAKE_FAILOVER_MS = 2100;
export const FAKE_FAILBACK_MS = 1200;

const HA_POLICY = { replication: 'Replication', 'shared-store': 'Shared Store', none: 'Primary Only' } as const;

function clock(w: FakeWorld, id: string, which: keyof Stopwatches, watch: Stopwatch): void {
  w.s.stopwatch[which] = watch;
  const group = defOf(w, id)?.group;
  if (group) w.s.groupStopwatches[group] = { ...(w.s.groupStopwatches[group] ?? { failover: null, failback: null }), [which]: watch };
}

function goLive(w: FakeWorld, n: BrokerSnapshot): void {
  Object.assign(n, { live: true, backup: false, replicaSync: null, lastError: null });
  w.event(n.name, 'AMQ221007', 'live', 'Server is now active');
}

/** `n` copies `from`'s journal (a replica starting over moves its own aside) and is its synchronized replica. */
function syncFrom(w: FakeWorld, n: BrokerSnapshot, from: BrokerSnapshot): void {
  const journal = journalOf(w, n.name);
  journal.splice(0, journal.length, ...journalOf(w, from.name).map((m) => ({ ...m })));
  n.replicaSync = true;
  from.replicaSync = true;
  w.event(from.name, 'AMQ221025', 'replicating', `Replication: sending the journal to ${n.name}`);
  w.event(n.name, 'AMQ221024', 'synchronized', 'Backup server is synchronized with live server');
}

/** A passive backup: a shared-store one waits on the lock, a replicating one copies the live journal unless another already does. */
function becomeBackup(w: FakeWorld, n: BrokerSnapshot, live: BrokerSnapshot | undefined): void {
  Object.assign(n, { live: false, backup: true, replicaSync: false });
  if (defOf(w, n.name)?.ha === 'shared-store') w.event(n.name, 'AMQ221033', 'lock', 'Obtained backup lock');
  w.event(n.name, 'AMQ221109', 'backup-started', 'Apache ActiveMQ Artemis Backup Server is started');
  if (defOf(w, n.name)?.ha === 'replication' && live && !groupPeers(w, live.name).some((p) => p.name !== n.name && isReplica(p))) syncFrom(w, n, live);
}

/** The primary is back while a backup serves: the backup hands over and backs it up again. */
function failback(w: FakeWorld, n: BrokerSnapshot, holder: BrokerSnapshot): void {
  if (defOf(w, n.name)?.ha === 'shared-store') {
    w.event(n.name, 'AMQ221034', 'lock', 'Waiting to obtain primary lock');
    w.event(holder.name, 'AMQ221008', 'failback', 'live server wants to restart, restarting server in backup');
    Object.assign(holder, { live: false, backup: true, replicaSync: false });
    goLive(w, n);
  } else {
    // It copies the journal back from the backup first, then takes the live role.
    syncFrom(w, n, holder);
    w.event(holder.name, 'AMQ221039', 'failback', 'Restarting as replicating backup server after primary restart');
    Object.assign(holder, { live: false, backup: true, replicaSync: true });
    goLive(w, n);
    n.replicaSync = true;
  }
  clock(w, n.name, 'failback', { startedAt: n.startedAt ?? w.now(), endedAt: w.now(), ms: FAKE_FAILBACK_MS, broker: n.name, to: n.name });
}

/** What a broker whose server (re)starts becomes: live, a backup, or the primary taking its role back. */
function takeRole(w: FakeWorld, n: BrokerSnapshot): void {
  const def = defOf(w, n.name)!;
  if (def.ha === 'none' || !def.group) {
    goLive(w, n);
    n.cluster = { members: null, loadBalancing: settingsOf(w, n.name).loadBalancing ?? 'ON_DEMAND', remoteBindings: null };
    for (const peer of clusterPeers(w, n.name)) {
      w.event(n.name, 'AMQ221027', 'bridge', `Bridge ClusterConnectionBridge to ${peer} is connected`);
      w.event(peer, 'AMQ221027', 'bridge', `Bridge ClusterConnectionBridge to ${n.name} is connected`);
    }
    return;
  }
  // A live broker it cannot reach (a cut wire) is one it does not know of.
  const live = groupPeers(w, n.name).find((p) => isServing(p) && reachable(w, n.name, p.name));
  if (!live) {
    // A replicating backup waits for a live broker; anyone else takes the live role (a shared-store backup: the free lock).
    if (def.role === 'backup' && def.ha === 'replication') becomeBackup(w, n, undefined);
    else {
      if (def.ha === 'shared-store') w.event(n.name, 'AMQ221035', 'lock', 'Primary Server Obtained primary lock');
      goLive(w, n);
    }
  } else if (def.role === 'primary' && defOf(w, live.name)?.role === 'backup' && settingsOf(w, live.name).allowFailback !== false) {
    failback(w, n, live);
  } else {
    becomeBackup(w, n, live);
  }
}

export function markStarting(w: FakeWorld, id: string): void {
  brokerIn(w, id).process = 'starting';
  w.event(id, 'AMQ221000', 'starting', 'Starting ActiveMQ Artemis Server');
}

export function startBroker(w: FakeWorld, id: string, pid: number): void {
  const wire = w.s.wire;
  if (wire && !wire.relayRunning) {
    // The lab runs its relay before the first wired broker starts.
    wire.relayRunning = true;
    for (const l of wire.wires) l.state = l.cut ? 'cut' : 'open';
    w.event(wire.wires[0]?.a ?? id, 'LAB', 'lab', "The wire's relay started: brokers reach each other through it.");
  }
  const n = brokerIn(w, id);
  Object.assign(n, { process: 'running', pid, startedAt: w.now(), jolokia: 'ok', lastError: null, serverDown: false, live: false, backup: null, replicaSync: null, haPolicy: HA_POLICY[defOf(w, id)!.ha] });
  w.book.added.set(id, journalOf(w, id).length);
  takeRole(w, n);
}

export function markStopping(w: FakeWorld, id: string): void {
  brokerIn(w, id).process = 'stopping';
}

/** A live broker went: the backup of its group that can (a synchronized replica, a passive shared-store backup) takes over. */
function failover(w: FakeWorld, gone: string, crash: boolean, askedAt: string): void {
  const def = defOf(w, gone)!;
  const peers = groupPeers(w, gone).filter((p) => isUp(p) && !p.live);
  if (peers.length === 0) return;
  if (def.ha === 'shared-store' && !crash && settingsOf(w, gone).failoverOnShutdown !== true) {
    // A graceful stop reads as maintenance: the backup sees the live leave and keeps waiting.
    for (const p of peers) w.event(p.name, 'AMQ224135', 'connection-lost', `The live broker ${gone} is closing: failover-on-shutdown is false, staying a backup`);
    return;
  }
  const taker = peers.find((p) => (def.ha === 'shared-store' ? p.backup === true : p.replicaSync === true));
  if (!taker) {
    for (const p of peers.filter((x) => def.ha === 'replication' && x.backup)) {
      p.lastError = { code: 'BACKUP_NOT_SYNCHRONIZED', message: `AMQ229026: ${p.label} was not synchronized when ${gone} went away: it cannot take over.`, hint: 'Start it again once a live broker is back: it copies the journal from the start.' };
    }
    clock(w, gone, 'failover', { startedAt: askedAt, endedAt: null, ms: null, broker: gone, to: null });
    return;
  }
  if (def.ha === 'shared-store') w.event(taker.name, 'AMQ221010', 'failover', 'Backup Server is now active');
  else w.event(taker.name, 'AMQ221037', 'failover', 'Server is now active: becoming active after the live server went away');
  goLive(w, taker);
  clock(w, gone, 'failover', { startedAt: askedAt, endedAt: w.now(), ms: FAKE_FAILOVER_MS, broker: gone, to: taker.name });
}

export function stopBroker(w: FakeWorld, id: string, crash: boolean, askedAt: string): void {
  const n = brokerIn(w, id);
  // Already 'stopping': it was live if it served until now.
  const wasLive = n.live && !n.serverDown;
  if (crash) w.event(id, 'LAB', 'stopped', 'Killed by the lab (crash)');
  else {
    w.event(id, 'LAB', 'lab', 'Graceful stop issued (artemis stop).');
    w.event(id, 'AMQ221002', 'stopped', 'Apache ActiveMQ Artemis stopped');
  }
  Object.assign(n, { process: crash ? 'crashed' : 'stopped', live: false, pid: null, backup: null, replicaSync: null, serverDown: false, jolokia: 'unreachable', cluster: null });
  if (wasLive && defOf(w, id)?.group) failover(w, id, crash, askedAt);
}

/** Every broker down at once, backups first, as `down` does: no failover clock starts. */
export function stopAll(w: FakeWorld): void {
  for (const n of w.s.brokers) {
    if (n.process === 'stopped' || n.process === 'crashed') continue;
    Object.assign(n, { process: 'stopped', live: false, pid: null, backup: null, replicaSync: null, serverDown: false, jolokia: 'unreachable', cluster: null });
    w.event(n.name, 'AMQ221002', 'stopped', 'Apache ActiveMQ Artemis stopped');
  }
  if (w.s.wire) {
    w.s.wire.relayRunning = false;
    for (const l of w.s.wire.wires) Object.assign(l, { state: 'not-relayed', connections: 0 });
  }
}

/** broker.xml changed (kept in lab.json); a running broker reloads it, though some settings count only after a restart. */
export function configure(w: FakeWorld, brokers: string[], settings: BrokerSettings): void {
  const config = w.s.config;
  if (!config) throw labError('NOT_SET_UP', 'The lab is not set up yet.', 'Run the setup first.');
  const words = Object.entries(settings).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  for (const id of brokers) {
    const broker = config.brokers[id];
    if (!broker) throw labError('BAD_REQUEST', `"${id}" is not a broker of this lab.`);
    broker.settings = { ...settingsOf(w, id), ...settings };
    w.event(id, 'LAB', 'lab', `Configured ${words}.`);
    if (isUp(brokerIn(w, id))) w.event(id, 'AMQ221056', 'reload', 'Reloading configuration: address settings');
  }
}

export interface WireChange {
  ends?: string[];
  cut?: boolean;
  latencyMs?: number;
  isolate?: string[];
  rejoin?: string[];
}

function wireWords(ends: string[] | undefined, c: WireChange): string {
  const which = ends?.length === 2 ? `${ends[0]}–${ends[1]}` : 'every wire';
  const parts: string[] = [];
  if (c.cut === true) parts.push(`${which} cut (connections dropped, new ones refused)`);
  if (c.cut === false) parts.push(`${which} healed`);
  if (c.latencyMs !== undefined) parts.push(c.latencyMs > 0 ? `${which} delayed by ${c.latencyMs} ms each way` : `${which} without added delay`);
  if (c.isolate?.length) parts.push(`${c.isolate.join(', ')} cut off the network (the pinger's target fails)`);
  if (c.rejoin?.length) parts.push(`${c.rejoin.join(', ')} back on the network`);
  return parts.join('; ') || `${which} unchanged`;
}

/**
 * Cuts, heals or slows wires and cuts brokers off their network, then lets the pair react: a
 * broker with a pinger that lost its network stands down; a replica that lost its live broker
 * over a cut wire cannot tell it from a dead one and goes live (one pair has no quorum to ask);
 * a healed wire between two live brokers says split brain; a broker back on its network starts over.
 */
export function changeWire(w: FakeWorld, change: WireChange): void {
  const wire = w.s.wire;
  if (!wire) throw labError('NOT_RUNNING', 'This lab has no wires between brokers.', 'Pick a lab with a wire.');
  const { ends } = change;
  w.event(ends?.[0] ?? wire.wires[0]?.a ?? w.lab.topology.brokers[0]!.id, 'LAB', 'lab', `Wire: ${wireWords(ends, change)}.`);
  const before = new Map(wire.wires.map((l) => [l, l.state]));
  for (const l of wire.wires) {
    if (ends && !(ends.includes(l.a) && ends.includes(l.b))) continue;
    if (change.cut !== undefined) {
      l.cut = change.cut;
      l.state = wire.relayRunning ? (change.cut ? 'cut' : 'open') : 'not-relayed';
    }
    if (change.latencyMs !== undefined) l.latencyMs = change.latencyMs;
  }
  const off = new Set([...wire.unreachable, ...(change.isolate ?? [])]);
  for (const id of change.rejoin ?? []) off.delete(id);
  wire.unreachable = [...off].sort();

  for (const n of w.s.brokers) {
    if (!isUp(n) || !off.has(n.name) || !settingsOf(w, n.name).networkCheck) continue;
    w.event(n.name, 'AMQ201001', 'network', 'Network is unhealthy, stopping service');
    Object.assign(n, { serverDown: true, live: false, backup: null, replicaSync: null });
  }
  for (const [l, was] of before) {
    if (l.state === 'cut' && was !== 'cut') splitPair(w, l.a, l.b);
    if (l.state === 'open' && was === 'cut') {
      const [a, b] = [brokerIn(w, l.a), brokerIn(w, l.b)];
      if (isServing(a) && isServing(b) && defOf(w, l.a)?.group && defOf(w, l.a)?.group === defOf(w, l.b)?.group) {
        for (const n of [a, b]) w.event(n.name, 'AMQ222294', 'split-brain', 'Possible split brain: another live server with the same node id');
      }
    }
  }
  for (const n of w.s.brokers) {
    if (n.process !== 'running' || !n.serverDown || off.has(n.name)) continue;
    w.event(n.name, 'AMQ201000', 'network', 'Network is healthy, starting service');
    n.serverDown = false;
    takeRole(w, n);
  }
}

/** The wire between a live broker and its backup was cut: the live loses its replica, the replica decides alone. */
function splitPair(w: FakeWorld, a: string, b: string): void {
  const [x, y] = [brokerIn(w, a), brokerIn(w, b)];
  if (!defOf(w, a)?.group || defOf(w, a)?.group !== defOf(w, b)?.group) return;
  const live = isServing(x) ? x : isServing(y) ? y : null;
  const other = live === x ? y : x;
  if (!live || !isUp(other) || other.live) return;
  w.event(live.name, 'AMQ222092', 'connection-lost', 'Connection to the backup broker failed, removing replication now');
  live.replicaSync = null;
  if (other.replicaSync !== true) return;
  w.event(other.name, 'AMQ221083', 'quorum', 'ignoring quorum vote as max cluster size is 1');
  w.event(other.name, 'AMQ221037', 'failover', 'Server is now active: becoming active after losing its live server');
  goLive(w, other);
}

/**
 * After any change (the fake lab calls it after each), what follows by itself: the relay's connections, a waiting backup becoming the
 * replica when the live broker has none, the cluster's view of itself, consumers following their
 * brokers, and the queues and ledger as the monitor would read them.
 */
export function settle(w: FakeWorld): void {
  const up = (id: string) => isUp(w.s.brokers.find((n) => n.name === id));
  for (const l of w.s.wire?.wires ?? []) l.connections = l.state === 'open' && up(l.a) && up(l.b) ? 2 : 0;
  for (const live of w.s.brokers.filter((n) => isServing(n) && defOf(w, n.name)?.ha === 'replication')) {
    const peers = groupPeers(w, live.name).filter((p) => reachable(w, live.name, p.name));
    if (peers.some(isReplica)) {
      live.replicaSync = true;
      continue;
    }
    const waiting = peers.find((p) => isUp(p) && !p.live && p.backup === true && !p.lastError);
    if (waiting) syncFrom(w, waiting, live);
    else live.replicaSync = null;
  }
  for (const n of w.s.brokers) {
    if (!isServing(n) || !n.cluster) continue;
    const peers = clusterPeers(w, n.name);
    Object.assign(n.cluster, { members: 1 + peers.length, remoteBindings: peers.length });
  }
  for (const n of w.s.brokers) followBroker(w, n.name);
  deliver(w);
  refreshQueues(w);
}
