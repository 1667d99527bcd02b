// Two live brokers in a symmetric cluster with static connectors, one queue on both: where does a
// message go? The story follows what the real brokers did (2.31.2 and 2.44.0 alike, measured in
// the lab's notes): ON_DEMAND round-robins only to brokers with consumers, messages left where no
// consumer is stay there until redistribution is on and a consumer event starts it, and STRICT
// round-robins whatever the consumers (redistribution does not apply under it).
import type { LabSnapshot } from '../lab-state.js';
import {
  allOf,
  consumerAttached,
  consumerStateAgeMs,
  createStep,
  describeMember,
  inCluster,
  isLive,
  brokerOf,
  noConsumer,
  prerequisitesStep,
  queueCount,
  receivedOfRun,
  reloadedSinceConfigured,
  unpackStep,
} from './checks.js';
import type { LabDefinition, StepCheck } from './lab-definition.js';

/** Even, so a round robin between two brokers splits it exactly (an odd one leaves the extra message to either). */
const COUNT = 20;
const STRANDED = 10;
const HALF = COUNT / 2;
const BROKERS = ['broker1', 'broker2'] as const;
/** Remote-consumer propagation took ≤ 2 ms on loopback; the margin covers a slow laptop. */
const SETTLE_MS = 500;
/** Redistribution, when it happens, moved the messages within 0.4 s of the consumer event. */
const NOTHING_MOVES_MS = 3000;

const both = (s: LabSnapshot) => `${describeMember(s, 'broker1', 'Broker 1')} ${describeMember(s, 'broker2', 'Broker 2')}`;
const said = (ok: boolean, s: LabSnapshot, extra = ''): StepCheck => ({ ok, detail: `${extra}${extra ? ' ' : ''}${both(s)}` });

const producer = (broker: string, count: string) =>
  `{${broker}.bin}/artemis producer --message-count ${count} --url "{${broker}.url}" --user {user} --password {password} --destination queue://haQueue`;
const consumer = (broker: string) =>
  `{${broker}.bin}/artemis consumer --url "{${broker}.url}" --user {user} --password {password} --destination queue://haQueue --message-count 100000 --receive-timeout -1`;

/** Both brokers see each other and route the lab queue to each other. */
const clusterFormed = (s: LabSnapshot) => BROKERS.every((b) => inCluster(s, b, 2));
const balancing = (s: LabSnapshot, broker: string) => brokerOf(s, broker)?.cluster?.loadBalancing ?? null;

export const clusteredQueue: LabDefinition = {
  id: 'clustered-queue',
  title: 'Clustered queue: load balancing',
  summary: 'Two live brokers in a symmetric cluster share haQueue: watch ON_DEMAND split the messages between consumers, leave them stranded without one, redistribute them, and STRICT pile them up.',
  learn: [
    'A cluster of live brokers (no backups) forms over static connectors: each logs AMQ221027 when its bridge to the other connects.',
    'ON_DEMAND round-robins a queue\'s messages between brokers, but only to brokers whose queue has a consumer: 20 sent to broker 1 become 10 and 10.',
    'Messages that landed where no consumer is stay there (stranded), even when the other broker has a consumer.',
    'redistribution-delay moves them, and it is reloaded live, but only a consumer event (a consumer opening or closing) starts it.',
    'STRICT round-robins whatever the consumers: half the messages pile up on a broker with none, and redistribution does not rescue them.',
  ],
  minutes: 35,
  messageCount: COUNT,
  done: 'Every step verified. You saw where a cluster puts messages: to consumers on demand, stranded without them until redistribution moved them, and strictly half and half when told so.',
  topology: {
    brokers: [
      { id: 'broker1', label: 'Broker 1', instance: 'clusterBroker1', role: 'member', ha: 'none', portOffset: 0, connectsTo: ['broker2'], settings: { loadBalancing: 'ON_DEMAND' } },
      { id: 'broker2', label: 'Broker 2', instance: 'clusterBroker2', role: 'member', ha: 'none', portOffset: 100, connectsTo: ['broker1'], settings: { loadBalancing: 'ON_DEMAND' } },
    ],
  },
  story: [
    prerequisitesStep,
    unpackStep,
    createStep({
      title: 'Create two clustered brokers',
      instruction: 'Create clusterBroker1 and clusterBroker2 (port offset 100) with artemis create --clustered; each gets a static connector to the other, message-load-balancing ON_DEMAND and haQueue in <addresses>.',
      why: 'Both brokers are live and serve clients; the cluster connection links them so a queue on one can send messages to the same queue on the other. Defining haQueue on both makes each route to it from the start (auto-creation is local only).',
      verifiedBy: 'Both instances exist with static connectors to each other.',
    }),
    {
      id: 'start-brokers',
      title: 'Start both brokers',
      instruction: 'Start clusterBroker1 and clusterBroker2, each in its own terminal.',
      why: 'There is no backup here: both brokers are live (HAPolicy "Primary Only", or "Live Only" before 2.32) and accept clients.',
      command: '{broker1.bin}/artemis run    # and in a second terminal: {broker2.bin}/artemis run',
      verifiedBy: 'Both brokers log AMQ221007 and Jolokia reports both active.',
      hint: 'See the brokers\' logs: a port in use or the wrong Java are the usual causes.',
      act: [{ do: 'start', broker: 'broker1' }, { do: 'start', broker: 'broker2' }],
      bound: 'startLive',
      failEarly: { when: 'died', broker: 'broker1' },
      check: (s) => said(isLive(brokerOf(s, 'broker1')) && isLive(brokerOf(s, 'broker2')), s),
    },
    {
      id: 'cluster-formed',
      title: 'Watch the cluster form',
      instruction: 'Watch each log for AMQ221027 "Bridge … is connected": each broker\'s cluster bridge reached the other. On the console, the cluster-connection my-cluster shows both brokers.',
      why: 'A broker waiting for its peer logs nothing; the bridge connects 1–3 s after the later one is live. Only then does each know the other\'s haQueue (a remote binding).',
      command: null,
      verifiedBy: 'On both brokers the cluster-connection Topology counts members=2 and haQueue has a remote binding.',
      hint: 'Both brokers must be running with the static connectors setup wrote; see their logs for AMQ224091 (bridge cannot connect).',
      act: [],
      bound: 'startLive',
      check: (s) => said(clusterFormed(s), s),
    },
    {
      id: 'consumers',
      title: 'A consumer on each broker',
      instruction: 'Start a consumer on haQueue on broker 1 and another on broker 2, and keep them running.',
      why: 'Each broker counts its own consumers; through the cluster it learns within milliseconds that the other broker has one too.',
      command: `${consumer('broker1')}    # and: ${consumer('broker2')}`,
      verifiedBy: 'haQueue\'s ConsumerCount is 1 on both brokers (the lab\'s own consumers, pinned to each).',
      hint: 'Both brokers must be live; a consumer that cannot attach says why in `amq-ha-lab consumers status`.',
      act: [{ do: 'consumers-start', brokers: ['broker1', 'broker2'] }],
      check: (s) =>
        said(BROKERS.every((b) => consumerAttached(s, b) && consumerStateAgeMs(s, b) >= SETTLE_MS), s),
    },
    {
      id: 'load-balance',
      title: `Send ${COUNT} to broker 1: ${HALF} and ${HALF}`,
      instruction: `Send ${COUNT} messages to haQueue on broker 1 only.`,
      why: 'ON_DEMAND round-robins between the local queue and the remote one, because both have a consumer: broker 1 forwards every other message over its cluster bridge.',
      command: producer('broker1', '{count}'),
      verifiedBy: `Of the ${COUNT} sent, the consumer on broker 1 received ${HALF} and the one on broker 2 received ${HALF}; nothing is left on either.`,
      hint: 'Both consumers must be attached before the send; with one missing, its broker gets nothing (the next step shows why).',
      act: [{ do: 'send', count: COUNT, broker: 'broker1' }],
      check: (s) =>
        said(
          s.ledger.sent === COUNT && receivedOfRun(s, 'broker1') === HALF && receivedOfRun(s, 'broker2') === HALF && queueCount(s, 'broker1') === 0 && queueCount(s, 'broker2') === 0,
          s,
          `${s.ledger.sent} sent.`,
        ),
    },
    {
      id: 'no-consumer',
      title: `No consumer on broker 2: all ${COUNT} stay on broker 1`,
      instruction: `Stop the consumer on broker 2, then send ${COUNT} more to broker 1.`,
      why: 'ON_DEMAND skips a broker whose queue has no consumer: every message stays where it was sent, none is forwarded.',
      command: producer('broker1', '{count}'),
      verifiedBy: `Broker 2 has no consumer; of the ${COUNT} sent, broker 1's consumer received all ${COUNT}, and broker 2's queue is empty.`,
      hint: 'Stop the broker 2 consumer before sending (ConsumerCount 0 on broker 2), or some messages still go there.',
      act: [
        { do: 'consumers-stop', brokers: ['broker2'] },
        { do: 'wait', until: (s) => noConsumer(s, 'broker2') && consumerStateAgeMs(s, 'broker2') >= SETTLE_MS, what: 'broker 2 to count no consumer', bound: 'default' },
        { do: 'send', count: COUNT, broker: 'broker1' },
      ],
      check: (s) =>
        said(noConsumer(s, 'broker2') && s.ledger.sent === COUNT && receivedOfRun(s, 'broker1') === COUNT && queueCount(s, 'broker2') === 0, s, `${s.ledger.sent} sent.`),
    },
    {
      id: 'stranded',
      title: `Stranded: ${STRANDED} on broker 2, the consumer on broker 1`,
      instruction: `Stop the consumer on broker 1 too, send ${STRANDED} to broker 2, then start a consumer on broker 1 again.`,
      why: 'With no consumer anywhere the messages stay on broker 2. A consumer on broker 1 does not fetch them: without redistribution (redistribution-delay -1, the default) messages never leave the broker they landed on.',
      command: producer('broker2', String(STRANDED)),
      verifiedBy: `Broker 1's consumer has been attached for ${NOTHING_MOVES_MS / 1000} s and broker 2 still holds all ${STRANDED}.`,
      hint: 'Send to broker 2 while no consumer is attached anywhere; if broker 1\'s consumer was still attached, the messages went to it.',
      act: [
        { do: 'consumers-stop', brokers: ['broker1'] },
        { do: 'wait', until: (s) => noConsumer(s, 'broker1') && consumerStateAgeMs(s, 'broker1') >= SETTLE_MS, what: 'broker 1 to count no consumer', bound: 'default' },
        { do: 'send', count: STRANDED, broker: 'broker2' },
        { do: 'consumers-start', brokers: ['broker1'] },
      ],
      check: (s) =>
        said(
          s.ledger.sent === STRANDED && consumerAttached(s, 'broker1') && consumerStateAgeMs(s, 'broker1') >= NOTHING_MOVES_MS && queueCount(s, 'broker2') === STRANDED && receivedOfRun(s, 'broker1') === 0,
          s,
          `${s.ledger.sent} sent to broker 2.`,
        ),
    },
    {
      id: 'redistribution-on',
      title: 'Turn redistribution on',
      instruction: 'Set redistribution-delay 0 in the catch-all address-setting (match "#") of both brokers\' etc/broker.xml; no restart: each broker reloads the file by itself.',
      why: 'redistribution-delay is an address setting, reloaded live (AMQ221056 "Reloading configuration … address settings"). Yet nothing moves: redistribution starts only on a consumer event.',
      command: null,
      verifiedBy: 'Both brokers logged AMQ221056 after the change, and broker 2 still holds the stranded messages.',
      hint: 'The brokers look at broker.xml every 5 s (configuration-file-refresh-period); see their logs for AMQ221056.',
      act: [
        { do: 'configure', brokers: ['broker1', 'broker2'], settings: { redistributionDelayMs: 0 } },
        { do: 'wait-check', bound: 'default' },
      ],
      check: (s) => {
        const reloaded = BROKERS.filter((b) => reloadedSinceConfigured(s, b));
        return said(reloaded.length === 2 && queueCount(s, 'broker2') === STRANDED, s, `Reloaded (AMQ221056): ${reloaded.join(', ') || 'none yet'}.`);
      },
    },
    {
      id: 'redistribute',
      title: 'Reconnect the consumer: the messages move',
      instruction: 'Close the consumer on broker 1 and start it again.',
      why: 'A consumer opening on broker 1 is the event broker 2 waits for: its redistributor forwards the stranded messages over the cluster bridge, within a fraction of a second.',
      command: consumer('broker1'),
      verifiedBy: `Broker 2's queue is empty and broker 1's consumer received the ${STRANDED} messages.`,
      hint: 'Redistribution needs redistribution-delay ≥ 0 reloaded on broker 2 and ON_DEMAND (or OFF_WITH_REDISTRIBUTION).',
      act: [
        { do: 'consumers-stop', brokers: ['broker1'] },
        { do: 'consumers-start', brokers: ['broker1'] },
      ],
      check: (s) => said(queueCount(s, 'broker2') === 0 && receivedOfRun(s, 'broker1') === s.ledger.sent && s.ledger.sent === STRANDED, s),
    },
    {
      id: 'strict',
      title: 'Switch to STRICT and restart both',
      instruction: 'Set message-load-balancing STRICT in the cluster-connection of both brokers\' broker.xml, then restart both (stop broker 2, stop broker 1, start both).',
      why: 'message-load-balancing is not reloaded live: the file reloads but the cluster-connection keeps ON_DEMAND until a restart. The consumer on broker 1 comes back by itself.',
      command: '{broker2.bin}/artemis stop; {broker1.bin}/artemis stop    # then start both again with artemis run',
      verifiedBy: 'Both cluster-connections report MessageLoadBalancingType STRICT, the cluster formed again, and broker 1\'s consumer is back.',
      hint: 'Wait for each broker to stop before starting it again.',
      act: [
        { do: 'configure', brokers: ['broker1', 'broker2'], settings: { loadBalancing: 'STRICT' } },
        { do: 'stop', broker: 'broker2' },
        { do: 'stop', broker: 'broker1' },
        { do: 'start', broker: 'broker1', ifRunning: 'fail' },
        { do: 'start', broker: 'broker2', ifRunning: 'fail' },
        { do: 'wait-check', bound: 'startLive' },
      ],
      bound: 'startLive',
      failEarly: { when: 'died', broker: 'broker1' },
      check: (s) =>
        said(clusterFormed(s) && BROKERS.every((b) => balancing(s, b) === 'STRICT') && consumerAttached(s, 'broker1') && noConsumer(s, 'broker2'), s),
    },
    {
      id: 'strict-piles-up',
      title: `STRICT: ${HALF} pile up on broker 2`,
      instruction: `With a consumer on broker 1 only, send ${COUNT} to broker 1.`,
      why: 'STRICT round-robins whatever the consumers: half goes to broker 2, where nobody consumes it, and redistribution (still on) does not apply under STRICT.',
      command: producer('broker1', '{count}'),
      verifiedBy: `Broker 1's consumer received ${HALF} of the ${COUNT}; broker 2 holds the other ${HALF} with no consumer.`,
      hint: 'The cluster must have formed again after the restart (AMQ221027 on both) before the send, or every message stays on broker 1.',
      act: [
        {
          do: 'wait',
          until: (s) => clusterFormed(s) && consumerAttached(s, 'broker1') && consumerStateAgeMs(s, 'broker1') >= SETTLE_MS && noConsumer(s, 'broker2'),
          what: 'the cluster formed, a consumer on broker 1 only',
          bound: 'default',
        },
        { do: 'send', count: COUNT, broker: 'broker1' },
      ],
      check: (s) =>
        allOf(
          { ok: s.ledger.sent === COUNT && receivedOfRun(s, 'broker1') === HALF, detail: `${s.ledger.sent} sent.` },
          said(queueCount(s, 'broker2') === HALF && noConsumer(s, 'broker2'), s),
        ),
    },
    {
      id: 'drain-broker2',
      title: 'A consumer on broker 2 takes them',
      instruction: 'Start a consumer on broker 2.',
      why: 'The messages were never lost: they wait in broker 2\'s journal for a consumer there.',
      command: consumer('broker2'),
      verifiedBy: `Broker 2's queue is empty and its consumer received the ${HALF}.`,
      hint: 'Broker 2 must be running; see `amq-ha-lab consumers status`.',
      act: [{ do: 'consumers-start', brokers: ['broker2'] }],
      check: (s) => said(queueCount(s, 'broker2') === 0 && receivedOfRun(s, 'broker2') === HALF, s),
    },
  ],
};
