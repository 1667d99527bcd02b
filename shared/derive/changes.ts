// The change feed from two snapshots in a row: what became true between them (shared/change-feed.ts).
import type { LabChange } from '../change-feed.js';
import type { LabSnapshot, BrokerSnapshot, Stopwatch } from '../lab-state.js';

type Seen = Pick<LabSnapshot, 'lab' | 'at' | 'brokers' | 'steps' | 'groupStopwatches' | 'splitBrain' | 'ledger'>;

/** A broker's state in the feed's words; null while it is between them (starting, stopping, unknown). */
function brokerWord(n: BrokerSnapshot | undefined): 'live' | 'backup' | 'stopped' | null {
  if (!n || n.process === 'stopped' || n.process === 'crashed') return 'stopped';
  if (n.process !== 'running') return null;
  if (n.live) return 'live';
  return n.backup === true ? 'backup' : null;
}

const finished = (before: Stopwatch | null | undefined, after: Stopwatch | null | undefined): after is Stopwatch & { ms: number } =>
  !!after?.endedAt && after.ms !== null && !(before?.startedAt === after.startedAt && before.endedAt);

/** What `next` shows that `prev` did not; nothing when there is no `prev`, only `lab-chosen` when it was another lab. */
export function changesBetween(prev: Seen | null, next: Seen): LabChange[] {
  if (!prev) return [];
  const base = { at: next.at, lab: next.lab };
  // Another lab's brokers, steps and clocks are not this one's to compare with.
  if (prev.lab !== next.lab) return [{ ...base, type: 'lab-chosen', v: 1, from: prev.lab }];
  const out: LabChange[] = [];
  const stepBefore = new Map(prev.steps.map((s) => [s.id, s.status]));
  for (const s of next.steps) {
    if (s.status === stepBefore.get(s.id)) continue;
    if (s.status === 'running') out.push({ ...base, type: 'step-started', v: 1, step: s.id });
    if (s.status === 'skipped') out.push({ ...base, type: 'step-skipped', v: 1, step: s.id });
    if (s.status === 'pending' && stepBefore.has(s.id)) out.push({ ...base, type: 'step-reset', v: 1, step: s.id });
    if (s.status === 'passed') out.push({ ...base, type: 'step-passed', v: 1, step: s.id, ms: s.ms, detail: s.detail });
    if (s.status === 'failed') out.push({ ...base, type: 'step-failed', v: 1, step: s.id, ms: s.ms, detail: s.detail });
  }
  for (const n of next.brokers) {
    const was = brokerWord(prev.brokers.find((x) => x.name === n.name));
    const now = brokerWord(n);
    if (now && now !== was) out.push({ ...base, type: 'broker-became', v: 1, broker: n.name, as: now, crashed: n.process === 'crashed' });
  }
  for (const [group, clock] of Object.entries(next.groupStopwatches)) {
    const before = prev.groupStopwatches[group];
    if (finished(before?.failover, clock.failover)) {
      out.push({ ...base, type: 'failover-timed', v: 1, group, ms: clock.failover.ms, from: clock.failover.broker ?? null, to: clock.failover.to ?? null });
    }
    if (finished(before?.failback, clock.failback)) {
      out.push({ ...base, type: 'failback-timed', v: 1, group, ms: clock.failback.ms, broker: clock.failback.to ?? clock.failback.broker ?? null });
    }
  }
  const raisedBefore = new Set(prev.splitBrain.filter((g) => g.raised).map((g) => g.group));
  const raisedNow = new Set(next.splitBrain.filter((g) => g.raised).map((g) => g.group));
  for (const g of next.splitBrain) if (g.raised && !raisedBefore.has(g.group)) out.push({ ...base, type: 'split-brain-raised', v: 1, group: g.group, brokers: g.brokers });
  for (const group of raisedBefore) if (!raisedNow.has(group)) out.push({ ...base, type: 'split-brain-cleared', v: 1, group });
  const checked = new Set(prev.ledger.checks.map((c) => `${c.at}|${c.label}`));
  for (const check of next.ledger.checks) if (!checked.has(`${check.at}|${check.label}`)) out.push({ ...base, type: 'ledger-check', v: 1, check });
  return out;
}
