// One live broker and two replicating backups (the seed: "each live server can have 1 or more
// backup servers"; upstream's replicated-multiple-failover example). One backup replicates, the
// other waits its turn; each failover hands the live role on, and the waiting backup steps in
// as the new replica.
import { allMessagesOn, allOf, createStep, describeBrokerState, isDown, isLive, isPassive, isSyncedBackup, brokerOf, prerequisitesStep, sendStep, startLiveStep, unpackStep } from './checks.js';
import type { LabDefinition, LabStep } from './lab-definition.js';

const COUNT = 10;

const state = (s: Parameters<LabStep['check']>[0], id: string, label: string) => {
  const n = brokerOf(s, id);
  return `${label}: ${describeBrokerState(n)}${n && n.process === 'running' && !n.live ? `, synchronized: ${n.replicaSync ?? 'unknown'}` : ''}.`;
};

export const multipleBackups: LabDefinition = {
  id: 'multiple-backups',
  title: 'One live, two backups',
  summary: 'A live broker with two replicating backups: one replicates, the other waits its turn. Kill the live twice and watch the live role, and the replica, move on.',
  learn: [
    'Of several backups of one live, the first to connect replicates (AMQ221024); the others wait, passive and not synchronized.',
    'When the live dies, the synchronized backup takes over with every message, and the waiting backup becomes its replica.',
    'A second failure is covered too: the last backup takes over with every message.',
    'The original live, restarted with check-for-active-server, takes the live role back (failback) from whichever backup holds it.',
  ],
  minutes: 30,
  messageCount: COUNT,
  done: 'Every step verified. Two failures in a row, and no message lost: the live role went live → backup 1 → backup 2 and back to the live, and a waiting backup was always ready to become the next replica.',
  topology: {
    brokers: [
      { id: 'live', label: 'Live', instance: 'multiLive', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: ['backup1', 'backup2'], group: 'live' },
      { id: 'backup1', label: 'Backup 1', instance: 'multiBackup1', role: 'backup', ha: 'replication', portOffset: 100, connectsTo: ['live', 'backup2'], group: 'live' },
      { id: 'backup2', label: 'Backup 2', instance: 'multiBackup2', role: 'backup', ha: 'replication', portOffset: 200, connectsTo: ['live', 'backup1'], group: 'live' },
    ],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create the live and two backups',
      instruction: 'Create multiLive, multiBackup1 (offset 100) and multiBackup2 (offset 200) with artemis create --replicated; each lists the other two as static connectors.',
      why: 'Every broker of the group knows the others: whichever is live, the backups find it.',
      verifiedBy: 'The three instances exist with static connectors and the HA policy set.',
    }),
    startLiveStep({
      broker: 'live',
      label: 'Live',
      instruction: 'Start multiLive and wait until it is live.',
      why: 'The primary starts first and becomes the live broker the backups replicate from.',
    }),
    {
      id: 'start-backup1',
      title: 'Start backup 1: it replicates',
      instruction: 'Start multiBackup1; it connects to the live broker and copies its journal.',
      why: 'The first backup to connect becomes the replica: AMQ221024 says its copy is complete.',
      command: '{backup1.bin}/artemis run',
      verifiedBy: 'Backup 1 is passive with ReplicaSync = true.',
      hint: 'The live broker must be live first; see backup 1\'s log for connection errors.',
      act: [{ do: 'start', broker: 'backup1' }, { do: 'wait-check', bound: 'backupSync' }, { do: 'ensure-queue' }],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup1' },
      check: (s) => ({ ok: isSyncedBackup(brokerOf(s, 'backup1')), detail: state(s, 'backup1', 'Backup 1') }),
    },
    {
      id: 'start-backup2',
      title: 'Start backup 2: it waits',
      instruction: 'Start multiBackup2. The live broker already has its replica: backup 2 starts passive and waits its turn (AMQ221109, then nothing).',
      why: 'A live broker replicates to one backup at a time; more backups are spares, ready to become the next replica.',
      command: '{backup2.bin}/artemis run',
      verifiedBy: 'Backup 2 is passive (Backup = true) and not synchronized, while backup 1 stays the replica.',
      hint: 'If backup 2 synchronized instead, backup 1 was not yet in sync when it connected: restart backup 2.',
      act: [{ do: 'start', broker: 'backup2' }],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup2' },
      check: (s) => {
        const b2 = brokerOf(s, 'backup2');
        return { ok: isPassive(b2) && b2!.replicaSync !== true && isSyncedBackup(brokerOf(s, 'backup1')), detail: `${state(s, 'backup1', 'Backup 1')} ${state(s, 'backup2', 'Backup 2')}` };
      },
    },
    sendStep({ broker: 'live', label: 'Live', count: COUNT, why: 'The live broker writes them to its journal and replicates them to backup 1 before confirming.' }),
    {
      id: 'kill-live',
      title: 'Kill the live broker',
      instruction: 'Stop multiLive (or crash it, for an unplanned failure).',
      why: 'Backup 1 loses its replication link and, being synchronized, decides to become live.',
      command: '{live.bin}/artemis stop',
      verifiedBy: 'The live broker\'s process has exited.',
      hint: 'If it does not stop within the bound, the lab kills it.',
      act: [{ do: 'stop', broker: 'live', crash: 'option' }],
      check: (s) => ({ ok: isDown(brokerOf(s, 'live')), detail: state(s, 'live', 'Live') }),
    },
    {
      id: 'backup1-live',
      title: 'Backup 1 takes over with every message',
      instruction: 'Watch backup 1: AMQ221037 then AMQ221007. Browse haQueue on its console: the 10 messages are there.',
      why: 'Failover: the replica had every durable message before the live broker went away.',
      command: null,
      verifiedBy: 'Backup 1 is live and the ledger finds all 10 messages on it, none lost, none duplicated.',
      hint: 'A backup that was not synchronized cannot take over (AMQ229026).',
      act: [
        { do: 'wait', until: (s) => isLive(brokerOf(s, 'backup1')), what: 'backup 1 to be live', bound: 'failover', failEarly: { when: 'cannot-take-over', broker: 'backup1' } },
        { do: 'verify', label: 'after the first failover, on backup 1', broker: 'backup1' },
      ],
      bound: 'failover',
      check: (s) => allOf({ ok: isLive(brokerOf(s, 'backup1')), detail: state(s, 'backup1', 'Backup 1') }, allMessagesOn(s, 'backup1')),
    },
    {
      id: 'backup2-replicates',
      title: 'Backup 2 becomes the new replica',
      instruction: 'Watch backup 2: it now replicates from backup 1 (AMQ221024).',
      why: 'The waiting backup steps in by itself: the new live broker is covered again within seconds.',
      command: null,
      verifiedBy: 'Backup 2 is passive with ReplicaSync = true.',
      hint: 'Backup 2 must still be running; see its log.',
      act: [],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup2' },
      check: (s) => ({ ok: isSyncedBackup(brokerOf(s, 'backup2')) && isLive(brokerOf(s, 'backup1')), detail: state(s, 'backup2', 'Backup 2') }),
    },
    {
      id: 'kill-backup1',
      title: 'Kill backup 1, the new live',
      instruction: 'Stop multiBackup1 (or crash it).',
      why: 'A second failure in a row: backup 2, now synchronized, takes over.',
      command: '{backup1.bin}/artemis stop',
      verifiedBy: 'Backup 1\'s process has exited.',
      hint: 'If it does not stop within the bound, the lab kills it.',
      act: [{ do: 'stop', broker: 'backup1', crash: 'option' }],
      check: (s) => ({ ok: isDown(brokerOf(s, 'backup1')), detail: state(s, 'backup1', 'Backup 1') }),
    },
    {
      id: 'backup2-live',
      title: 'Backup 2 takes over with every message',
      instruction: 'Watch backup 2 become live; browse haQueue on its console: the 10 messages are still there.',
      why: 'Each failover keeps every durable message, as long as a synchronized replica was there to take over.',
      command: null,
      verifiedBy: 'Backup 2 is live and the ledger finds all 10 messages on it.',
      hint: 'Backup 2 must have been synchronized before backup 1 went away.',
      act: [
        { do: 'wait', until: (s) => isLive(brokerOf(s, 'backup2')), what: 'backup 2 to be live', bound: 'failover', failEarly: { when: 'cannot-take-over', broker: 'backup2' } },
        { do: 'verify', label: 'after the second failover, on backup 2', broker: 'backup2' },
      ],
      bound: 'failover',
      check: (s) => allOf({ ok: isLive(brokerOf(s, 'backup2')), detail: state(s, 'backup2', 'Backup 2') }, allMessagesOn(s, 'backup2')),
    },
    {
      id: 'restart-live',
      title: 'Restart the original live broker',
      instruction: 'Start multiLive again.',
      why: 'It was created with check-for-active-server: it finds backup 2 live, replicates from it first, then asks for the live role back.',
      command: '{live.bin}/artemis run',
      verifiedBy: 'The live broker\'s process is running again.',
      hint: 'See its log for errors.',
      act: [{ do: 'start', broker: 'live', ifRunning: 'fail' }],
      check: (s) => {
        const n = brokerOf(s, 'live');
        return { ok: !!n && (n.process === 'running' || n.process === 'starting'), detail: state(s, 'live', 'Live') };
      },
    },
    {
      id: 'failback',
      title: 'Watch the failback',
      instruction: 'Backup 2 hands over (AMQ221002, then AMQ221039: restarting as a backup) and replicates again; the live broker is live with the 10 messages.',
      why: 'allow-failback on the backups and check-for-active-server on the primary bring the group back to its planned shape, whichever backup held the live role.',
      command: null,
      verifiedBy: 'The live broker is live with all 10 messages; backup 2 is its synchronized replica.',
      hint: 'Failback needs allow-failback on the backups (setup writes it).',
      act: [
        {
          do: 'wait',
          until: (s) => isLive(brokerOf(s, 'live')) && isSyncedBackup(brokerOf(s, 'backup2')),
          what: 'the live broker live and backup 2 its synchronized replica',
          bound: 'failback',
          failEarly: { when: 'died', broker: 'live' },
        },
        { do: 'verify', label: 'after failback, on the live broker', broker: 'live' },
      ],
      bound: 'failback',
      check: (s) => allOf({ ok: isLive(brokerOf(s, 'live')) && isSyncedBackup(brokerOf(s, 'backup2')), detail: `${state(s, 'live', 'Live')} ${state(s, 'backup2', 'Backup 2')}` }, allMessagesOn(s, 'live')),
    },
    {
      id: 'restart-backup1',
      title: 'Bring backup 1 back as a spare',
      instruction: 'Start multiBackup1 again: the live broker has its replica, so backup 1 waits.',
      why: 'Three brokers again: one live, one replica, one spare — the group can lose two more.',
      command: '{backup1.bin}/artemis run',
      verifiedBy: 'Backup 1 is passive and waiting; the live broker is still live.',
      hint: 'See backup 1\'s log.',
      act: [{ do: 'start', broker: 'backup1', ifRunning: 'fail' }],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup1' },
      check: (s) => ({ ok: isPassive(brokerOf(s, 'backup1')) && isLive(brokerOf(s, 'live')), detail: `${state(s, 'live', 'Live')} ${state(s, 'backup1', 'Backup 1')}` }),
    },
  ],
};
