// One card per broker, always in view: what the broker is doing right now, in words.
import { useEffect, useState } from 'react';
import type { BrokerSnapshot } from '../../../shared/lab-state.js';
import type { HaKind } from '../../../shared/labs/lab-definition.js';
import { fixLine } from '../fixes.js';
import { useLabDefinition } from '../lab-definition.js';
import { brokerViewState, stateWords, type BrokerViewState } from '../broker-view-state.js';
import { formatDuration } from '../format.js';
import { useLab } from '../store-context.js';
import { Light, type LightTone } from './Light.js';
import { QueueStats } from './QueueStats.js';

export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

const TONE: Record<BrokerViewState, LightTone> = {
  'not-created': 'idle',
  stopped: 'idle',
  crashed: 'bad',
  starting: 'busy',
  stopping: 'busy',
  live: 'good',
  'synced-backup': 'warn',
  'waiting-backup': 'warn',
  'stood-down': 'bad',
  hung: 'bad',
  silent: 'warn',
  running: 'busy',
};

/** The card's badge: the topology picture's state (broker-view-state.ts), with both kinds of backup called "backup". */
export function roleOf(n: BrokerSnapshot, ha: HaKind = 'replication'): { word: string; tone: LightTone; explain: string } {
  const state = brokerViewState(n);
  const { word, explain } = stateWords(state, ha);
  return { word: state === 'synced-backup' || state === 'waiting-backup' ? 'backup' : word, tone: TONE[state], explain };
}

function queueText(n: BrokerSnapshot): string {
  if (n.queues.haQueue !== null) return String(n.queues.haQueue);
  if (n.process !== 'running') return '—';
  return n.backup ? 'none (passive)' : 'no queue';
}

function syncText(n: BrokerSnapshot): string {
  // Shared store has nothing to synchronize: ReplicaSync is false on both brokers, always.
  if (/shared store/i.test(n.haPolicy ?? '')) return 'not needed (shared store)';
  if (n.replicaSync === null) return 'unknown';
  return n.replicaSync ? 'yes' : 'no';
}

export function BrokerCard({ broker, ha, split = false }: { broker: BrokerSnapshot; ha?: HaKind; split?: boolean }) {
  const call = useLab((s) => s.call);
  const busy = useLab((s) => s.busy);
  const lab = useLabDefinition();
  const now = useNow(1000);
  const role = roleOf(broker, ha);
  const running = broker.process === 'running' || broker.process === 'starting';
  const anyBusy = !!busy[`broker:${broker.name}`];
  const uptime = broker.startedAt && running ? formatDuration(Math.max(0, now - Date.parse(broker.startedAt))) : '—';
  return (
    <section
      className={`card broker-card role-${role.word}${split ? ' split-brain' : ''}`}
      data-broker={broker.name}
      data-live={broker.live}
      data-process={broker.process}
      data-split-brain={split || undefined}
      aria-labelledby={`card-${broker.name}`}
    >
      <header className="card-head">
        <Light tone={role.tone} label={role.word} />
        <h2 id={`card-${broker.name}`}>
          {broker.label} <span className="muted mono">{broker.instance}</span>
        </h2>
        <span className={`badge badge-${role.word}`} data-testid={`role-${broker.name}`}>
          {role.word}
        </span>
      </header>
      <dl className="facts">
        <div>
          <dt>Process</dt>
          <dd>
            {broker.process}
            {broker.pid ? <span className="muted"> · pid {broker.pid}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Synchronized</dt>
          <dd>{syncText(broker)}</dd>
        </div>
        <div>
          <dt>haQueue</dt>
          <dd data-testid={`queue-${broker.name}`}>{queueText(broker)}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{uptime}</dd>
        </div>
        <div>
          <dt>Ports</dt>
          <dd className="mono">
            {broker.ports.acceptor} · {broker.ports.console}
          </dd>
        </div>
      </dl>
      <QueueStats broker={broker} />
      <p className="card-explain muted">{role.explain}</p>
      {broker.lastError ? (
        <p className="card-error" role="status">
          {broker.lastError.message}
          {fixLine(broker.lastError, lab) ? <span className="muted"> — {fixLine(broker.lastError, lab)}</span> : null}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={running || anyBusy} onClick={() => void call('broker.start', { broker: broker.name }, `broker:${broker.name}`)}>
          Start
        </button>
        <button type="button" disabled={!running || anyBusy} onClick={() => void call('broker.stop', { broker: broker.name }, `broker:${broker.name}`)}>
          Stop
        </button>
        <button
          type="button"
          className="danger"
          disabled={!running || anyBusy}
          title="Kill the process hard, as a power cut would"
          onClick={() => void call('broker.stop', { broker: broker.name, crash: true }, `broker:${broker.name}`)}
        >
          Crash
        </button>
      </div>
    </section>
  );
}

export function BrokerCards() {
  const brokers = useLab((s) => s.snapshot?.brokers);
  const splitBrain = useLab((s) => s.snapshot?.splitBrain);
  const lab = useLabDefinition();
  const createTitle = lab.story.find((st) => st.id === 'create')?.title ?? 'Create the brokers';
  if (!brokers || brokers.length === 0) {
    return (
      <div className="cards" data-count={lab.topology.brokers.length}>
        {lab.topology.brokers.map((b) => (
          <section key={b.id} className="card broker-card placeholder" data-broker={b.id} data-process="none" aria-label={`${b.label} broker`}>
            <header className="card-head">
              <Light tone="idle" label="not created" />
              <h2>{b.label}</h2>
              <span className="badge">not created</span>
            </header>
            <p className="muted">Created by the “{createTitle}” step.</p>
          </section>
        ))}
      </div>
    );
  }
  // Two live brokers of one group are each "live", and each is wrong to be: their cards say so together.
  const split = new Set((splitBrain ?? []).flatMap((g) => g.brokers));
  return (
    <div className="cards" data-count={brokers.length}>
      {brokers.map((n) => (
        <BrokerCard key={n.name} broker={n} ha={lab.topology.brokers.find((b) => b.id === n.name)?.ha} split={split.has(n.name)} />
      ))}
    </div>
  );
}
