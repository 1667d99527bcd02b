// The classroom in the app: the attendee's pill and join dialog in the header, and, on the machine
// that hosts the hub, the instructor's page (one row per attendee, needs-help first, a light per
// step, a row opens its detail). Read by polling the lab side once a second: the hub already keeps
// the latest state of everyone, so a poll never misses what matters.
import { useEffect, useRef, useState } from 'react';
import { ASK_WORDS, type AskState, type PendingAsk } from '../../../shared/classroom-ask.js';
import type { MembershipView } from '../../../shared/classroom-contract.js';
import { HELP_WORDS, labsOf, viewOfLab, type ClassroomRow, type ClassroomView } from '../../../shared/classroom-rows.js';
import { describeRecent } from '../../../shared/classroom-timeline.js';
import type { StepStatus } from '../../../shared/lab-state.js';
import { useBridge } from '../store-context.js';
import { JoinQr } from './JoinQr.js';
import { Light, type LightTone } from './Light.js';

const POLL_MS = 1000;
const TONE: Record<StepStatus, LightTone> = { pending: 'idle', running: 'busy', passed: 'good', failed: 'bad', skipped: 'skip' };

function usePoll<T>(read: () => Promise<T>): [T | undefined, () => void] {
  const [value, setValue] = useState<T>();
  const [tick, setTick] = useState(0);
  // The latest reader, so the timer is not restarted on every render.
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    let live = true;
    const once = () =>
      reader.current().then(
        (v) => live && setValue(v),
        () => undefined,
      );
    void once();
    const timer = setInterval(() => void once(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tick]);
  return [value, () => setTick((t) => t + 1)];
}

export function useClassroomView(): ClassroomView | null | undefined {
  const bridge = useBridge();
  return usePoll(() => bridge.request('classroom.view', {}))[0];
}

function minutesSince(iso: string, now: number): string {
  const m = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}

/** What the dialog promises, word for word what attendee-state.ts sends. */
export const SHARED_WITH_INSTRUCTOR =
  "Your name, the lab, each step's state, time and detail, your brokers' roles, the last failure and its hint, a raised hand, and your OS, Java and broker versions. Never a password, a path under your home directory, or a file.";

/** Reads a pasted join line (`amq-ha-lab classroom join HOST:PORT --code C --pin P`) into its parts. */
export function parseJoinLine(text: string): { hub: string; code?: string; pin?: string } {
  const words = text.trim().split(/\s+/);
  const at = words.indexOf('join');
  const rest = at >= 0 ? words.slice(at + 1) : words;
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  return { hub: rest.find((w) => !w.startsWith('--') && /:\d+$/.test(w)) ?? rest[0] ?? '', code: option('--code'), pin: option('--pin') };
}

/** Open: shown modal with its form; closed: an empty dialog, so its fields are nowhere in the page (no second "Code" beside the log filter's). */
function JoinDialog({ open, onClose, onJoined }: { open: boolean; onClose: () => void; onJoined: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (open && d && !d.open) d.showModal();
    if (!open && d?.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby="join-title" className="join-dialog" onClose={onClose}>
      {open ? <JoinForm close={() => dialog.current?.close()} onJoined={onJoined} /> : null}
    </dialog>
  );
}

function JoinForm({ close, onJoined }: { close: () => void; onJoined: () => void }) {
  const bridge = useBridge();
  const [line, setLine] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseJoinLine(line);
  const effectiveCode = code || parsed.code || '';
  return (
    <>
      <h2 id="join-title">Join a classroom</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await bridge.request('classroom.join', { hub: parsed.hub, code: effectiveCode, ...(parsed.pin ? { pin: parsed.pin } : {}), ...(name ? { name } : {}) });
            close();
            onJoined();
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          The line your instructor shows (or the hub, HOST:PORT)
          <input className="mono" value={line} onChange={(e) => setLine(e.target.value)} placeholder="amq-ha-lab classroom join 192.168.1.20:5673 --code 7QF-K2M --pin …" required />
        </label>
        <label>
          Join code
          <input className="mono" value={effectiveCode} onChange={(e) => setCode(e.target.value)} placeholder="7QF-K2M" required />
        </label>
        <label>
          Your name, as the instructor sees it
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="your user name" maxLength={64} />
        </label>
        <p className="small">
          <strong>What the instructor will see:</strong> {SHARED_WITH_INSTRUCTOR}
        </p>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !parsed.hub || !effectiveCode}>
            {busy ? 'Joining…' : 'Join'}
          </button>
          <button type="button" className="ghost" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** The header's classroom control: "Join a classroom", or the pill with Ask for help and Leave. */
export function ClassroomPill() {
  const bridge = useBridge();
  const [joining, setJoining] = useState(false);
  const [membership, refresh] = usePoll<MembershipView | null>(() => bridge.request('classroom.membership', {}));
  if (membership === undefined) return null;
  if (!membership) {
    return (
      <>
        <button type="button" className="ghost" onClick={() => setJoining(true)}>
          Join a classroom
        </button>
        <JoinDialog open={joining} onClose={() => setJoining(false)} onJoined={refresh} />
      </>
    );
  }
  const state = membership.state === 'connected' ? 'connected' : membership.state === 'refused' ? 'refused' : membership.state === 'not started' ? 'not publishing' : 'reconnecting';
  return (
    <span className="classroom-pill" data-testid="classroom-pill">
      <span className={`conn ${state === 'connected' ? 'conn-open' : 'conn-closed'}`} role="status" title={membership.reason ?? undefined}>
        in classroom · {state}
      </span>
      <button
        type="button"
        className={membership.hand ? 'primary small' : 'ghost small'}
        aria-pressed={membership.hand}
        onClick={async () => {
          await bridge.request('classroom.hand', { raised: !membership.hand }).catch(() => undefined);
          refresh();
        }}
      >
        {membership.hand ? 'Lower hand' : 'Ask for help'}
      </button>
      <button
        type="button"
        className="ghost small"
        onClick={async () => {
          await bridge.request('classroom.leave', {}).catch(() => undefined);
          refresh();
        }}
      >
        Leave
      </button>
      {membership.ask ? <AskPrompt ask={membership.ask} onAnswered={refresh} /> : null}
    </span>
  );
}

const ASKED_WORDS: Record<Exclude<PendingAsk['state'], 'pending'>, string> = {
  sending: 'Collecting and sending your diagnostics…',
  sent: 'Your diagnostics were sent to the instructor.',
  declined: 'You declined: nothing was sent.',
  failed: 'Your diagnostics could not be sent',
};

/** The instructor's ask, in the attendee's pill: what the zip holds, and nothing leaves without Send. */
function AskPrompt({ ask, onAnswered }: { ask: PendingAsk; onAnswered: () => void }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The answer's outcome stays until read; OK hides it (the ask is this one's id and state).
  const [dismissed, setDismissed] = useState<string | null>(null);
  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await bridge.request('classroom.answerAsk', { accept });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      onAnswered();
    }
  };
  if (ask.state !== 'pending') {
    if (dismissed === `${ask.ask}:${ask.state}`) return null;
    return (
      <span className="classroom-ask small" data-testid="classroom-ask">
        <span role="status">
          {ASKED_WORDS[ask.state]}
          {ask.state === 'failed' && ask.reason ? `: ${ask.reason}` : ''}
        </span>
        {ask.state === 'sending' ? null : (
          <button type="button" className="ghost small" onClick={() => setDismissed(`${ask.ask}:${ask.state}`)}>
            OK
          </button>
        )}
      </span>
    );
  }
  return (
    <span className="classroom-ask small" role="group" aria-label="The instructor's ask" data-testid="classroom-ask">
      <span>
        The instructor asks for your diagnostics (what it contains: {ask.contains}) —{' '}
      </span>
      <button type="button" className="primary small" disabled={busy} onClick={() => void answer(true)}>
        {busy ? 'Sending…' : 'Send'}
      </button>
      <button type="button" className="ghost small" disabled={busy} onClick={() => void answer(false)}>
        Decline
      </button>
      {error ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** The row's ask as the instructor reads it: asked / declined / arrived: the file. */
function askText(ask: AskState): string {
  return `${ASK_WORDS[ask.state]}${ask.file ? `: ${ask.file}` : ''}`;
}

function AskButton({ row, ask }: { row: ClassroomRow; ask: (rowId: string) => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="row-ask small">
      {row.ask ? <span data-testid="row-ask">{askText(row.ask)} </span> : null}
      {row.event.left ? null : (
        <button
          type="button"
          className="ghost small"
          disabled={busy || row.ask?.state === 'asked'}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await ask(row.id);
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {row.ask ? 'Ask again for diagnostics' : 'Ask for diagnostics'}
        </button>
      )}
      {error ? (
        <span className="error-text" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
    </span>
  );
}

function RowDetail({ row, now }: { row: ClassroomRow; now: number }) {
  const e = row.event;
  return (
    <div className="classroom-detail">
      <ol className="classroom-steps">
        {e.steps.map((s) => (
          <li key={s.id}>
            <Light tone={TONE[s.status]} label={`${s.title}: ${s.status}`} /> {s.title}
            {s.failures ? <span className="muted"> · failed {s.failures}×</span> : null}
            {s.at ? <span className="muted"> · {minutesSince(s.at, now)} ago</span> : null}
            {s.detail ? <div className="small muted">{s.detail}</div> : null}
          </li>
        ))}
      </ol>
      {e.recent.length ? (
        <ol className="classroom-recent small" aria-label="Recent changes">
          {e.recent.map((c, i) => (
            <li key={`${c.at}-${i}`}>
              <time dateTime={c.at} className="muted">
                {new Date(c.at).toLocaleTimeString()}
              </time>{' '}
              {describeRecent(c, e)}
            </li>
          ))}
        </ol>
      ) : null}
      <p className="small muted">
        {e.versions.os} · {e.versions.java} · {e.versions.broker} · app {e.versions.app}
      </p>
    </div>
  );
}

/** The instructor's page: projected, so the join line is big; needs-help rows first and marked. */
export function ClassroomPage({ view, ask }: { view: ClassroomView; ask: (rowId: string) => Promise<unknown> }) {
  const [open, setOpen] = useState<string | null>(null);
  const [lab, setLab] = useState('');
  const now = Date.now();
  const labs = labsOf(view);
  const rows = viewOfLab(view, lab).rows;
  const dropped = view.dropped.malformed + view.dropped.oversized + view.dropped['future-version'];
  return (
    <section aria-labelledby="classroom-title" className="classroom">
      <h2 id="classroom-title">
        {view.title} <span className="muted small">({view.rows.length} attendees{view.connected ? '' : ` · ${view.reason ?? 'hub not connected'}`})</span>
      </h2>
      <div className="join-block">
        <p className="join-line mono" data-testid="join-line">
          {view.joinLine}
        </p>
        <JoinQr line={view.joinLine} />
      </div>
      {labs.length > 1 ? (
        <label className="small">
          Lab{' '}
          <select value={lab} onChange={(e) => setLab(e.target.value)}>
            <option value="">all</option>
            {labs.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
      ) : null}
      {dropped ? (
        <p className="small muted" role="status">
          {dropped} bad event{dropped === 1 ? '' : 's'} dropped ({view.dropped.malformed} malformed, {view.dropped.oversized} oversized, {view.dropped['future-version']} of a later version)
        </p>
      ) : null}
      {rows.length === 0 ? <p className="muted">No attendee yet: they type the line above.</p> : null}
      <ul className="classroom-rows">
        {rows.map((r) => {
          const e = r.event;
          const current = e.current ? e.steps.find((s) => s.id === e.current!.id) : null;
          return (
            <li key={r.id} className={`classroom-row${r.help.length ? ' needs-help' : ''}${e.left ? ' left' : ''}`} data-testid="classroom-row">
              <button type="button" className="row-head" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                <span className="row-name">{e.name}</span>
                <span className="muted small">{e.labTitle}</span>
                <span className="small">
                  {r.done}/{r.total}
                </span>
                <span className="row-lights" aria-label={`${r.done} of ${r.total} steps done`}>
                  {e.steps.map((s) => (
                    <Light key={s.id} tone={TONE[s.status]} label={`${s.title}: ${s.status}`} />
                  ))}
                </span>
                <span className="small">{e.left ? 'left' : current ? `${current.title} · ${minutesSince(e.current!.since, now)}` : 'all done'}</span>
                <span className="small muted">{e.brokers.map((b) => `${b.name}${b.live ? ' ●' : b.process === 'running' ? ' ○' : ' ·'}`).join(' ')}</span>
                {r.help.length ? <span className="help-flag">{r.help.map((h) => HELP_WORDS[h]).join(', ')}</span> : null}
              </button>
              {e.failure ? (
                <p className="small row-failure">
                  {e.failure.text}
                  {e.failure.hint ? <span className="muted"> — {e.failure.hint}</span> : null}
                </p>
              ) : null}
              <AskButton row={r} ask={ask} />
              {open === r.id ? <RowDetail row={r} now={now} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
