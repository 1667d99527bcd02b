// The other backup strategy: a live broker and a backup sharing one journal directory. The
// backup holds no copy and needs no synchronization: it waits on the journal's file lock, and
// takes over the moment the lock is free. Verified end to end on 2.44.0 and 2.31.2 (codes per
// version: docs/labs/shared-store.md; figures: docs/measurements.md).
import type { LabSnapshot } from '../lab-state.js';
import { HA_QUEUE } from '../lab-state.js';
import { allMessagesOn, allOf, createStep, describeBrokerState, isDown, isLive, isPassive, brokerOf, prerequisitesStep, sendStep, startLiveStep, unpackStep } from './checks.js';
import type { LabDefinition, LabStep } from './lab-definition.js';

const COUNT = 10;

const state = (s: LabSnapshot, id: string, label: string) => `${label}: ${describeBrokerState(brokerOf(s, id))}.`;

/**
 * The backup has seen the live broker leave after the latest stop of the live: what it does next
 * is its decision. 2.44.0 logs AMQ224135 ("is closing"), 2.31.2 AMQ222295 ("possible split brain…
 * Topology update ignored") and AMQ212037; all read as 'connection-lost'.
 */
export function backupSawLiveLeave(s: LabSnapshot): boolean {
  const stopIssued = s.events.filter((e) => e.broker === 'live' && e.code === 'LAB' && /stop issued/i.test(e.text)).at(-1);
  if (!stopIssued) return false;
  return s.events.some((e) => e.broker === 'backup' && e.time >= stopIssued.time && e.kind === 'connection-lost');
}

const pairBack = (s: LabSnapshot) => isLive(brokerOf(s, 'live')) && isPassive(brokerOf(s, 'backup'));

/** Restart the live broker and see it take the lock back with every message: the story does it twice. */
function failbackStep(text: { id: string; title: string; instruction: string; why: string; hint: string; verifyLabel: string }): LabStep {
  return {
    id: text.id,
    title: text.title,
    instruction: text.instruction,
    why: text.why,
    command: '{live.bin}/artemis run',
    verifiedBy: 'The live broker is live with all 10 messages; the backup is passive again.',
    hint: text.hint,
    act: [
      { do: 'start', broker: 'live', ifRunning: 'fail' },
      { do: 'wait', until: pairBack, what: 'the live broker live and the backup waiting again', bound: 'failback', failEarly: { when: 'died', broker: 'live' } },
      { do: 'verify', label: text.verifyLabel, broker: 'live' },
    ],
    bound: 'failback',
    check: (s) => allOf({ ok: pairBack(s), detail: `${state(s, 'live', 'Live')} ${state(s, 'backup', 'Backup')}` }, allMessagesOn(s, 'live')),
  };
}

export const sharedStore: LabDefinition = {
  id: 'shared-store',
  title: 'Shared store: one journal, two brokers',
  summary: 'A live broker and a backup that share one journal directory: no copy, no synchronization, the file lock decides. Crash, graceful stop with and without failover-on-shutdown, and failback.',
  learn: [
    'With a shared store the backup keeps no copy of the data: it waits on the journal\'s file lock (AMQ221032, AMQ221033).',
    'A crash frees the lock and the backup is live at once with every message (AMQ221010), with nothing to synchronize.',
    'A graceful stop hands over only with failover-on-shutdown=true; by default the backup keeps waiting and clients have no broker.',
    'Failback: the restarted live waits for the lock and the backup, allowed to fail back, hands it over (AMQ221008).',
    'In production the two brokers are on two hosts: the journal must be on a shared filesystem with working locks (NFSv4, GFS2, a SAN), never a local disk.',
  ],
  minutes: 25,
  messageCount: COUNT,
  done: 'Every step verified. One journal, two brokers, and the file lock deciding who serves: no synchronization to wait for, and no second copy to lose — the shared filesystem is the one thing it all rests on.',
  topology: {
    brokers: [
      { id: 'live', label: 'Live', instance: 'sharedLive', role: 'primary', ha: 'shared-store', portOffset: 0, connectsTo: ['backup'], group: 'live', settings: { failoverOnShutdown: false } },
      { id: 'backup', label: 'Backup', instance: 'sharedBackup', role: 'backup', ha: 'shared-store', portOffset: 100, connectsTo: ['live'], group: 'live', settings: { allowFailback: true } },
    ],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create the live and backup on one journal',
      instruction: 'Create sharedLive and sharedBackup (offset 100) with artemis create --shared-store and the same --data directory for both.',
      why: 'Both brokers point their journal, bindings, paging and large-messages at the same folder: only one can hold its lock at a time.',
      verifiedBy: 'Both instances exist with the shared-store HA policy and one data directory.',
    }),
    startLiveStep({
      broker: 'live',
      label: 'Live',
      instruction: "Start sharedLive: it takes the journal's lock (AMQ221035) and goes live.",
      why: 'Whoever holds the lock serves clients.',
    }),
    {
      id: 'start-backup',
      title: 'Start the backup: it waits on the lock',
      instruction: 'Start sharedBackup. It logs "Waiting to become backup broker" (AMQ221032), takes the backup lock (AMQ221033) and announces itself (AMQ221031).',
      why: 'Nothing to copy and nothing to synchronize: the backup only waits for the live broker\'s lock to be free.',
      command: '{backup.bin}/artemis run',
      verifiedBy: 'The backup is passive (Backup = true) and registers no queue.',
      hint: 'The backup needs the same data directory as the live broker; see its log.',
      act: [{ do: 'start', broker: 'backup' }, { do: 'wait-check', bound: 'backupSync' }, { do: 'ensure-queue' }],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup' },
      check: (s) => {
        const b = brokerOf(s, 'backup');
        return { ok: isPassive(b) && b!.queues[HA_QUEUE] === null, detail: `${state(s, 'backup', 'Backup')} haQueue ${b?.queues[HA_QUEUE] ?? 'absent'}.` };
      },
    },
    sendStep({ broker: 'live', label: 'Live', count: COUNT, why: 'They go into the one journal on disk: the backup will read that same journal when it takes over.' }),
    {
      id: 'crash-live',
      title: 'Crash the live broker',
      instruction: 'Kill sharedLive hard (kill -9): the operating system frees its file lock at once.',
      why: 'A crash is what shared store is for: the lock goes with the process.',
      command: 'kill -9 <pid of sharedLive>',
      verifiedBy: 'The live broker\'s process is gone.',
      hint: 'If it does not stop, the lab kills it.',
      act: [{ do: 'stop', broker: 'live', crash: true }],
      check: (s) => ({ ok: isDown(brokerOf(s, 'live')), detail: state(s, 'live', 'Live') }),
    },
    {
      id: 'backup-live',
      title: 'The backup is live at once, with every message',
      instruction: 'Watch the backup: AMQ221010 ("Backup Server is now active"), no synchronization before it. Browse haQueue on its console.',
      why: 'It loads the same journal the live broker wrote: every durable message is there, and nothing had to be copied.',
      command: null,
      verifiedBy: 'The backup is live and the ledger finds all 10 messages on it.',
      hint: 'The backup must have been waiting on the lock (step "Start the backup").',
      act: [
        { do: 'wait', until: (s) => isLive(brokerOf(s, 'backup')), what: 'the backup to be live', bound: 'failover' },
        { do: 'verify', label: 'after the crash, on the backup', broker: 'backup' },
      ],
      bound: 'failover',
      check: (s) => {
        const ms = s.stopwatch.failover?.ms;
        return allOf({ ok: isLive(brokerOf(s, 'backup')), detail: `${state(s, 'backup', 'Backup')}${ms != null ? ` Took over in ${ms} ms.` : ''}` }, allMessagesOn(s, 'backup'));
      },
    },
    failbackStep({
      id: 'failback',
      title: 'Restart the live broker: failback',
      instruction: 'Start sharedLive again. It waits for the lock (AMQ221034); the backup, allowed to fail back, restarts as a backup (AMQ221008) and frees it.',
      why: 'There is no check-for-live-server in shared store: the file lock is the arbiter.',
      hint: 'Failback needs allow-failback on the backup (setup writes it).',
      verifyLabel: 'after failback, on the live broker',
    }),
    {
      id: 'graceful-no-failover',
      title: 'Stop the live broker gracefully: nobody takes over',
      instruction: 'Stop sharedLive with artemis stop. It is created with failover-on-shutdown=false (the default): the backup sees it leave and keeps waiting.',
      why: 'A graceful stop is read as "planned maintenance": by default the service is simply down until the live broker returns. Clients have no broker meanwhile.',
      command: '{live.bin}/artemis stop',
      verifiedBy: 'The live broker stopped, the backup saw it leave, and the backup is still passive.',
      hint: 'If the backup took over, failover-on-shutdown is already true on the live broker.',
      act: [
        { do: 'stop', broker: 'live' },
        { do: 'wait', until: backupSawLiveLeave, what: 'the backup to see the live broker leave', bound: 'failover' },
      ],
      bound: 'failover',
      check: (s) => ({
        ok: isDown(brokerOf(s, 'live')) && isPassive(brokerOf(s, 'backup')) && backupSawLiveLeave(s),
        detail: `${state(s, 'live', 'Live')} ${state(s, 'backup', 'Backup')}`,
      }),
    },
    {
      id: 'failover-on-shutdown',
      title: 'Turn failover-on-shutdown on, and start the live broker',
      instruction: 'Set <failover-on-shutdown>true</failover-on-shutdown> in sharedLive\'s ha-policy, then start it again.',
      why: 'With it, a graceful stop hands over like a crash does: maintenance without an outage.',
      command: '{live.bin}/artemis run',
      verifiedBy: 'lab.json and broker.xml say failover-on-shutdown=true, and the live broker is live again with the backup waiting.',
      hint: 'See the live broker\'s log.',
      act: [
        { do: 'configure', brokers: ['live'], settings: { failoverOnShutdown: true } },
        { do: 'start', broker: 'live', ifRunning: 'fail' },
      ],
      bound: 'startLive',
      failEarly: { when: 'died', broker: 'live' },
      check: (s) => ({
        ok: s.config?.brokers.live?.settings?.failoverOnShutdown === true && isLive(brokerOf(s, 'live')) && isPassive(brokerOf(s, 'backup')),
        detail: `failover-on-shutdown ${s.config?.brokers.live?.settings?.failoverOnShutdown ?? 'false'}. ${state(s, 'live', 'Live')} ${state(s, 'backup', 'Backup')}`,
      }),
    },
    {
      id: 'graceful-with-failover',
      title: 'Stop it gracefully again: the backup takes over',
      instruction: 'Stop sharedLive with artemis stop. This time the backup logs AMQ221010 and serves the 10 messages.',
      why: 'The same graceful stop, one setting apart: now the backup takes over.',
      command: '{live.bin}/artemis stop',
      verifiedBy: 'The live broker stopped; the backup is live with all 10 messages.',
      hint: 'The live broker must have been restarted after the setting changed.',
      act: [
        { do: 'stop', broker: 'live' },
        { do: 'wait', until: (s) => isLive(brokerOf(s, 'backup')), what: 'the backup to be live', bound: 'failover' },
        { do: 'verify', label: 'after a graceful stop with failover-on-shutdown, on the backup', broker: 'backup' },
      ],
      bound: 'failover',
      check: (s) => allOf({ ok: isDown(brokerOf(s, 'live')) && isLive(brokerOf(s, 'backup')), detail: `${state(s, 'live', 'Live')} ${state(s, 'backup', 'Backup')}` }, allMessagesOn(s, 'backup')),
    },
    failbackStep({
      id: 'failback-again',
      title: 'Fail back once more',
      instruction: 'Start sharedLive: the backup hands the lock back (AMQ221008) and waits again.',
      why: 'Back to the planned shape, ready for the next failure.',
      hint: 'See both logs.',
      verifyLabel: 'after the second failback, on the live broker',
    }),
  ],
};
