// The seed's story: a replicated live/backup pair, unchanged for the attendee (instance names,
// ports 61616/8161 and 61716/8261, the ten messages, failover and failback).
import { HA_QUEUE } from '../lab-state.js';
import { allMessagesOn, createStep, describeBrokerState, latestCheck, brokerOf, prerequisitesStep, trafficKept, trafficRecoveredOn, unpackStep } from './checks.js';
import type { LabDefinition } from './lab-definition.js';

const COUNT = 10;

export const replicatedPair: LabDefinition = {
  id: 'replicated-pair',
  title: 'Replicated live/backup pair',
  summary: 'The seed workshop: a master and its replicating backup; send 10 messages, stop the master, watch the backup take over with them, then fail back.',
  learn: [
    'A replicating backup keeps its own copy of the journal, synchronized over the network (AMQ221024).',
    'Failover: the backup becomes live with every durable message when the master goes away.',
    'Failback: the restarted master takes over again and the backup waits once more.',
    'Clients with a failover URL ride through both.',
  ],
  minutes: 25,
  messageCount: COUNT,
  done: 'Every step verified. You watched the backup take over with your messages and hand them back to the master: that is replicated HA. Try it again with Crash on the master’s card, for the unplanned failure.',
  topology: {
    brokers: [
      { id: 'master', label: 'Master', instance: 'replicatedMaster', role: 'primary', ha: 'replication', portOffset: 0, connectsTo: ['backup'], group: 'master' },
      { id: 'backup', label: 'Backup', instance: 'replicatedSlave', role: 'backup', ha: 'replication', portOffset: 100, connectsTo: ['master'], group: 'master' },
    ],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create the live and backup brokers',
      instruction: 'Create replicatedMaster (live) and replicatedSlave (backup, port offset 100) with artemis create --replicated.',
      why: 'With replication the backup keeps its own copy of the journal, synchronized over the network: no shared disk.',
      verifiedBy: 'Both instances exist with static connectors to each other and the HA policy set.',
    }),
    {
      id: 'start-master',
      title: 'Start the master',
      instruction: 'Start replicatedMaster and wait until it is live.',
      why: 'The primary starts first so that it becomes the live broker the backup replicates from.',
      command: '{master.bin}/artemis run',
      verifiedBy: 'The master logs AMQ221007 (now live) and Jolokia reports it active.',
      hint: 'See the master log: a port in use or the wrong Java are the usual causes.',
      act: [{ do: 'start', broker: 'master' }],
      bound: 'startLive',
      failEarly: { when: 'died', broker: 'master' },
      check: (s) => {
        const m = brokerOf(s, 'master');
        return { ok: !!m && m.process === 'running' && m.live, detail: `Master: ${describeBrokerState(m)}.` };
      },
    },
    {
      id: 'start-backup',
      title: 'Start the backup',
      instruction: 'Start replicatedSlave; it connects to the master and copies its journal.',
      why: 'A replicating backup is only a real backup after its initial synchronization (AMQ221024).',
      command: '{backup.bin}/artemis run',
      verifiedBy: 'The backup is passive and reports ReplicaSync = true.',
      hint: 'The backup needs the master live first; check the backup log for connection errors to the master.',
      act: [{ do: 'start', broker: 'backup' }, { do: 'wait-check', bound: 'backupSync' }, { do: 'ensure-queue' }],
      bound: 'backupSync',
      failEarly: { when: 'died', broker: 'backup' },
      check: (s) => {
        const b = brokerOf(s, 'backup');
        const ok = !!b && b.process === 'running' && !b.live && b.replicaSync === true;
        return { ok, detail: `Backup: ${describeBrokerState(b)}, synchronized: ${b?.replicaSync ?? 'unknown'}.` };
      },
    },
    {
      id: 'send',
      title: 'Send 10 messages',
      instruction: 'Send 10 durable messages to haQueue on the master.',
      why: 'Durable messages are written to the journal, and the live broker replicates the journal to the backup.',
      command: '{master.bin}/artemis producer --message-count {count} --url "{master.url}" --user {user} --password {password} --destination queue://haQueue',
      verifiedBy: 'The ledger records 10 messages sent with sequence numbers.',
      hint: 'The master must be live to accept messages.',
      act: [{ do: 'send', count: COUNT, broker: 'master' }],
      check: (s) =>
        s.ledger.sent >= COUNT
          ? { ok: true, detail: `${s.ledger.sent} messages sent (run ${s.ledger.runId}).` }
          : { ok: false, detail: `${s.ledger.sent} messages sent so far.` },
    },
    {
      id: 'master-holds',
      title: 'See them on the master',
      instruction: 'Open the master console: addresses > haQueue > queues > anycast > haQueue, then Browse.',
      why: 'The live broker holds the messages and serves clients.',
      command: null,
      verifiedBy: 'Jolokia on the master counts the sent messages in haQueue.',
      hint: 'Refresh the console tree; the queue appears once the first message arrives.',
      act: [],
      check: (s) => {
        const m = brokerOf(s, 'master');
        const count = m?.queues[HA_QUEUE] ?? null;
        const want = Math.max(s.ledger.sent, COUNT);
        return { ok: !!m?.live && count === want, detail: `Master haQueue: ${count ?? 'no queue'}, expected ${want}.` };
      },
    },
    {
      id: 'backup-no-queue',
      title: 'See the backup is passive',
      instruction: 'Open the backup console: there are no addresses or queues, only the cluster configuration.',
      why: 'A passive backup serves no clients and registers no queues until it takes over.',
      command: null,
      verifiedBy: 'Jolokia on the backup reports Backup = true and no haQueue MBean.',
      hint: 'If the backup shows queues, it is live: both brokers live means split brain; restart the lab.',
      act: [],
      check: (s) => {
        const b = brokerOf(s, 'backup');
        const ok = !!b && b.process === 'running' && b.backup === true && b.queues[HA_QUEUE] === null;
        return { ok, detail: `Backup: ${describeBrokerState(b)}, haQueue ${b?.queues[HA_QUEUE] ?? 'absent'}.` };
      },
    },
    {
      id: 'traffic',
      title: 'Keep a client running',
      instruction: 'Start live traffic: a producer and a consumer that keep going, at 20 messages a second, through everything that follows.',
      why: 'HA exists so that applications keep working. The clients reconnect to whichever broker is live; a send the broker never confirmed is sent again with a duplicate id (_AMQ_DUPL_ID), so the broker drops a copy it already has; the consumer acknowledges after recording, so a message whose acknowledgement a failure swallowed comes again (at-least-once) and is recognised, not processed twice.',
      command:
        // AMQP with a failover: URL: measured on 2.44.0, the core producer ends at a failover (AMQ219016).
        '{master.bin}/artemis producer --protocol amqp --url "failover:(amqp://127.0.0.1:{master.port},amqp://127.0.0.1:{backup.port})" --destination queue://labTraffic --message-count 6000 --sleep 50 --user {user} --password {password}',
      verifiedBy: 'Both clients are connected and messages flow (the Live traffic tab shows them per second).',
      hint: 'The master must be live; see the Live traffic tab for what the clients report.',
      act: [{ do: 'traffic-start' }],
      check: (s) => {
        const t = s.traffic;
        const ok = !!t && t.state === 'running' && t.producer.connected && t.consumer.connected && t.totals.received > 0;
        return { ok, detail: t ? `Traffic ${t.state}: ${t.totals.sent} sent, ${t.totals.received} received.` : 'No traffic yet.' };
      },
    },
    {
      id: 'stop-master',
      title: 'Stop the master',
      instruction: 'Stop replicatedMaster (or crash it, to see an unplanned failure).',
      why: 'The backup notices the lost replication connection and decides to become live.',
      command: '{master.bin}/artemis stop',
      verifiedBy: 'The master process has exited.',
      hint: 'If it does not stop within the bound, the lab kills it.',
      act: [{ do: 'stop', broker: 'master', crash: 'option' }],
      check: (s) => {
        const m = brokerOf(s, 'master');
        const ok = !!m && (m.process === 'stopped' || m.process === 'crashed');
        return { ok, detail: `Master: ${describeBrokerState(m)}.` };
      },
    },
    {
      id: 'backup-live',
      title: 'Watch the backup become live',
      instruction: 'Watch the backup log and timeline: AMQ221037 (becoming active) then AMQ221007 (now active) say the backup took over.',
      why: 'Failover: the backup loads its replicated journal and starts serving clients.',
      command: null,
      verifiedBy: 'The backup logs AMQ221007 after AMQ221037 and Jolokia reports it active.',
      hint: 'A backup that was not synchronized cannot take over; check AMQ221024 appeared before the stop.',
      act: [],
      bound: 'failover',
      failEarly: { when: 'cannot-take-over', broker: 'backup' },
      check: (s) => {
        const b = brokerOf(s, 'backup');
        const ms = s.stopwatch.failover?.ms;
        // e.g. AMQ229026: the master went away before the backup was synchronized.
        const why = !b?.live && b?.lastError ? ` ${b.lastError.message}` : '';
        return { ok: !!b?.live, detail: `Backup: ${describeBrokerState(b)}${ms != null ? `, took over in ${ms} ms` : ''}.${why}` };
      },
    },
    {
      id: 'backup-holds',
      title: 'See the 10 messages on the backup',
      instruction: 'Refresh the backup console and browse haQueue: the 10 messages are there.',
      why: 'Replication copied every durable message before the master went away.',
      command: null,
      verifiedBy: 'The ledger finds every sent message on the backup: none lost, none duplicated; with traffic kept running, both clients are back, on the backup.',
      hint: 'Run the check again once the backup is live.',
      act: [
        { do: 'wait', until: (s) => !!brokerOf(s, 'backup')?.live, what: 'the backup to be live', bound: 'failover' },
        { do: 'verify', label: 'after failover, on the backup', broker: 'backup' },
      ],
      bound: 'failover',
      check: (s) => {
        const messages = allMessagesOn(s, 'backup');
        if (!trafficKept(s)) return messages;
        const traffic = trafficRecoveredOn(s, 'backup');
        return { ok: messages.ok && traffic.ok, detail: `${messages.detail} ${traffic.detail}` };
      },
    },
    {
      id: 'restart-master',
      title: 'Restart the master',
      instruction: 'Start replicatedMaster again.',
      why: 'The master has priority: it checks for a live server, and the backup, allowed to fail back, hands over.',
      command: '{master.bin}/artemis run',
      verifiedBy: 'The master process is running again.',
      hint: 'See the master log for errors.',
      act: [{ do: 'start', broker: 'master', ifRunning: 'fail' }],
      check: (s) => {
        const m = brokerOf(s, 'master');
        return { ok: !!m && (m.process === 'running' || m.process === 'starting'), detail: `Master: ${describeBrokerState(m)}.` };
      },
    },
    {
      id: 'failback',
      title: 'Watch the failback',
      instruction: 'The backup stops (AMQ221002) and restarts as a replicating backup (AMQ221039); the master is live again with the 10 messages.',
      why: 'Failback returns the pair to its planned shape, so the next failure is covered again.',
      command: null,
      verifiedBy: 'Master live with every sent message; backup passive and synchronized; kept traffic stopped and drained with nothing lost and nothing duplicated.',
      hint: 'Failback needs allow-failback on the backup and check-for-live-server on the master (setup writes both). With traffic running, stop it (it drains) to get its final count.',
      act: [
        // After a failback that broke (the returning master stopped answering during its copy), this
        // is the repair: the broker that shut down starts, the one that refused to take over restarts.
        { do: 'repair', brokers: ['master', 'backup'] },
        {
          do: 'wait',
          until: (s) => {
            const m = brokerOf(s, 'master');
            const b = brokerOf(s, 'backup');
            return !!m?.live && !!b && !b.live && b.process === 'running' && b.replicaSync === true;
          },
          what: 'the master live and the backup passive and synchronized again',
          bound: 'failback',
          failEarly: [
            { when: 'died', broker: 'master' },
            { when: 'died', broker: 'backup' },
            { when: 'cannot-take-over', broker: 'master' },
          ],
        },
        { do: 'verify', label: 'after failback, on the master', broker: 'master' },
        // Kept traffic ends here: stopped and drained, its account is final (lost is known only then).
        { do: 'traffic-stop' },
      ],
      bound: 'failback',
      check: (s) => {
        const m = brokerOf(s, 'master');
        const b = brokerOf(s, 'backup');
        const c = latestCheck(s);
        const ok =
          !!m?.live && !!b && !b.live && b.replicaSync === true && !!c && c.broker === 'master' && c.lost === 0 && c.duplicated === 0 && c.present === c.sent;
        const detail = `Master: ${describeBrokerState(m)}; backup: ${describeBrokerState(b)}, synchronized: ${b?.replicaSync ?? 'unknown'}.`;
        if (!trafficKept(s)) return { ok, detail };
        const t = s.traffic!;
        const drained = t.state === 'stopped' && t.totals.lost === 0 && t.totals.duplicated === 0;
        return {
          ok: ok && drained,
          detail: `${detail} Traffic ${t.state}: ${t.totals.sent} sent, ${t.totals.received} received, ${t.totals.lost ?? '?'} lost, ${t.totals.duplicated} duplicated, ${t.totals.redelivered} redelivered, ${t.totals.redeliveredAfterAck} redelivered after ack.`,
        };
      },
    },
  ],
};
