import { useRef, useState } from 'react';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';
import { ClassroomPill } from './Classroom.js';

function ResetButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['lab.reset']);
  const labDir = useLab((s) => s.snapshot?.labDir ?? '');
  const [movedTo, setMovedTo] = useState<string | null | undefined>(undefined);
  return (
    <>
      <button type="button" className="ghost" onClick={() => dialog.current?.showModal()}>
        Reset lab…
      </button>
      <dialog ref={dialog} aria-labelledby="reset-title" onClose={() => setMovedTo(undefined)}>
        <h2 id="reset-title">Reset the lab?</h2>
        {movedTo === undefined ? (
          <>
            <p>
              This stops both brokers and moves <span className="mono">{labDir}</span> aside, next to where it is. Nothing is deleted: the old brokers,
              their journals and logs stay there for you to look at.
            </p>
            <div className="actions">
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={async () => {
                  const result = await call('lab.reset', { confirm: true });
                  if (result) setMovedTo(result.movedTo);
                }}
              >
                {busy ? 'Resetting…' : 'Stop brokers and move the lab aside'}
              </button>
              <button type="button" className="ghost" autoFocus onClick={() => dialog.current?.close()}>
                Cancel
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{movedTo ? <>The old lab is now in <span className="mono">{movedTo}</span>.</> : 'There was nothing to move.'} You can start from step 1.</p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}

/** The instructor's zip: the lab writes it and says where (a path on the attendee's machine). */
function DiagnosticsButton() {
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['lab.diagnose']);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="ghost"
        disabled={busy}
        title="One zip for your instructor: checks, versions, broker config and logs, steps; passwords masked"
        onClick={async () => {
          const result = await call('lab.diagnose', {});
          if (result) setSaved(result.path);
        }}
      >
        {busy ? 'Saving diagnostics…' : 'Save diagnostics'}
      </button>
      {saved ? (
        <span className="saved-path" role="status">
          Saved <span className="mono">{saved}</span>
          <button type="button" className="ghost small" aria-label="Dismiss" onClick={() => setSaved(null)}>
            ×
          </button>
        </span>
      ) : null}
    </>
  );
}

export function Header() {
  const connection = useLab((s) => s.connection);
  const theme = useLab((s) => s.theme);
  const setTheme = useLab((s) => s.setTheme);
  const broker = useLab((s) => s.snapshot?.config?.broker ?? null);
  const version = broker ? (broker.label ?? `Artemis ${broker.version}`) : null;
  const lab = useLabDefinition();
  const setPickerOpen = useLab((s) => s.setPickerOpen);
  return (
    <header className="app-header">
      <div className="brand">
        <img src="./icon.svg" alt="" width="28" height="28" />
        <h1>AMQ HA Lab</h1>
        <span className="muted" data-testid="header-lab">
          {lab.title}
          {version ? ` · ${version}` : ''}
        </span>
      </div>
      <div className="header-actions">
        <span className={`conn conn-${connection}`} role="status">
          {connection === 'open' ? 'connected' : connection === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
        <button type="button" className="ghost" title="The library of labs: see what each teaches, switch to another" onClick={() => setPickerOpen(true)}>
          Labs
        </button>
        <button type="button" className="ghost" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <ClassroomPill />
        <DiagnosticsButton />
        <ResetButton />
      </div>
    </header>
  );
}
