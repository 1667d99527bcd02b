// Each broker's log, following live. AMQ codes are what the HA story is told in, so they stand
// out and can be filtered on.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine, BrokerName } from '../../../shared/lab-state.js';
import { useLabDefinition } from '../lab-definition.js';
import { splitCodes } from '../format.js';
import { useLab } from '../store-context.js';

const EMPTY: LogLine[] = [];
const LEVELS = ['all', 'ERROR', 'WARN', 'INFO'] as const;

const RANK: Record<string, number> = { TRACE: 0, DEBUG: 0, INFO: 1, WARN: 2, WARNING: 2, ERROR: 3, FATAL: 3 };

/** Level "WARN" keeps WARN and ERROR; the code filter matches the line's code or its text. */
export function filterLines(lines: LogLine[], level: string, code: string): LogLine[] {
  const min = level === 'all' ? -1 : (RANK[level] ?? -1);
  const c = code.trim().toUpperCase();
  return lines.filter((l) => {
    const rank = RANK[(l.level ?? 'INFO').toUpperCase()] ?? 1;
    if (rank < min) return false;
    if (c && !(l.code ?? '').toUpperCase().includes(c) && !l.text.toUpperCase().includes(c)) return false;
    return true;
  });
}

export function Logs() {
  const lab = useLabDefinition();
  const [chosen, setBroker] = useState<BrokerName | null>(null);
  const broker = chosen && lab.topology.brokers.some((b) => b.id === chosen) ? chosen : lab.topology.brokers[0]!.id;
  const [level, setLevel] = useState<string>('all');
  const [code, setCode] = useState('');
  const [follow, setFollow] = useState(true);
  const lines = useLab((s) => s.snapshot?.logs[broker] ?? EMPTY);
  const shown = useMemo(() => filterLines(lines, level, code), [lines, level, code]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  return (
    <div className="logs">
      <div className="toolbar">
        <fieldset className="segmented">
          <legend className="sr-only">Broker</legend>
          {lab.topology.brokers.map(({ id: n, label }) => (
            <label key={n} className={broker === n ? 'on' : ''}>
              <input type="radio" name="log-broker" value={n} checked={broker === n} onChange={() => setBroker(n)} />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Level{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'all' ? 'all' : `${l}${l === 'ERROR' ? '' : ' and above'}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code <input type="search" value={code} placeholder="AMQ2210" onChange={(e) => setCode(e.target.value)} size={10} />
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <span className="muted">
          {shown.length} of {lines.length} lines
        </span>
      </div>
      <div className="log-box mono" ref={box} tabIndex={0} role="log" aria-label={`${broker} log`} aria-live="off">
        {shown.length === 0 ? <p className="muted">No lines{lines.length ? ' match the filter' : ' yet'}.</p> : null}
        {shown.map((l) => (
          <div key={l.seq} className={`log-line lv-${(l.level ?? '').toLowerCase()}`}>
            {splitCodes(l.text).map((p, i) =>
              p.code ? (
                <mark key={i} className="code">
                  {p.text}
                </mark>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
