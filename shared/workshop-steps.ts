// The seed's story as data. The lab (electron/lab/workshop.ts) owns how each step is *done*;
// whether a step *holds* is a pure function of the snapshot, so the app also notices when an
// attendee does a step by hand in a terminal.
import type { LabSnapshot, NodeName, NodeSnapshot, StepState } from './lab-state.js';
import { HA_QUEUE } from './lab-state.js';

export const WORKSHOP_MESSAGE_COUNT = 10;

export type StepId =
  | 'prerequisites'
  | 'unpack'
  | 'create'
  | 'start-master'
  | 'start-backup'
  | 'send'
  | 'master-holds'
  | 'backup-no-queue'
  | 'traffic'
  | 'stop-master'
  | 'backup-live'
  | 'backup-holds'
  | 'restart-master'
  | 'failback';

export interface StepCheck {
  ok: boolean;
  detail: string;
}

export interface WorkshopStep {
  id: StepId;
  title: string;
  /** What the attendee does, in the seed's words. */
  instruction: string;
  /** Why it matters for HA: the teaching point. */
  why: string;
  /**
   * The equivalent command to copy. Placeholders: {masterBin}, {backupBin} (instance bin dirs),
   * {masterUrl}, {backupUrl} (tcp://...), {user}, {password}, {count}.
   */
  command: string | null;
  /** How the app verifies it, in one sentence. */
  verifiedBy: string;
  /** Shown when verification fails. */
  hint: string;
  /** Console the step is about, to bring into view. */
  console: NodeName | null;
  check: (s: LabSnapshot) => StepCheck;
}

function nodeOf(s: LabSnapshot, name: NodeName): NodeSnapshot | undefined {
  return s.nodes.find((n) => n.name === name);
}

function describe(n: NodeSnapshot | undefined): string {
  if (!n) return 'not created';
  const role = n.live ? 'live' : n.backup ? 'passive backup' : 'not live';
  return `${n.process}, ${role}`;
}

const latestCheck = (s: LabSnapshot) => s.ledger.checks.at(-1);

/** The attendee kept a client running (the traffic step passed): failover and failback then judge it too. */
function trafficKept(s: LabSnapshot): boolean {
  return s.steps.some((st) => st.id === 'traffic' && st.status === 'passed') && !!s.traffic;
}

/** Both clients on `node`, no outage still open, no duplicate: the traffic recovered there. */
function trafficRecoveredOn(s: LabSnapshot, node: NodeName): StepCheck {
  const t = s.traffic;
  if (!t) return { ok: false, detail: 'No traffic.' };
  const open = t.gaps.filter((g) => g.to === null).length;
  const ok = t.producer.node === node && t.consumer.node === node && open === 0 && t.totals.duplicated === 0;
  const last = t.gaps.filter((g) => g.side === 'producer' && g.ms !== null).at(-1);
  return {
    ok,
    detail: `Traffic: producer ${t.producer.node ?? 'reconnecting'}, consumer ${t.consumer.node ?? 'reconnecting'}${last ? `, client outage ${last.ms} ms` : ''}, ${t.totals.duplicated} duplicated, ${t.totals.redelivered} redelivered.`,
  };
}

export const WORKSHOP_STEPS: readonly WorkshopStep[] = [
  {
    id: 'prerequisites',
    title: 'Check prerequisites',
    instruction: 'Check Java, memory, disk, libaio and the broker ports on this machine.',
    why: 'Each broker is a JVM; the broker version decides which Java it needs, and both brokers need their ports free.',
    command: null,
    verifiedBy: 'Every prerequisite check is ok or a warning.',
    hint: 'Fix the failed checks (each shows a one-line fix), then check again.',
    console: null,
    check: (s) => {
      if (!s.doctor) return { ok: false, detail: 'Not checked yet.' };
      const failed = s.doctor.filter((c) => c.status === 'fail');
      return failed.length === 0
        ? { ok: true, detail: `${s.doctor.length} checks, none failed.` }
        : { ok: false, detail: `Failed: ${failed.map((c) => c.title).join(', ')}.` };
    },
  },
  {
    id: 'unpack',
    title: 'Unpack the broker',
    instruction: 'Unpack the AMQ 7 / Artemis zip from the installs folder into the lab.',
    why: 'One broker distribution (ARTEMIS_HOME) serves any number of broker instances.',
    command: null,
    verifiedBy: 'The distribution holds bin/artemis and lib/artemis-*.jar.',
    hint: 'Put a broker zip (amq-broker-7.x.y-bin.zip or apache-artemis-2.x.y-bin.zip) into installs/.',
    console: null,
    check: (s) =>
      s.setup !== 'none' && s.config
        ? { ok: true, detail: `${s.config.broker.label ?? `Artemis ${s.config.broker.version}`} in ${s.config.broker.home}.` }
        : { ok: false, detail: 'No broker unpacked yet.' },
  },
  {
    id: 'create',
    title: 'Create the live and backup brokers',
    instruction:
      'Create replicatedMaster (live) and replicatedSlave (backup, port offset 100) with artemis create --replicated.',
    why: 'With replication the backup keeps its own copy of the journal, synchronized over the network: no shared disk.',
    command: null,
    verifiedBy: 'Both instances exist with static connectors to each other and the HA policy set.',
    hint: 'Run the setup again; it shows the tail of artemis create output when it fails.',
    console: null,
    check: (s) =>
      s.setup === 'created'
        ? { ok: true, detail: 'replicatedMaster and replicatedSlave created.' }
        : { ok: false, detail: 'Instances not created yet.' },
  },
  {
    id: 'start-master',
    title: 'Start the master',
    instruction: 'Start replicatedMaster and wait until it is live.',
    why: 'The primary starts first so that it becomes the live broker the backup replicates from.',
    command: '{masterBin}/artemis run',
    verifiedBy: 'The master logs AMQ221007 (now live) and Jolokia reports it active.',
    hint: 'See the master log: a port in use or the wrong Java are the usual causes.',
    console: 'master',
    check: (s) => {
      const m = nodeOf(s, 'master');
      return { ok: !!m && m.process === 'running' && m.live, detail: `Master: ${describe(m)}.` };
    },
  },
  {
    id: 'start-backup',
    title: 'Start the backup',
    instruction: 'Start replicatedSlave; it connects to the master and copies its journal.',
    why: 'A replicating backup is only a real backup after its initial synchronization (AMQ221024).',
    command: '{backupBin}/artemis run',
    verifiedBy: 'The backup is passive and reports ReplicaSync = true.',
    hint: 'The backup needs the master live first; check the backup log for connection errors to the master.',
    console: 'backup',
    check: (s) => {
      const b = nodeOf(s, 'backup');
      const ok = !!b && b.process === 'running' && !b.live && b.replicaSync === true;
      return { ok, detail: `Backup: ${describe(b)}, synchronized: ${b?.replicaSync ?? 'unknown'}.` };
    },
  },
  {
    id: 'send',
    title: 'Send 10 messages',
    instruction: 'Send 10 durable messages to haQueue on the master.',
    why: 'Durable messages are written to the journal, and the live broker replicates the journal to the backup.',
    command:
      '{masterBin}/artemis producer --message-count {count} --url "{masterUrl}" --user {user} --password {password} --destination queue://haQueue',
    verifiedBy: 'The ledger records 10 messages sent with sequence numbers.',
    hint: 'The master must be live to accept messages.',
    console: 'master',
    check: (s) =>
      s.ledger.sent >= WORKSHOP_MESSAGE_COUNT
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
    console: 'master',
    check: (s) => {
      const m = nodeOf(s, 'master');
      const count = m?.queues[HA_QUEUE] ?? null;
      const want = Math.max(s.ledger.sent, WORKSHOP_MESSAGE_COUNT);
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
    console: 'backup',
    check: (s) => {
      const b = nodeOf(s, 'backup');
      const ok = !!b && b.process === 'running' && b.backup === true && b.queues[HA_QUEUE] === null;
      return { ok, detail: `Backup: ${describe(b)}, haQueue ${b?.queues[HA_QUEUE] ?? 'absent'}.` };
    },
  },
  {
    id: 'traffic',
    title: 'Keep a client running',
    instruction: 'Start live traffic: a producer and a consumer that keep going, at 20 messages a second, through everything that follows.',
    why: 'HA exists so that applications keep working. The clients reconnect to whichever broker is live; a send the broker never confirmed is sent again with a duplicate id (_AMQ_DUPL_ID), so the broker drops a copy it already has; the consumer acknowledges after recording, so a message whose acknowledgement a failure swallowed comes again (at-least-once) and is recognised, not processed twice.',
    command:
      // AMQP with a failover: URL: measured on 2.44.0, the core producer ends at a failover (AMQ219016).
      '{masterBin}/artemis producer --protocol amqp --url "failover:(amqp://127.0.0.1:{masterPort},amqp://127.0.0.1:{backupPort})" --destination queue://labTraffic --message-count 6000 --sleep 50 --user {user} --password {password}',
    verifiedBy: 'Both clients are connected and messages flow (the Live traffic tab shows them per second).',
    hint: 'The master must be live; see the Live traffic tab for what the clients report.',
    console: null,
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
    command: '{masterBin}/artemis stop',
    verifiedBy: 'The master process has exited.',
    hint: 'If it does not stop within the bound, the lab kills it.',
    console: 'backup',
    check: (s) => {
      const m = nodeOf(s, 'master');
      const ok = !!m && (m.process === 'stopped' || m.process === 'crashed');
      return { ok, detail: `Master: ${describe(m)}.` };
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
    console: 'backup',
    check: (s) => {
      const b = nodeOf(s, 'backup');
      const ms = s.stopwatch.failover?.ms;
      // e.g. AMQ229026: the master went away before the backup was synchronized.
      const why = !b?.live && b?.lastError ? ` ${b.lastError.message}` : '';
      return { ok: !!b?.live, detail: `Backup: ${describe(b)}${ms != null ? `, took over in ${ms} ms` : ''}.${why}` };
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
    console: 'backup',
    check: (s) => {
      const c = latestCheck(s);
      const ok = !!c && c.node === 'backup' && c.sent > 0 && c.present === c.sent && c.lost === 0 && c.duplicated === 0;
      const detail = c ? `On ${c.node}: ${c.present}/${c.sent} present, ${c.lost} lost, ${c.duplicated} duplicated.` : 'Not checked yet.';
      if (!trafficKept(s)) return { ok, detail };
      const traffic = trafficRecoveredOn(s, 'backup');
      return { ok: ok && traffic.ok, detail: `${detail} ${traffic.detail}` };
    },
  },
  {
    id: 'restart-master',
    title: 'Restart the master',
    instruction: 'Start replicatedMaster again.',
    why: 'The master has priority: it checks for a live server, and the backup, allowed to fail back, hands over.',
    command: '{masterBin}/artemis run',
    verifiedBy: 'The master process is running again.',
    hint: 'See the master log for errors.',
    console: 'master',
    check: (s) => {
      const m = nodeOf(s, 'master');
      return { ok: !!m && (m.process === 'running' || m.process === 'starting'), detail: `Master: ${describe(m)}.` };
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
    console: 'master',
    check: (s) => {
      const m = nodeOf(s, 'master');
      const b = nodeOf(s, 'backup');
      const c = latestCheck(s);
      const ok =
        !!m?.live && !!b && !b.live && b.replicaSync === true && !!c && c.node === 'master' && c.lost === 0 && c.duplicated === 0 && c.present === c.sent;
      const detail = `Master: ${describe(m)}; backup: ${describe(b)}, synchronized: ${b?.replicaSync ?? 'unknown'}.`;
      if (!trafficKept(s)) return { ok, detail };
      const t = s.traffic!;
      const drained = t.state === 'stopped' && t.totals.lost === 0 && t.totals.duplicated === 0;
      return {
        ok: ok && drained,
        detail: `${detail} Traffic ${t.state}: ${t.totals.sent} sent, ${t.totals.received} received, ${t.totals.lost ?? '?'} lost, ${t.totals.duplicated} duplicated, ${t.totals.redelivered} redelivered.`,
      };
    },
  },
];

export function stepById(id: string): WorkshopStep | undefined {
  return WORKSHOP_STEPS.find((s) => s.id === id);
}

/**
 * Steps done outside the app (a command copied into a terminal, a broker started by hand, or
 * already done when the app opened): in story order, the next pending or failed step passes once
 * its check holds. Order matters: "Stop the master" holds before the master ever started, and
 * must not pass out of turn. A running step stops the walk ("Do it for me" is on it).
 * Returns null when nothing changes.
 */
export function stepsDoneByHand(s: LabSnapshot): StepState[] | null {
  const steps = [...s.steps];
  let changed = false;
  for (const [i, state] of steps.entries()) {
    if (state.status === 'passed' || state.status === 'skipped') continue;
    const step = state.status === 'running' ? undefined : stepById(state.id);
    const result = step?.check({ ...s, steps });
    if (!result?.ok) break;
    steps[i] = { ...state, status: 'passed', ms: null, detail: `${result.detail} (seen by the lab)`, hint: null };
    changed = true;
  }
  return changed ? steps : null;
}

/** Fills a step's command template with the lab's paths and ports. */
export function renderCommand(
  template: string,
  values: { masterBin: string; backupBin: string; masterUrl: string; backupUrl: string; masterPort: number; backupPort: number; user: string; password: string; count: number },
): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key as keyof typeof values]) : whole,
  );
}
