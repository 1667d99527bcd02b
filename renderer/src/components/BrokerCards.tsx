// One card per broker, always in view: what the broker is doing right now, in words.
import { useEffect, useState } from 'react';
import type { NodeSnapshot } from '../../../shared/lab-state.js';
import type { HaKind } from '../../../shared/labs/lab-definition.js';
import { fixLine } from '../fixes.js';
import { useLabDefinition } from '../lab-definition.js';
import { nodeViewState, stateWords, type NodeViewState } from '../node-view-state.js';
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

const TONE: Record<NodeViewState, LightTone> = {
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

/** The card's badge: the topology picture's state (node-view-state.ts), with both kinds of backup called "backup". */
export function roleOf(n: NodeSnapshot, ha: HaKind = 'replication'): { word: string; tone: LightTone; explain: string } {
  const state = nodeViewState(n);
  const { word, explain } = stateWords(state, ha);
  return { word: state === 'synced-backup' || state === 'waiting-backup' ? 'backup' : word, tone: TONE[state], explain };
}

function queueText(n: NodeSnapshot): string {
  if (n.queues.haQueue !== null) return String(n.queues.haQueue);
  if (n.process !== 'running') return '—';
  return n.backup ? 'none (passive)' : 'no queue';
}

function syncText(n: NodeSnapshot): string {
  // Shared store has nothing to synchronize: ReplicaSync is false on both brokers, always.
  if (/shared store/i.test(n.haPolicy ?? '')) return 'not needed (shared store)';
  if (n.replicaSync === null) return 'unknown';
  return n.replicaSync ? 'yes' : 'no';
}

export function BrokerCard({ node, ha, split = false }: { node: NodeSnapshot; ha?: HaKind; split?: boolean }) {
  const call = useLab((s) => s.call);
  const busy = useLab((s) => s.busy);
  const lab = useLabDefinition();
  const now = useNow(1000);
  const role = roleOf(node, ha);
  const running = node.process === 'running' || node.process === 'starting';
  const anyBusy = !!busy[`node:${node.name}`];
  const uptime = node.startedAt && running ? formatDuration(Math.max(0, now - Date.parse(node.startedAt))) : '—';
  return (
    <section
      className={`card broker-card role-${role.word}${split ? ' split-brain' : ''}`}
      data-node={node.name}
      data-live={node.live}
      data-process={node.process}
      data-split-brain={split || undefined}
      aria-labelledby={`card-${node.name}`}
    >
      <header className="card-head">
        <Light tone={role.tone} label={role.word} />
        <h2 id={`card-${node.name}`}>
          {node.label} <span className="muted mono">{node.instance}</span>
        </h2>
        <span className={`badge badge-${role.word}`} data-testid={`role-${node.name}`}>
          {role.word}
        </span>
      </header>
      <dl className="facts">
        <div>
          <dt>Process</dt>
          <dd>
            {node.process}
            {node.pid ? <span className="muted"> · pid {node.pid}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Synchronized</dt>
          <dd>{syncText(node)}</dd>
        </div>
        <div>
          <dt>haQueue</dt>
          <dd data-testid={`queue-${node.name}`}>{queueText(node)}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{uptime}</dd>
        </div>
        <div>
          <dt>Ports</dt>
          <dd className="mono">
            {node.ports.acceptor} · {node.ports.console}
          </dd>
        </div>
      </dl>
      <QueueStats node={node} />
      <p className="card-explain muted">{role.explain}</p>
      {node.lastError ? (
        <p className="card-error" role="status">
          {node.lastError.message}
          {fixLine(node.lastError, lab) ? <span className="muted"> — {fixLine(node.lastError, lab)}</span> : null}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={running || anyBusy} onClick={() => void call('node.start', { node: node.name }, `node:${node.name}`)}>
          Start
        </button>
        <button type="button" disabled={!running || anyBusy} onClick={() => void call('node.stop', { node: node.name }, `node:${node.name}`)}>
          Stop
        </button>
        <button
          type="button"
          className="danger"
          disabled={!running || anyBusy}
          title="Kill the process hard, as a power cut would"
          onClick={() => void call('node.stop', { node: node.name, crash: true }, `node:${node.name}`)}
        >
          Crash
        </button>
      </div>
    </section>
  );
}

export function BrokerCards() {
  const nodes = useLab((s) => s.snapshot?.nodes);
  const splitBrain = useLab((s) => s.snapshot?.splitBrain);
  const lab = useLabDefinition();
  const createTitle = lab.story.find((st) => st.id === 'create')?.title ?? 'Create the brokers';
  if (!nodes || nodes.length === 0) {
    return (
      <div className="cards" data-count={lab.topology.brokers.length}>
        {lab.topology.brokers.map((b) => (
          <section key={b.id} className="card broker-card placeholder" data-node={b.id} data-process="none" aria-label={`${b.label} broker`}>
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
    <div className="cards" data-count={nodes.length}>
      {nodes.map((n) => (
        <BrokerCard key={n.name} node={n} ha={lab.topology.brokers.find((b) => b.id === n.name)?.ha} split={split.has(n.name)} />
      ))}
    </div>
  );
}
