// A replicated pair whose replication link the lab cuts while both brokers run: the backup
// cannot tell a dead primary from a cut wire, and with nothing to guard against it (the seed's
// AMQ 7.0 configuration) both become live — split brain. Then the cure: the pinger, whose
// check target the lab controls per broker, so "the backup lost the network" is staged on one laptop.
import type { LabSnapshot } from '../lab-state.js';
import { allOf, createStep, describeBrokerState, isLive, isRunning, isSyncedBackup, latestCheck, brokerOf, prerequisitesStep, queueCount, unpackStep } from './checks.js';
import type { LabDefinition, LabStep, StepCheck } from './lab-definition.js';

const COUNT = 10;
const EACH_SIDE = 5;
const P = 'primary';
const B = 'backup';
const LATENCIES = [0, 50];
const TIMED_SENDS = 20;

const wire = (s: LabSnapshot) => s.wire?.wires.find((l) => [l.a, l.b].includes(P) && [l.a, l.b].includes(B));
const wireState = (s: LabSnapshot) => {
  const l = wire(s);
  return l ? `wire ${l.state}${l.latencyMs ? ` (+${l.latencyMs} ms)` : ''}, ${l.connections} connection${l.connections === 1 ? '' : 's'}` : 'no wire';
};
const both = (s: LabSnapshot) => `Primary: ${describeBrokerState(brokerOf(s, P))}. Backup: ${describeBrokerState(brokerOf(s, B))}${brokerOf(s, B)?.replicaSync ? ', synchronized' : ''}. ${wireState(s)}.`;
// Split brain as the snapshot says it (judged once, shared/derive/split-brain.ts).
const twoLive = (s: LabSnapshot) => s.splitBrain.some((g) => g.group === P && g.brokers.includes(P) && g.brokers.includes(B));
const cutOff = (s: LabSnapshot, id: string) => !!s.wire?.unreachable.includes(id);

/** The latest timed series at each delay, newest first. */
function latestAt(s: LabSnapshot, latencyMs: number) {
  return [...s.roundTrips].reverse().find((r) => r.latencyMs === latencyMs && r.durable);
}

function roundTripCheck(s: LabSnapshot): StepCheck {
  const [fast, slow] = LATENCIES.map((ms) => latestAt(s, ms));
  if (!fast || !slow) return { ok: false, detail: `Timed sends so far: ${s.roundTrips.map((r) => `${r.latencyMs} ms → ${r.medianMs} ms`).join(', ') || 'none'}.` };
  // A durable send waits for the backup's copy: the wire's delay, both ways, is in every round trip.
  const added = slow.medianMs - fast.medianMs;
  return {
    ok: added >= slow.latencyMs,
    detail: `Median durable send: ${fast.medianMs} ms with ${fast.latencyMs} ms on the wire, ${slow.medianMs} ms with ${slow.latencyMs} ms (+${Math.round(added)} ms).`,
  };
}

/** Where the split left the run's messages, from the latest placement check. */
function placementCheck(s: LabSnapshot, want: { both: number; onlyPrimary: number; onlyBackup: number }): StepCheck {
  const p = latestCheck(s)?.placement;
  if (!p) return { ok: false, detail: 'Not located on both brokers yet.' };
  const count = (on: string[]) => p.rows.filter((r) => r.on.join() === on.join()).reduce((n, r) => n + r.lastSeq - r.firstSeq + 1, 0);
  const got = { both: count([P, B]), onlyPrimary: count([P]), onlyBackup: count([B]) };
  return {
    ok: got.both === want.both && got.onlyPrimary === want.onlyPrimary && got.onlyBackup === want.onlyBackup,
    detail: `${got.both} on both brokers, ${got.onlyPrimary} only on the primary, ${got.onlyBackup} only on the backup.`,
  };
}

const startBackupStep: LabStep = {
  id: 'start-backup',
  title: 'Start the backup: replication crosses the wire',
  instruction: 'Start splitBackup. It reaches the primary through the lab\'s relay (the line between the two boxes) and copies its journal.',
  why: 'Each broker announces the relay\'s address to the other, so every byte of replication crosses a wire the lab can cut; clients still reach each broker directly.',
  command: '{backup.bin}/artemis run',
  verifiedBy: 'The backup is passive with ReplicaSync = true, and the wire carries its connections.',
  hint: 'The primary must be live first; `amq-ha-lab wire status` shows whether the relay runs.',
  act: [{ do: 'start', broker: B }, { do: 'wait-check', bound: 'backupSync' }, { do: 'ensure-queue' }],
  bound: 'backupSync',
  failEarly: { when: 'died', broker: B },
  check: (s) => ({ ok: isLive(brokerOf(s, P)) && isSyncedBackup(brokerOf(s, B)) && wire(s)?.state === 'open' && (wire(s)?.connections ?? 0) > 0, detail: both(s) }),
};

export const splitBrain: LabDefinition = {
  id: 'split-brain',
  title: 'Cut the wire: split brain',
  summary: 'Cut the replication link of a running pair: with the seed\'s configuration both brokers become live and each takes its own messages. Then the cure — the pinger — and the same cut leaves one live broker.',
  learn: [
    'A backup cannot tell a dead primary from a cut wire: with one pair and no guard it takes over while the primary still serves (AMQ221083: no quorum to ask).',
    'After the wire heals, nobody yields: both stay live (AMQ222294) until a person chooses which side to keep, and the other side\'s messages are lost.',
    'Replication is synchronous: every durable send waits for the backup, so the wire\'s delay is in every round trip.',
    'The pinger (network-check-URL-list) lets a cut-off backup know it is the one cut off: it stands down (its broker stops inside the JVM) instead of taking over, at the price of no failover while the network is really down.',
  ],
  minutes: 35,
  messageCount: COUNT,
  done: 'Every step verified. You cut a wire and got two live brokers with different messages; you saw that healing the wire does not heal the split; and with the pinger, the same cut left one live broker and nothing stranded.',
  topology: {
    brokers: [
      // The seed's AMQ 7.0 pair: nothing guards against a partition (create writes vote-on-replication-failure=true; undone here).
      { id: P, label: 'Primary', instance: 'splitPrimary', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: [B], group: P, settings: { voteOnReplicationFailure: false, networkCheck: false } },
      { id: B, label: 'Backup', instance: 'splitBackup', role: 'backup', ha: 'replication', portOffset: 100, connectsTo: [P], group: P, settings: { networkCheck: false, savedReplicatedJournals: 2 } },
    ],
    wires: [{ between: [P, B] }],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create the pair, wired through the lab',
      instruction: 'Create splitPrimary and splitBackup (offset 100) with artemis create --replicated. Each one\'s connector to the other, and the address it announces, point at the lab\'s relay; vote-on-replication-failure is off and there is no pinger, as in the seed\'s AMQ 7.0 days.',
      why: 'The relay is the cable the lab can pull: replication and cluster traffic cross it, clients do not.',
      verifiedBy: 'Both instances exist, wired through the relay.',
    }),
    {
      id: 'start-primary',
      title: 'Start the primary broker',
      instruction: 'Start splitPrimary and wait until it is live. The lab starts its relay first.',
      why: 'The primary goes live; its backup will reach it through the wire.',
      command: '{primary.bin}/artemis run',
      verifiedBy: 'The primary logs AMQ221007, Jolokia reports it active, and the relay runs.',
      hint: 'See its log: a port in use or the wrong Java are the usual causes.',
      act: [{ do: 'start', broker: P }],
      bound: 'startLive',
      failEarly: { when: 'died', broker: P },
      check: (s) => ({ ok: isLive(brokerOf(s, P)) && !!s.wire?.relayRunning, detail: `Primary: ${describeBrokerState(brokerOf(s, P))}. ${s.wire?.relayRunning ? 'Relay running.' : 'Relay not running.'}` }),
    },
    startBackupStep,
    {
      id: 'slow-wire',
      title: 'Slow the wire: 0 ms, then 50 ms',
      instruction: `Send ${TIMED_SENDS} durable messages one at a time with nothing added to the wire, then again with 50 ms added each way (\`amq-ha-lab wire delay 50\`), and compare the round trips.`,
      why: 'The primary confirms a durable message only once the backup has it: every send pays the replication round trip. Distance between data centres costs latency on every message.',
      command: 'amq-ha-lab wire delay 50',
      verifiedBy: 'The median round trip at 50 ms is at least 50 ms longer than at 0 ms (the chart shows each send).',
      hint: 'The backup must be synchronized: without a replica the primary confirms at once.',
      act: [{ do: 'time-sends', latencies: LATENCIES, count: TIMED_SENDS + 1 }],
      check: roundTripCheck,
    },
    {
      id: 'send',
      title: `Send ${COUNT} messages`,
      instruction: `Send ${COUNT} durable messages to haQueue on the primary.`,
      why: 'The primary replicates each to the backup before confirming: both hold them.',
      command: '{primary.bin}/artemis producer --message-count {count} --url "{primary.url}" --user {user} --password {password} --destination queue://haQueue',
      verifiedBy: `The ledger records ${COUNT} messages sent, and the primary holds them.`,
      hint: 'The primary must be live.',
      act: [{ do: 'send', count: COUNT, broker: P, newRun: true }],
      check: (s) => ({ ok: s.ledger.sent === COUNT && queueCount(s, P) === COUNT, detail: `${s.ledger.sent} sent; primary haQueue: ${queueCount(s, P) ?? 'no queue'}.` }),
    },
    {
      id: 'cut-wire',
      title: 'Cut the wire',
      instruction: 'Cut the wire between the two brokers (the scissors on the line, or `amq-ha-lab wire cut primary backup`). Both brokers keep running.',
      why: 'A partition, not a crash: the primary is alive and serving; the backup only sees its replication connection die.',
      command: 'amq-ha-lab wire cut primary backup',
      verifiedBy: 'The relay reports the wire cut.',
      hint: 'The relay must run (`amq-ha-lab wire status`).',
      act: [{ do: 'wire', ends: [P, B], cut: true }],
      check: (s) => ({ ok: wire(s)?.state === 'cut', detail: both(s) }),
    },
    {
      id: 'two-live',
      title: 'Two live brokers',
      instruction: 'Watch the backup: it asks for a quorum, finds nobody to ask (AMQ221083), and goes live (AMQ221007). The primary lost its replica (AMQ222092) and stays live.',
      why: 'With one pair there is no third voice: the backup cannot tell "primary dead" from "wire cut", and nothing told it to be careful.',
      command: null,
      verifiedBy: 'Jolokia reports both brokers active, and the backup holds the 10 messages too.',
      hint: 'If the backup stayed passive, it was not synchronized when the wire was cut.',
      act: [{ do: 'wait', until: twoLive, what: 'the backup to go live beside the primary', bound: 'failover' }, { do: 'verify', label: 'on the backup, both live', broker: B }],
      bound: 'failover',
      check: (s) => allOf({ ok: twoLive(s), detail: both(s) }, { ok: latestCheck(s)?.broker === B && latestCheck(s)?.present === COUNT, detail: `Backup holds ${latestCheck(s)?.present ?? '?'} of ${COUNT}.` }),
    },
    {
      id: 'send-both-sides',
      title: 'Each side takes its own messages',
      instruction: `Send ${EACH_SIDE} messages to the primary and ${EACH_SIDE} to the backup, each on its own port, as clients on each side of a partition would.`,
      why: 'Clients of either side carry on: each broker accepts and confirms, and neither knows of the other\'s messages.',
      command: '{backup.bin}/artemis producer --message-count 5 --url "{backup.url}" --user {user} --password {password} --destination queue://haQueue',
      verifiedBy: `Each broker holds ${COUNT + EACH_SIDE}: the 10 from before and its own ${EACH_SIDE}.`,
      hint: 'Both brokers must be live.',
      act: [
        { do: 'send', count: EACH_SIDE, broker: P },
        { do: 'send', count: EACH_SIDE, broker: B },
      ],
      check: (s) => ({ ok: twoLive(s) && queueCount(s, P) === COUNT + EACH_SIDE && queueCount(s, B) === COUNT + EACH_SIDE, detail: `Primary haQueue: ${queueCount(s, P)}, backup haQueue: ${queueCount(s, B)}.` }),
    },
    {
      id: 'heal-wire',
      title: 'Heal the wire: nobody yields',
      instruction: 'Heal the wire. The brokers see each other again (AMQ222294: "possible split brain", same node id) — and both stay live.',
      why: 'Artemis does not merge two histories or pick a winner: the split outlives the partition until a person acts.',
      command: 'amq-ha-lab wire heal primary backup',
      verifiedBy: 'The wire carries connections again, both brokers are still live, and the ledger finds 10 messages on both, 5 only on the primary and 5 only on the backup.',
      hint: 'Both brokers must still run.',
      act: [
        { do: 'wire', ends: [P, B], cut: false },
        { do: 'wait', until: (s) => wire(s)?.state === 'open' && (wire(s)?.connections ?? 0) > 0, what: 'the brokers to reconnect through the wire', bound: 'failover' },
        { do: 'locate', brokers: [P, B], label: 'after healing, on both' },
      ],
      bound: 'failover',
      check: (s) => allOf({ ok: twoLive(s) && wire(s)?.state === 'open', detail: both(s) }, placementCheck(s, { both: COUNT, onlyPrimary: EACH_SIDE, onlyBackup: EACH_SIDE })),
    },
    {
      id: 'repair',
      title: 'Repair: keep the primary\'s side',
      instruction: 'Choose a side. Stop the backup and start it again: it comes back as a backup, moves its own journal aside (AMQ222162, data/journal/oldreplica.N) and copies the primary\'s. Its 5 messages are no longer served by anyone.',
      why: 'Repairing a split brain means losing one side\'s writes (or moving them by hand first). That is why it must not happen.',
      command: '{backup.bin}/artemis stop',
      verifiedBy: 'The backup is passive and synchronized again, and the primary holds its 15: the ledger counts the backup\'s 5 as lost.',
      hint: 'The primary must stay live while the backup restarts.',
      act: [
        { do: 'stop', broker: B },
        { do: 'start', broker: B },
        { do: 'wait', until: (s) => isSyncedBackup(brokerOf(s, B)), what: 'the backup to synchronize again', bound: 'backupSync', failEarly: { when: 'died', broker: B } },
        { do: 'verify', label: 'after the repair, on the primary', broker: P },
      ],
      bound: 'backupSync',
      check: (s) =>
        allOf(
          { ok: isLive(brokerOf(s, P)) && isSyncedBackup(brokerOf(s, B)), detail: both(s) },
          { ok: latestCheck(s)?.broker === P && latestCheck(s)?.present === COUNT + EACH_SIDE && latestCheck(s)?.lost === EACH_SIDE, detail: `Primary holds ${latestCheck(s)?.present ?? '?'}; lost: ${latestCheck(s)?.lost ?? '?'}.` },
        ),
    },
    {
      id: 'add-pinger',
      title: 'The cure: give each broker a pinger',
      instruction: 'Set network-check-URL-list on both brokers to the lab\'s check target for each (http://127.0.0.1:<port>/<broker>), then restart the pair: backup first down, primary, then backup up.',
      why: 'A broker that cannot reach its check target knows it is the one cut off: a backup does not take over, a live broker stops serving.',
      command: null,
      verifiedBy: 'Both brokers run with the pinger, the primary live and the backup synchronized.',
      hint: 'The relay serves the check target; `amq-ha-lab wire status` shows it.',
      act: [
        { do: 'configure', brokers: [P, B], settings: { networkCheck: true } },
        { do: 'stop', broker: B },
        { do: 'stop', broker: P },
        { do: 'start', broker: P },
        { do: 'wait', until: (s) => isLive(brokerOf(s, P)), what: 'the primary to be live', bound: 'startLive', failEarly: { when: 'died', broker: P } },
        { do: 'start', broker: B },
      ],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: B },
      check: (s) => ({ ok: isLive(brokerOf(s, P)) && isSyncedBackup(brokerOf(s, B)) && pingerOn(s), detail: both(s) }),
    },
    {
      id: 'cut-again',
      title: 'Cut the backup off again: one live broker',
      instruction: 'Cut the wire and the backup\'s network together (`amq-ha-lab wire cut primary backup --isolate backup`). The backup\'s pinger fails: it stays a backup.',
      why: 'The backup sees its replication link and its network gone together, so it concludes it is the one isolated (AMQ222213) and stops its server until the network is back. The price: had the primary really died while the network was down, nobody would take over. And a cut that leaves both sides reaching their targets (only the wire between them down) still splits the pair: the pinger guards against isolation, not against every partition.',
      command: 'amq-ha-lab wire cut primary backup --isolate backup',
      verifiedBy: 'The wire is cut, the backup\'s check target fails, the backup runs and is not live, the primary is live.',
      hint: 'If the backup went live, its pinger was not on (see its broker.xml).',
      act: [
        { do: 'wire', ends: [P, B], cut: true, isolate: [B] },
        { do: 'wait', until: (s) => backupDeclined(s), what: 'the backup to notice its network is down and stay passive', bound: 'failover', failEarly: { when: 'died', broker: B } },
      ],
      bound: 'failover',
      check: (s) => ({ ok: wire(s)?.state === 'cut' && cutOff(s, B) && isLive(brokerOf(s, P)) && backupDeclined(s), detail: `${both(s)}${isolatedSaid(s) ? ' The backup said it is isolated and stood down.' : ''}` }),
    },
    {
      id: 'send-during-cut',
      title: `Send ${EACH_SIDE} more to the primary`,
      instruction: `Send ${EACH_SIDE} messages to the primary while the backup is cut off.`,
      why: 'Clients keep working on the one live broker; the backup has no copy for now (the primary runs without a replica).',
      command: '{primary.bin}/artemis producer --message-count 5 --url "{primary.url}" --user {user} --password {password} --destination queue://haQueue',
      verifiedBy: `The primary holds ${COUNT + 2 * EACH_SIDE}; the backup is still not live.`,
      hint: 'The primary must be live.',
      act: [{ do: 'send', count: EACH_SIDE, broker: P }],
      check: (s) => ({ ok: queueCount(s, P) === COUNT + 2 * EACH_SIDE && !brokerOf(s, B)?.live, detail: `Primary haQueue: ${queueCount(s, P)}. Backup: ${describeBrokerState(brokerOf(s, B))}.` }),
    },
    {
      id: 'heal-again',
      title: 'Heal: the pair recovers, nothing stranded',
      instruction: 'Heal the wire and the backup\'s network. The backup connects again and re-synchronizes by itself.',
      why: 'No second history was written, so there is nothing to choose between: the backup simply copies the primary again.',
      command: 'amq-ha-lab wire heal primary backup',
      verifiedBy: 'The backup is synchronized again and the ledger finds every message the primary confirmed since the repair on it.',
      hint: 'Give the backup a few seconds; see its log.',
      act: [
        { do: 'wire', ends: [P, B], cut: false, rejoin: [B] },
        { do: 'wait', until: (s) => isSyncedBackup(brokerOf(s, B)), what: 'the backup to synchronize again', bound: 'backupSync', failEarly: { when: 'died', broker: B } },
        { do: 'verify', label: 'after healing with the pinger, on the primary', broker: P },
      ],
      bound: 'backupSync',
      check: (s) =>
        allOf(
          { ok: isLive(brokerOf(s, P)) && isSyncedBackup(brokerOf(s, B)) && !cutOff(s, B), detail: both(s) },
          { ok: latestCheck(s)?.broker === P && latestCheck(s)?.present === COUNT + 2 * EACH_SIDE, detail: `Primary holds ${latestCheck(s)?.present ?? '?'} of the ${COUNT + 2 * EACH_SIDE} it confirmed.` },
        ),
    },
  ],
};

function pingerOn(s: LabSnapshot): boolean {
  return [P, B].every((id) => s.config?.brokers[id]?.settings?.networkCheck === true);
}

/**
 * The backup said its network is gone since the latest cut: AMQ222213 ("server is isolated") when
 * it judged its network on losing the primary, AMQ201001 ("network is unhealthy") when its pinger's
 * round came first (measured on 2.44.0: either, depending on which it noticed first).
 */
function isolatedSaid(s: LabSnapshot): boolean {
  const cut = s.events.filter((e) => e.code === 'LAB' && e.text.startsWith('Wire:') && e.text.includes(' cut ')).at(-1);
  return !!cut && s.events.some((e) => e.broker === B && (e.code === 'AMQ222213' || e.code === 'AMQ201001') && e.time >= cut.time);
}

/** The backup, cut off, judged its own network and stood down rather than take over: its JVM runs, its server is not live. */
function backupDeclined(s: LabSnapshot): boolean {
  const b = brokerOf(s, B);
  return isolatedSaid(s) && isRunning(b) && !b!.live;
}
