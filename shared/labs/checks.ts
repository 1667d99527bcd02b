// Building blocks for the labs' step checks: each is pure over the snapshot.
import type { LabSnapshot, BrokerSnapshot } from '../lab-state.js';
import { HA_QUEUE } from '../lab-state.js';
import type { LabStep, StepCheck } from './lab-definition.js';

export function brokerOf(s: LabSnapshot, name: string): BrokerSnapshot | undefined {
  return s.brokers.find((n) => n.name === name);
}

export function describeBrokerState(n: BrokerSnapshot | undefined): string {
  if (!n) return 'not created';
  const role = n.live ? 'live' : n.serverDown ? 'broker stopped inside its JVM' : n.backup ? 'passive backup' : 'not live';
  return `${n.process}, ${role}`;
}

export const latestCheck = (s: LabSnapshot) => s.ledger.checks.at(-1);

export const isRunning = (n: BrokerSnapshot | undefined): boolean => !!n && n.process === 'running';
export const isDown = (n: BrokerSnapshot | undefined): boolean => !!n && (n.process === 'stopped' || n.process === 'crashed');
export const isLive = (n: BrokerSnapshot | undefined): boolean => isRunning(n) && !!n!.live;
/** Running, passive, and its copy of the live journal complete (AMQ221024). */
export const isSyncedBackup = (n: BrokerSnapshot | undefined): boolean => isRunning(n) && !n!.live && n!.replicaSync === true;
/** Running and passive, serving no client: a waiting backup (shared store: on the file lock). */
export const isPassive = (n: BrokerSnapshot | undefined): boolean => isRunning(n) && !n!.live && n!.backup === true;

/** The latest ledger check was made on `broker` and found every sent message once. */
export function allMessagesOn(s: LabSnapshot, broker: string): StepCheck {
  const c = latestCheck(s);
  const ok = !!c && c.broker === broker && c.sent > 0 && c.present === c.sent && c.lost === 0 && c.duplicated === 0;
  return { ok, detail: c ? `On ${c.broker}: ${c.present}/${c.sent} present, ${c.lost} lost, ${c.duplicated} duplicated.` : 'Not checked yet.' };
}

/** The attendee kept a client running (the traffic step passed): failover and failback then judge it too. */
export function trafficKept(s: LabSnapshot): boolean {
  return s.steps.some((st) => st.id === 'traffic' && st.status === 'passed') && !!s.traffic;
}

/** Both clients on `broker`, no outage still open, no duplicate: the traffic recovered there. */
export function trafficRecoveredOn(s: LabSnapshot, broker: string): StepCheck {
  const t = s.traffic;
  if (!t) return { ok: false, detail: 'No traffic.' };
  const open = t.gaps.filter((g) => g.to === null).length;
  const ok = t.producer.broker === broker && t.consumer.broker === broker && open === 0 && t.totals.duplicated === 0;
  const last = t.gaps.filter((g) => g.side === 'producer' && g.ms !== null).at(-1);
  return {
    ok,
    detail: `Traffic: producer ${t.producer.broker ?? 'reconnecting'}, consumer ${t.consumer.broker ?? 'reconnecting'}${last ? `, client outage ${last.ms} ms` : ''}, ${t.totals.duplicated} duplicated, ${t.totals.redelivered} redelivered, ${t.totals.redeliveredAfterAck} redelivered after ack.`,
  };
}

/** Several conditions, one verdict: ok when all are, details joined. */
export function allOf(...checks: StepCheck[]): StepCheck {
  return { ok: checks.every((c) => c.ok), detail: checks.map((c) => c.detail).join(' ') };
}

// The first three steps are the same in every lab: prerequisites, the distribution, the instances.

export const prerequisitesStep: LabStep = {
  id: 'prerequisites',
  title: 'Check prerequisites',
  instruction: 'Check Java, memory, disk, libaio and the broker ports on this machine.',
  why: 'Each broker is a JVM; the broker version decides which Java it needs, and every broker needs its ports free.',
  command: null,
  verifiedBy: 'Every prerequisite check is ok or a warning.',
  hint: 'Fix the failed checks (each shows a one-line fix), then check again.',
  act: [{ do: 'doctor' }],
  bound: 'instant',
  check: (s) => {
    if (!s.doctor) return { ok: false, detail: 'Not checked yet.' };
    const failed = s.doctor.filter((c) => c.status === 'fail');
    return failed.length === 0
      ? { ok: true, detail: `${s.doctor.length} checks, none failed.` }
      : { ok: false, detail: `Failed: ${failed.map((c) => c.title).join(', ')}.` };
  },
};

export const unpackStep: LabStep = {
  id: 'unpack',
  title: 'Unpack the broker',
  instruction: 'Unpack the AMQ 7 / Artemis zip from the installs folder into the lab.',
  why: 'One broker distribution (ARTEMIS_HOME) serves any number of broker instances.',
  command: null,
  verifiedBy: 'The distribution holds bin/artemis and lib/artemis-*.jar.',
  hint: 'Put a broker zip (amq-broker-7.x.y-bin.zip or apache-artemis-2.x.y-bin.zip) into installs/.',
  act: [{ do: 'setup' }],
  bound: 'instant',
  check: (s) =>
    s.setup !== 'none' && s.config
      ? { ok: true, detail: `${s.config.broker.label ?? `Artemis ${s.config.broker.version}`} in ${s.config.broker.home}.` }
      : { ok: false, detail: 'No broker unpacked yet.' },
};

/** "Create the brokers", told in the lab's own words. */
export function createStep(text: { title: string; instruction: string; why: string; verifiedBy: string }): LabStep {
  return {
    id: 'create',
    ...text,
    command: null,
    hint: 'Run the setup again; it shows the tail of artemis create output when it fails.',
    act: [{ do: 'setup' }],
    bound: 'instant',
    check: (s) =>
      s.setup === 'created' && s.config
        ? { ok: true, detail: `${s.brokers.map((n) => n.instance).join(', ') || 'The instances'} created.` }
        : { ok: false, detail: 'Instances not created yet.' },
  };
}

// Clustered labs: what each member's queue and its pinned consumer say.

/** The consumer the lab pinned to `broker`, if one was ever started there. */
export function consumerOf(s: LabSnapshot, broker: string) {
  return s.consumers?.consumers[broker];
}

/** Its receiver is open on its broker, and the broker counts it (ConsumerCount ≥ 1). */
export function consumerAttached(s: LabSnapshot, broker: string): boolean {
  return consumerOf(s, broker)?.state === 'attached' && (brokerOf(s, broker)?.haQueueStats?.consumerCount ?? 0) >= 1;
}

/** No consumer of the lab's there, and the broker counts none. */
export function noConsumer(s: LabSnapshot, broker: string): boolean {
  const c = consumerOf(s, broker);
  return (!c || c.state === 'stopped') && brokerOf(s, broker)?.haQueueStats?.consumerCount === 0;
}

/** Milliseconds since the pinned consumer on `broker` reached its state, by the snapshot's clock. */
export function consumerStateAgeMs(s: LabSnapshot, broker: string): number {
  const since = consumerOf(s, broker)?.since;
  return since ? Date.parse(s.at) - Date.parse(since) : 0;
}

/** Messages of the latest send (the ledger's run) that the consumer on `broker` received. */
export function receivedOfRun(s: LabSnapshot, broker: string): number {
  const run = s.ledger.runId;
  return run ? (consumerOf(s, broker)?.byRun[run] ?? 0) : 0;
}

/** haQueue's message count on `broker`; null when not known. */
export function queueCount(s: LabSnapshot, broker: string): number | null {
  return brokerOf(s, broker)?.haQueueStats?.messageCount ?? null;
}

/** Live, and its cluster-connection sees `members` brokers and has a remote binding for the lab queue. */
export function inCluster(s: LabSnapshot, broker: string, members: number): boolean {
  const n = brokerOf(s, broker);
  return isLive(n) && n!.cluster?.members === members && (n!.cluster.remoteBindings ?? 0) >= 1;
}

/** One line per member: queue count, consumers, the consumer's share of the latest run, cluster view. */
export function describeMember(s: LabSnapshot, broker: string, label: string): string {
  const n = brokerOf(s, broker);
  if (!n || n.process !== 'running') return `${label}: ${describeBrokerState(n)}.`;
  const q = n.haQueueStats;
  const c = consumerOf(s, broker);
  const queue = q ? `haQueue ${q.messageCount} (consumers ${q.consumerCount})` : 'haQueue unknown';
  const consumer = c ? `consumer ${c.state}, ${receivedOfRun(s, broker)} of this run` : 'no consumer';
  const cluster = n.cluster ? `, cluster members ${n.cluster.members ?? '?'} ${n.cluster.loadBalancing ?? ''}, remote bindings ${n.cluster.remoteBindings ?? '?'}` : '';
  return `${label}: ${queue}, ${consumer}${cluster}.`;
}

/** The broker reloaded broker.xml (AMQ221056) after the lab's latest "Configured" event on it. */
export function reloadedSinceConfigured(s: LabSnapshot, broker: string): boolean {
  const configured = s.events.filter((e) => e.broker === broker && e.code === 'LAB' && e.text.startsWith('Configured')).at(-1);
  if (!configured) return false;
  return s.events.some((e) => e.broker === broker && e.code === 'AMQ221056' && e.time >= configured.time);
}

/** "Start the live broker": the same step in every lab with a primary, told in the lab's words. */
export function startLiveStep(text: { broker: string; label: string; instruction: string; why: string }): LabStep {
  return {
    id: `start-${text.broker}`,
    title: `Start the ${text.label.toLowerCase()} broker`,
    instruction: text.instruction,
    why: text.why,
    command: `{${text.broker}.bin}/artemis run`,
    verifiedBy: `The ${text.label.toLowerCase()} broker logs AMQ221007 and Jolokia reports it active.`,
    hint: 'See its log: a port in use or the wrong Java are the usual causes.',
    act: [{ do: 'start', broker: text.broker }],
    bound: 'startLive',
    failEarly: { when: 'died', broker: text.broker },
    check: (s) => ({ ok: isLive(brokerOf(s, text.broker)), detail: `${text.label}: ${describeBrokerState(brokerOf(s, text.broker))}.` }),
  };
}

/** "Send N messages" to a broker's haQueue, recorded in the ledger; holds when the broker has them all. */
export function sendStep(text: { broker: string; label: string; count: number; why: string }): LabStep {
  const where = `the ${text.label.toLowerCase()} broker`;
  return {
    id: 'send',
    title: `Send ${text.count} messages`,
    instruction: `Send ${text.count} durable messages to haQueue on ${where}.`,
    why: text.why,
    command: `{${text.broker}.bin}/artemis producer --message-count {count} --url "{${text.broker}.url}" --user {user} --password {password} --destination queue://haQueue`,
    verifiedBy: `The ledger records ${text.count} messages sent, and ${where} holds them.`,
    hint: `${where[0]!.toUpperCase()}${where.slice(1)} must be live to accept messages.`,
    act: [{ do: 'send', count: text.count, broker: text.broker }],
    check: (s) => {
      const count = brokerOf(s, text.broker)?.queues[HA_QUEUE] ?? null;
      return { ok: s.ledger.sent >= text.count && count === s.ledger.sent, detail: `${s.ledger.sent} sent; ${text.label.toLowerCase()} haQueue: ${count ?? 'no queue'}.` };
    },
  };
}
