// The guided story: each step says what to do, why it matters for HA, the command an attendee
// would type, and how the app verifies it. "Do it for me" runs it through the lab; the light is
// the lab's verdict (StepState), never the page's guess.
import { useState } from 'react';
import type { LabSnapshot, StepState, StepStatus } from '../../../shared/lab-state.js';
import type { LabDefinition, LabStep } from '../../../shared/labs/lab-definition.js';
import { renderCommand } from '../../../shared/labs/story.js';
import { fixDone, fixLine } from '../fixes.js';
import { labFor, useLabDefinition } from '../lab-definition.js';
import { formatDuration } from '../format.js';
import { useLab } from '../store-context.js';
import { CopyCommand } from './CopyCommand.js';
import { BrokerSetupPanel, DoctorPanel, SetupReportPanel } from './SetupPanels.js';
import { Light, type LightTone } from './Light.js';

const TONE: Record<StepStatus, LightTone> = { pending: 'idle', running: 'busy', passed: 'good', failed: 'bad', skipped: 'skip' };

export function commandFor(step: LabStep, snapshot: LabSnapshot | null, lab: LabDefinition = labFor(snapshot?.lab)): string | null {
  return step.command ? renderCommand(step.command, lab, snapshot?.config ?? null) : null;
}

function StepExtras({ id }: { id: string }) {
  if (id === 'prerequisites') return <DoctorPanel />;
  if (id === 'unpack') return <BrokerSetupPanel />;
  if (id === 'create') return <SetupReportPanel />;
  return null;
}

function StepItem({ step, state, index, open, onToggle }: { step: LabStep; state: StepState; index: number; open: boolean; onToggle: () => void }) {
  const snapshot = useLab((s) => s.snapshot);
  const runStep = useLab((s) => s.runStep);
  const skipStep = useLab((s) => s.skipStep);
  const busy = useLab((s) => s.busy);
  const downloading = useLab((s) => s.snapshot?.task?.name === 'download');
  const zips = useLab((s) => s.zips);
  const lab = useLabDefinition();
  const anyStepBusy = Object.keys(busy).some((k) => k.startsWith('step.run:'));
  const mine = !!busy[`step.run:${step.id}`];
  const status: StepStatus = mine && state.status !== 'running' ? 'running' : state.status;
  const command = commandFor(step, snapshot);
  const done = status === 'passed' || status === 'skipped';
  // The lab holds a setup back until the broker download under way has put its zip in installs/.
  const waitsForDownload = mine && downloading && step.act.some((a) => a.do === 'setup');
  const bodyId = `step-body-${step.id}`;
  return (
    <li className={`step step-${status}`} data-step={step.id} data-status={status}>
      <div className="step-head">
        <Light tone={TONE[status]} label={status} />
        <button type="button" className="step-title" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="step-num">{index + 1}</span> {step.title}
        </button>
        <span className="step-meta muted">{state.ms != null ? formatDuration(state.ms) : status === 'pending' ? '' : status === 'passed' ? 'seen' : status}</span>
      </div>
      <div id={bodyId} className="step-body" hidden={!open}>
        <p className="instruction">{step.instruction}</p>
        <p className="why">
          <strong>Why it matters:</strong> {step.why}
        </p>
        {command ? <CopyCommand command={command} /> : null}
        <StepExtras id={step.id} />
        <p className="verified muted">
          <strong>Verified by:</strong> {step.verifiedBy}
        </p>
        {/* Pressed but not begun in the lab yet (its setup comes first): the last run's words are not true any more. */}
        {state.detail && !(mine && state.status !== 'running') ? (
          <p className={`detail ${status === 'failed' ? 'detail-bad' : ''}`} role={status === 'failed' ? 'alert' : undefined}>
            {state.detail}
          </p>
        ) : null}
        {waitsForDownload ? (
          <p className="waiting" role="status">
            Waiting for the download to finish; this step goes on by itself then.
          </p>
        ) : null}
        {status === 'failed' ? (
          // The fix the failure named is done since (the zip is there now): what is left is to run it again.
          <p className="hint">Hint: {fixDone(state.fix, { snapshot, zips }) ? 'That is fixed now: press Do it for me.' : (fixLine(state, lab) ?? step.hint)}</p>
        ) : null}
        <div className="actions">
          <button type="button" className="primary" disabled={anyStepBusy} onClick={() => void runStep(step.id)}>
            {/* A failed step offers the same help again: its actions repair what they can (a broken failback). */}
            {mine ? 'Working…' : done ? 'Redo' : 'Do it for me'}
          </button>
          {!done ? (
            <button type="button" className="ghost" disabled={anyStepBusy} onClick={() => void skipStep(step.id)}>
              Skip
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function Steps() {
  const lab = useLabDefinition();
  const story = lab.story;
  const steps = useLab((s) => s.snapshot?.steps);
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const states = new Map((steps ?? []).map((s) => [s.id, s]));
  const current = story.find((s) => {
    const st = states.get(s.id)?.status;
    return st !== 'passed' && st !== 'skipped';
  });
  const passed = (steps ?? []).filter((s) => s.status === 'passed').length;
  return (
    <section className="steps-panel" aria-labelledby="steps-title">
      <div className="panel-head">
        <h2 id="steps-title">Guided steps</h2>
        <span className="muted">
          {passed} of {story.length} verified
        </span>
      </div>
      {passed === story.length ? (
        <p className="done" role="status">
          {lab.done}
        </p>
      ) : null}
      <div className="progress-line" aria-hidden="true">
        <span style={{ width: `${(passed / story.length) * 100}%` }} />
      </div>
      <ol className="steps">
        {story.map((step, i) => {
          const state = states.get(step.id) ?? { id: step.id, status: 'pending' as const, ms: null, detail: null, hint: null };
          const open = toggled[step.id] ?? step.id === current?.id;
          return (
            <StepItem key={step.id} step={step} state={state} index={i} open={open} onToggle={() => setToggled((t) => ({ ...t, [step.id]: !open }))} />
          );
        })}
      </ol>
    </section>
  );
}
