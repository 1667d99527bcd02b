// The library of labs: a card per lab (what it teaches, how long, its picture) and the way to
// switch. A dir not set up yet just takes the new lab; a dir holding another lab is moved aside
// (never deleted) only after the attendee says yes, and only once its brokers are stopped.
import { useEffect, useRef, useState } from 'react';
import { LABS } from '../../../shared/labs/index.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';
import { TopologyPicture } from './Topology.js';

const HA_WORDS = { replication: 'replication', 'shared-store': 'shared store', none: 'no HA' } as const;

function haSummary(lab: LabDefinition): string {
  const kinds = [...new Set(lab.topology.brokers.map((b) => b.ha))];
  return kinds.map((k) => HA_WORDS[k]).join(' + ');
}

function LabCard({ lab, current, disabled, onPick }: { lab: LabDefinition; current: boolean; disabled: boolean; onPick: () => void }) {
  const n = lab.topology.brokers.length;
  return (
    <article className={`lab-card ${current ? 'current' : ''}`} data-lab={lab.id} aria-current={current ? 'true' : undefined} aria-labelledby={`lab-${lab.id}-title`}>
      <header className="lab-card-head">
        <h3 id={`lab-${lab.id}-title`}>{lab.title}</h3>
        {current ? <span className="badge badge-current">your lab</span> : null}
      </header>
      <p className="lab-facts muted small" data-testid="lab-facts">
        about {lab.minutes} min · {n} broker{n === 1 ? '' : 's'} · {haSummary(lab)}
      </p>
      <TopologyPicture lab={lab} small />
      <p className="lab-summary">{lab.summary}</p>
      <h4 className="lab-learn-title">What you learn</h4>
      <ul className="lab-learn">
        {lab.learn.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <div className="actions">
        {current ? (
          <span className="muted small">This is the lab in your lab dir.</span>
        ) : (
          <button type="button" className="primary" disabled={disabled} aria-label={`Pick ${lab.title}`} onClick={onPick}>
            Pick this lab
          </button>
        )}
      </div>
    </article>
  );
}

/** Asked before a set-up lab is moved aside; while its brokers run, first offers to stop them. */
function ConfirmSwitch({ target, onCancel, onDone }: { target: LabDefinition; onCancel: () => void; onDone: () => void }) {
  const current = useLabDefinition();
  const call = useLab((s) => s.call);
  const labDir = useLab((s) => s.snapshot?.labDir ?? '');
  const brokers = useLab((s) => s.snapshot?.brokers);
  const task = useLab((s) => s.snapshot?.task ?? null);
  const stopping = useLab((s) => !!s.busy['lab.down']);
  const settingUp = useLab((s) => !!s.busy['lab.setup']);
  const running = (brokers ?? []).filter((n) => n.process !== 'stopped' && n.process !== 'crashed');
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <section ref={box} className="confirm-switch" role="group" aria-labelledby="switch-title" tabIndex={-1} data-testid="confirm-switch">
      <h3 id="switch-title">Switch to “{target.title}”?</h3>
      {running.length > 0 ? (
        <>
          <p role="status">
            The brokers of “{current.title}” are running ({running.map((n) => n.label).join(', ')}). Stop them first: only a stopped lab is moved aside.
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={stopping} onClick={() => void call('lab.down', {})}>
              {stopping ? 'Stopping the brokers…' : 'Stop the brokers'}
            </button>
            <button type="button" className="ghost" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            This moves your current lab aside (nothing is deleted) and sets up {target.title}. The old lab, <span className="mono">{labDir}</span> with its brokers, journals and
            logs, stays next to it for you to look at.
          </p>
          {settingUp && task ? (
            <p className="muted small" role="status">
              {task.message}
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={settingUp}
              onClick={async () => {
                const report = await call('lab.setup', { lab: target.id, force: true });
                if (report) onDone();
              }}
            >
              {settingUp ? `Setting up ${target.title}…` : `Move it aside and set up ${target.title}`}
            </button>
            <button type="button" className="ghost" disabled={settingUp} onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}

export function LabPicker() {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = useLab((s) => s.pickerOpen);
  const setOpen = useLab((s) => s.setPickerOpen);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  // The cards mount only while open: a library of small pictures need not sit in the page all the time.
  return (
    <dialog ref={dialog} className="lab-picker" aria-labelledby="picker-title" onClose={() => setOpen(false)}>
      {open ? <PickerBody onClose={() => setOpen(false)} /> : null}
    </dialog>
  );
}

function PickerBody({ onClose }: { onClose: () => void }) {
  const call = useLab((s) => s.call);
  const current = useLabDefinition();
  const setUp = useLab((s) => s.snapshot?.config != null);
  const choosing = useLab((s) => !!s.busy['lab.choose']);
  const [target, setTarget] = useState<LabDefinition | null>(null);
  const pick = async (lab: LabDefinition) => {
    if (!setUp) {
      if (await call('lab.choose', { lab: lab.id })) onClose();
      return;
    }
    setTarget(lab);
  };
  return (
    <>
      <div className="picker-head">
        <h2 id="picker-title">Choose a lab</h2>
        <button type="button" className="ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        {setUp
          ? `Your lab dir holds “${current.title}”. Picking another moves it aside first (nothing is deleted).`
          : 'Your lab dir is not set up yet: pick the lab to build, then start at step 1.'}
      </p>
      {target ? <ConfirmSwitch target={target} onCancel={() => setTarget(null)} onDone={onClose} /> : null}
      <div className="lab-cards">
        {LABS.map((lab) => (
          <LabCard key={lab.id} lab={lab} current={lab.id === current.id} disabled={choosing || target !== null} onPick={() => void pick(lab)} />
        ))}
      </div>
    </>
  );
}

/** Over the steps: which lab this is, and the one click to the picker. */
export function LabBar() {
  const lab = useLabDefinition();
  const setOpen = useLab((s) => s.setPickerOpen);
  const setUp = useLab((s) => s.snapshot?.config != null);
  return (
    <div className={`lab-bar ${setUp ? '' : 'fresh'}`} data-lab={lab.id}>
      <div>
        <span className="muted small">Lab</span> <strong>{lab.title}</strong>
        <span className="muted small">
          {' '}
          · about {lab.minutes} min · {lab.topology.brokers.length} brokers
        </span>
        {setUp ? null : <p className="muted small lab-bar-note">Not set up yet: this is the time to pick another lab.</p>}
      </div>
      <button type="button" className={setUp ? 'ghost small' : 'primary'} onClick={() => setOpen(true)}>
        {setUp ? 'Other labs…' : 'Choose a lab…'}
      </button>
    </div>
  );
}
