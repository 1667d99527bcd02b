// Inside a cluster member's card: where the lab queue's messages went on this broker — its
// counters, the lab's consumer pinned to it, and how it sees the cluster. Other roles show none.
import type { BrokerSnapshot } from '../../../shared/lab-state.js';
import { useLab } from '../store-context.js';

export function QueueStats({ broker }: { broker: BrokerSnapshot }) {
  const consumer = useLab((s) => s.snapshot?.consumers?.consumers[broker.name]);
  const runId = useLab((s) => s.snapshot?.ledger.runId ?? null);
  if (broker.role !== 'member') return null;
  const q = broker.haQueueStats;
  const c = broker.cluster;
  const ofRun = consumer && runId ? (consumer.byRun[runId] ?? 0) : null;
  return (
    <dl className="facts queue-stats" data-testid={`queue-stats-${broker.name}`} aria-label={`${broker.label}: haQueue and cluster`}>
      <div>
        <dt>Messages</dt>
        <dd data-testid={`queue-count-${broker.name}`}>{q ? q.messageCount : '—'}</dd>
      </div>
      <div>
        <dt>Added</dt>
        <dd title="Since this broker started; after a restart it starts at the messages kept, not 0">{q ? q.messagesAdded : '—'}</dd>
      </div>
      <div>
        <dt>Consumers</dt>
        <dd data-testid={`queue-consumers-${broker.name}`}>{q ? q.consumerCount : '—'}</dd>
      </div>
      <div>
        <dt>Lab consumer</dt>
        <dd data-testid={`lab-consumer-${broker.name}`}>
          {consumer ? `${consumer.state}, ${consumer.received} received${ofRun !== null ? ` (${ofRun} of the last send)` : ''}` : 'none'}
        </dd>
      </div>
      <div>
        <dt>Cluster</dt>
        <dd>{c ? `${c.members ?? '?'} members · ${c.loadBalancing ?? '?'}` : '—'}</dd>
      </div>
    </dl>
  );
}
