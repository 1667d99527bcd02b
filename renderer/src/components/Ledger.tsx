// The message-survival ledger: what we sent against what the live broker holds after each
// failover and failback. Lost or duplicated messages are the failure HA exists to prevent.
import { Fragment } from 'react';
import type { Placement } from '../../../shared/lab-state.js';
import { useLab } from '../store-context.js';
import { formatClock } from '../format.js';
import { useLabDefinition } from '../lab-definition.js';
import { placementWords, seqRange } from '../placement-view.js';

/** After a split, each stretch of the run: which broker took it, and where it is now. */
function PlacementTable({ placement, labelOf }: { placement: Placement; labelOf: (id: string) => string }) {
  return (
    <table className="placement" data-testid="placement">
      <caption className="small muted">
        Where each message is now, on {placement.brokers.map(labelOf).join(' and ')} (run {placement.runId})
      </caption>
      <thead>
        <tr>
          <th scope="col">Messages</th>
          <th scope="col">Sent to</th>
          <th scope="col">Now on</th>
          <th scope="col">So it is</th>
        </tr>
      </thead>
      <tbody>
        {placement.rows.map((r) => {
          const w = placementWords(r, placement.brokers, labelOf);
          return (
            <tr key={r.firstSeq} className={`placement-${w.tone}`} data-on={r.on.join('|')}>
              <td className="mono">{seqRange(r)}</td>
              <td>{r.sentTo ? labelOf(r.sentTo) : 'unknown'}</td>
              <td>{w.where}</td>
              <td className={w.tone === 'bad' ? 'num-bad' : 'placement-verdict'}>{w.verdict}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Ledger() {
  const ledger = useLab((s) => s.snapshot?.ledger);
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['messages.verify'] || !!s.busy['messages.send']);
  const lab = useLabDefinition();
  const labelOf = (id: string) => lab.topology.brokers.find((b) => b.id === id)?.label ?? id;
  if (!ledger) return null;
  return (
    <div className="ledger">
      <div className="toolbar">
        <span>
          Sent: <strong data-testid="ledger-sent">{ledger.sent}</strong>
          {ledger.runId ? <span className="muted mono"> · run {ledger.runId}</span> : null}
        </span>
        <button type="button" className="ghost small" disabled={busy} onClick={() => void call('messages.send', { count: 10 })}>
          Send 10 more
        </button>
        <button type="button" className="ghost small" disabled={busy || ledger.sent === 0} onClick={() => void call('messages.verify', {})}>
          Check now
        </button>
      </div>
      {ledger.checks.length === 0 ? (
        <p className="muted">No checks yet. The lab checks after each failover and failback; “Check now” browses the live broker’s haQueue without consuming.</p>
      ) : (
        <table>
          <caption className="sr-only">Ledger checks</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Check</th>
              <th scope="col">On</th>
              <th scope="col">Sent</th>
              <th scope="col">Present</th>
              <th scope="col">Lost</th>
              <th scope="col">Duplicated</th>
            </tr>
          </thead>
          <tbody>
            {ledger.checks.map((c, i) => (
              <Fragment key={i}>
                <tr className={c.lost || c.duplicated ? 'bad' : 'good'}>
                  <td className="mono">{formatClock(c.at)}</td>
                  <td>{c.label}</td>
                  {/* A placement browses several brokers at once: "no live broker" would misread it. */}
                  <td>{c.placement ? c.placement.brokers.map(labelOf).join(' and ') : (c.broker ?? 'no live broker')}</td>
                  <td>{c.sent}</td>
                  <td>{c.present}</td>
                  <td className={c.lost ? 'num-bad' : ''}>{c.lost}</td>
                  <td className={c.duplicated ? 'num-bad' : ''}>{c.duplicated}</td>
                </tr>
                {c.placement ? (
                  <tr className="placement-row">
                    <td colSpan={7}>
                      <PlacementTable placement={c.placement} labelOf={labelOf} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
