// The two backup strategies side by side: a replicated pair and a shared-store pair in one lab,
// the same ten messages to each, the same crash of both live brokers, each pair timed on its own
// clock (groupStopwatches). What differs is what the backup must have before it is a backup: a
// copy over the network (synchronization, AMQ221024) or a lock on a shared disk (AMQ221109).
import type { HaEvent, LabSnapshot } from '../lab-state.js';
import { HA_QUEUE } from '../lab-state.js';
import { allOf, createStep, describeBrokerState, isDown, isLive, isPassive, isSyncedBackup, brokerOf, prerequisitesStep, unpackStep } from './checks.js';
import type { LabDefinition, StepCheck } from './lab-definition.js';

const COUNT = 10;
/** Each pair's group is its primary's id. */
const REP = 'repLive';
const SS = 'ssLive';

const state = (s: LabSnapshot, id: string, label: string) => `${label}: ${describeBrokerState(brokerOf(s, id))}.`;

function lastEvent(s: LabSnapshot, broker: string, codes: string[], after = ''): HaEvent | undefined {
  return s.events.filter((e) => e.broker === broker && codes.includes(e.code) && e.time >= after).at(-1);
}

/**
 * From the backup server's latest start (AMQ221000) to `readyCodes` after it: how long it took to
 * become a backup worth the name. Null until both are in its log.
 */
export function backupReadyMs(s: LabSnapshot, broker: string, readyCodes: string[]): number | null {
  const start = lastEvent(s, broker, ['AMQ221000']);
  if (!start) return null;
  const ready = s.events.find((e) => e.broker === broker && readyCodes.includes(e.code) && e.time >= start.time);
  return ready ? Date.parse(ready.time) - Date.parse(start.time) : null;
}

/** Replicated backup: synchronized (AMQ221024); shared-store backup: waiting on the lock (AMQ221109). */
export const replicaSyncMs = (s: LabSnapshot) => backupReadyMs(s, 'repBackup', ['AMQ221024']);
export const sharedBackupReadyMs = (s: LabSnapshot) => backupReadyMs(s, 'ssBackup', ['AMQ221109']);

const ms = (n: number | null | undefined) => (n == null ? 'not seen yet' : `${n} ms`);

/** The latest check on `broker` with `label` found every message sent to its pair, once. */
export function pairVerified(s: LabSnapshot, broker: string, label: string): StepCheck {
  const c = s.ledger.checks.filter((k) => k.broker === broker && k.label === label).at(-1);
  const ok = !!c && c.sent > 0 && c.present === c.sent && c.lost === 0 && c.duplicated === 0;
  return { ok, detail: c ? `On ${broker}: ${c.present}/${c.sent} of its pair's messages, ${c.lost} lost, ${c.duplicated} duplicated.` : `Not checked on ${broker} yet.` };
}

/** Each pair's failover (or failback) time, from its own clock. */
function clocks(s: LabSnapshot, which: 'failover' | 'failback'): string {
  const of = (group: string) => s.groupStopwatches[group]?.[which]?.ms;
  return `${which === 'failover' ? 'Failover' : 'Failback'}: replicated ${ms(of(REP))}, shared store ${ms(of(SS))}.`;
}

/** How far apart the two crashes were issued (both clocks start at their kill). */
function crashGapMs(s: LabSnapshot): number | null {
  const a = s.groupStopwatches[REP]?.failover?.startedAt;
  const b = s.groupStopwatches[SS]?.failover?.startedAt;
  return a && b ? Math.abs(Date.parse(a) - Date.parse(b)) : null;
}

const LABEL_FAILOVER = { rep: 'after the crash, on the replicated backup', ss: 'after the crash, on the shared-store backup' };
const LABEL_FAILBACK = { rep: 'after failback, on the replicated live', ss: 'after failback, on the shared-store live' };

const bothBackupsStandBy = (s: LabSnapshot) => isSyncedBackup(brokerOf(s, 'repBackup')) && isPassive(brokerOf(s, 'ssBackup'));

export const replicationVsSharedStore: LabDefinition = {
  id: 'replication-vs-shared-store',
  title: 'Replication vs shared store, side by side',
  summary: 'A replicated pair and a shared-store pair in one lab: the same messages, the same crash of both live brokers at once, each pair\'s failover timed on its own clock, and the replica\'s synchronization against the shared-store backup\'s none.',
  learn: [
    'A replicating backup is only a backup once it holds a full copy of the journal (AMQ221024); a shared-store backup is one as soon as it waits on the lock (AMQ221109).',
    'Crash both live brokers together: each backup takes over with its pair\'s messages, the replica from its own copy (AMQ221007), the shared-store backup from the same journal on the shared disk (AMQ221010).',
    'Failback differs most: the returning replicated primary first copies the journal back from the backup, the shared-store primary only waits for the lock.',
    'What each needs from the infrastructure: replication a fast, reliable network between the brokers (and twice the disk); shared store a shared filesystem with working locks (NFSv4, GFS2, a SAN) that becomes the one thing everything rests on.',
  ],
  minutes: 30,
  messageCount: COUNT,
  done: 'Every step verified. Two pairs, one crash: both kept every message. Replication paid with a synchronization before the backup counted and again on failback; shared store paid nothing there, and rests everything on one shared disk instead.',
  topology: {
    brokers: [
      { id: REP, label: 'Replicated live', instance: 'replicatedLive', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: ['repBackup'], group: REP },
      { id: 'repBackup', label: 'Replicated backup', instance: 'replicatedBackup', role: 'backup', ha: 'replication', portOffset: 100, connectsTo: [REP], group: REP },
      { id: SS, label: 'Shared-store live', instance: 'sharedLive', role: 'primary', ha: 'shared-store', portOffset: 200, connectsTo: ['ssBackup'], group: SS, settings: { failoverOnShutdown: false } },
      { id: 'ssBackup', label: 'Shared-store backup', instance: 'sharedBackup', role: 'backup', ha: 'shared-store', portOffset: 300, connectsTo: [SS], group: SS, settings: { allowFailback: true } },
    ],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create both pairs',
      instruction: 'Create replicatedLive and replicatedBackup (offset 100) with artemis create --replicated, and sharedLive (offset 200) and sharedBackup (offset 300) with --shared-store and one --data directory.',
      why: 'Same broker, same version, two answers to "where does the backup get the data": its own copy, sent over the network, or the very same files on a shared disk.',
      verifiedBy: 'All four instances exist, each pair with its HA policy.',
    }),
    {
      id: 'start-lives',
      title: 'Start both live brokers',
      instruction: 'Start replicatedLive, wait until it is live, then sharedLive (it takes the journal\'s lock, AMQ221035).',
      why: 'One after the other: on a laptop four JVMs booting at once mostly wait for each other.',
      command: '{repLive.bin}/artemis run',
      verifiedBy: 'Both live brokers log AMQ221007 and Jolokia reports them active.',
      hint: 'See the broker\'s log: a port in use or the wrong Java are the usual causes.',
      act: [
        { do: 'start', broker: REP },
        { do: 'wait', until: (s) => isLive(brokerOf(s, REP)), what: 'the replicated live broker to be live', bound: 'startLive', failEarly: { when: 'died', broker: REP } },
        { do: 'start', broker: SS },
      ],
      bound: 'startLive',
      failEarly: { when: 'died', broker: SS },
      check: (s) => ({ ok: isLive(brokerOf(s, REP)) && isLive(brokerOf(s, SS)), detail: `${state(s, REP, 'Replicated live')} ${state(s, SS, 'Shared-store live')}` }),
    },
    {
      id: 'start-backups',
      title: 'Start both backups: one copies, one waits',
      instruction: 'Start replicatedBackup and watch it synchronize (AMQ221025 on the live, AMQ221024 on the backup); then start sharedBackup: it takes the backup lock (AMQ221033) and waits (AMQ221109).',
      why: 'The replica is not a backup until it holds the whole journal: the bigger the journal, the longer the wait, and the network carries every write from now on. The shared-store backup has nothing to copy: its readiness costs no time and no bandwidth, only a lock on a shared disk.',
      command: '{repBackup.bin}/artemis run',
      verifiedBy: 'The replicated backup is passive with ReplicaSync = true; the shared-store backup is passive (ReplicaSync stays false: nothing is replicated); the lab times each from AMQ221000.',
      hint: 'The replicated backup needs its live broker up; the shared-store backup needs the same data directory as its live broker. See their logs.',
      act: [
        { do: 'start', broker: 'repBackup' },
        { do: 'wait', until: (s) => isSyncedBackup(brokerOf(s, 'repBackup')), what: 'the replicated backup to synchronize (AMQ221024)', bound: 'backupSync', failEarly: { when: 'died', broker: 'repBackup' } },
        { do: 'start', broker: 'ssBackup' },
        { do: 'wait-check', bound: 'backupSync' },
        { do: 'ensure-queue' },
      ],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'ssBackup' },
      check: (s) => ({
        ok: bothBackupsStandBy(s) && brokerOf(s, 'ssBackup')?.replicaSync !== true && replicaSyncMs(s) !== null && sharedBackupReadyMs(s) !== null,
        detail: `Replica synchronized ${ms(replicaSyncMs(s))} after its server started (AMQ221000 → AMQ221024); shared-store backup waiting on the lock ${ms(sharedBackupReadyMs(s))} after (AMQ221000 → AMQ221109), nothing copied.`,
      }),
    },
    {
      id: 'send',
      title: 'Send 10 messages to each pair',
      instruction: 'Send 10 durable messages to haQueue on replicatedLive, and 10 to haQueue on sharedLive.',
      why: 'On the replicated live each message is written to its journal and sent to the replica before the client hears "accepted"; on the shared-store live it is written once, to the shared journal.',
      command: '{repLive.bin}/artemis producer --message-count {count} --url "{repLive.url}" --user {user} --password {password} --destination queue://haQueue',
      verifiedBy: 'The ledger books 10 messages to each pair, and each live broker holds its 10.',
      hint: 'Both live brokers must be live to accept messages.',
      act: [
        { do: 'send', count: COUNT, broker: REP },
        { do: 'send', count: COUNT, broker: SS },
      ],
      check: (s) => {
        const sent = s.ledger.sentByGroup ?? {};
        const held = (id: string) => brokerOf(s, id)?.queues[HA_QUEUE] ?? null;
        const pairOk = (group: string) => (sent[group] ?? 0) >= COUNT && held(group) === sent[group];
        return {
          ok: pairOk(REP) && pairOk(SS),
          detail: `Replicated: ${sent[REP] ?? 0} sent, live holds ${held(REP) ?? 'no queue'}. Shared store: ${sent[SS] ?? 0} sent, live holds ${held(SS) ?? 'no queue'}.`,
        };
      },
    },
    {
      id: 'crash-both',
      title: 'Crash both live brokers at once',
      instruction: 'Kill replicatedLive and sharedLive hard (kill -9), both at once.',
      why: 'The same failure for both strategies, at the same moment, on the same machine: whatever differs afterwards is the strategy.',
      command: 'kill -9 <pid of replicatedLive> <pid of sharedLive>',
      verifiedBy: 'Both live brokers\' processes are gone; each pair\'s failover clock started at its kill.',
      hint: 'If one does not stop, the lab kills it.',
      act: [{ do: 'crash-together', brokers: [REP, SS] }],
      check: (s) => {
        const gap = crashGapMs(s);
        return {
          ok: isDown(brokerOf(s, REP)) && isDown(brokerOf(s, SS)),
          detail: `${state(s, REP, 'Replicated live')} ${state(s, SS, 'Shared-store live')}${gap != null ? ` Kills ${gap} ms apart.` : ''}`,
        };
      },
    },
    {
      id: 'both-failed-over',
      title: 'Both backups take over, each with its pair\'s messages',
      instruction: 'Watch both backups: the replica logs AMQ221037 then AMQ221007 (it votes, then goes live on its own copy); the shared-store backup logs AMQ221010 once it holds the lock. The lab times each pair on its own clock.',
      why: 'Both kept every message. The replica takes over from the copy it already holds; the shared-store backup first loads the journal from the shared disk. Either way the journal is read at takeover, so the times are of one order: what differs is what was paid before the crash.',
      command: null,
      verifiedBy: 'Both backups are live, and the ledger finds on each exactly the 10 messages sent to its pair.',
      hint: 'Each backup must have been standing by before the crash (step "Start both backups").',
      act: [
        {
          do: 'wait',
          until: (s) => isLive(brokerOf(s, 'repBackup')) && isLive(brokerOf(s, 'ssBackup')),
          what: 'both backups to be live',
          bound: 'failover',
          failEarly: { when: 'cannot-take-over', broker: 'repBackup' },
        },
        { do: 'verify', label: LABEL_FAILOVER.rep, broker: 'repBackup' },
        { do: 'verify', label: LABEL_FAILOVER.ss, broker: 'ssBackup' },
      ],
      bound: 'failover',
      failEarly: { when: 'cannot-take-over', broker: 'repBackup' },
      check: (s) =>
        allOf(
          {
            ok: isLive(brokerOf(s, 'repBackup')) && isLive(brokerOf(s, 'ssBackup')) && s.groupStopwatches[REP]?.failover?.ms != null && s.groupStopwatches[SS]?.failover?.ms != null,
            detail: clocks(s, 'failover'),
          },
          pairVerified(s, 'repBackup', LABEL_FAILOVER.rep),
          pairVerified(s, 'ssBackup', LABEL_FAILOVER.ss),
        ),
    },
    {
      id: 'failback-both',
      title: 'Restart both live brokers: two kinds of failback',
      instruction: 'Start replicatedLive: it copies the journal back from the backup (AMQ221024 in its own log) before the backup hands over (AMQ221039). Then start sharedLive: it waits for the lock (AMQ221034) and the backup hands it over (AMQ221008).',
      why: 'Replication pays its synchronization again, in the other direction, while the clients are on the backup; a shared store has nothing to copy back. In exchange, replication needs no shared disk at all: each broker can sit on its own host, storage and rack.',
      command: '{repLive.bin}/artemis run',
      verifiedBy: 'Both primaries are live with their pair\'s 10 messages; the replica is synchronized again and the shared-store backup waits on the lock.',
      hint: 'Failback needs allow-failback on the backups (setup writes it). On a loaded machine the replicated failback can miss its synchronization timeout (AMQ229114): see the logs.',
      act: [
        { do: 'start', broker: REP, ifRunning: 'fail' },
        {
          do: 'wait',
          until: (s) => isLive(brokerOf(s, REP)) && isSyncedBackup(brokerOf(s, 'repBackup')),
          what: 'the replicated live live again and its backup synchronized',
          bound: 'failback',
          failEarly: { when: 'died', broker: REP },
        },
        { do: 'start', broker: SS, ifRunning: 'fail' },
        {
          do: 'wait',
          until: (s) => isLive(brokerOf(s, SS)) && isPassive(brokerOf(s, 'ssBackup')),
          what: 'the shared-store live live again and its backup waiting',
          bound: 'failback',
          failEarly: { when: 'died', broker: SS },
        },
        { do: 'verify', label: LABEL_FAILBACK.rep, broker: REP },
        { do: 'verify', label: LABEL_FAILBACK.ss, broker: SS },
      ],
      bound: 'failback',
      check: (s) =>
        allOf(
          { ok: isLive(brokerOf(s, REP)) && isLive(brokerOf(s, SS)) && bothBackupsStandBy(s), detail: clocks(s, 'failback') },
          pairVerified(s, REP, LABEL_FAILBACK.rep),
          pairVerified(s, SS, LABEL_FAILBACK.ss),
        ),
    },
  ],
};
