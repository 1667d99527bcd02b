// What the first three steps show in place: the prerequisite checks, the broker zip (found,
// picked or dropped) with the unpack progress, and what setup changed in each broker.xml.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { DEFAULT_LOGIN, type CheckStatus } from '../../../shared/lab-state.js';
import { formatBytes } from '../format.js';
import { useLab } from '../store-context.js';
import { Light, type LightTone } from './Light.js';

const CHECK_TONE: Record<CheckStatus, LightTone> = { ok: 'good', warn: 'warn', fail: 'bad' };

export function DoctorPanel() {
  const doctor = useLab((s) => s.snapshot?.doctor ?? null);
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['doctor.run']);
  return (
    <div className="extra">
      {doctor ? (
        <ul className="checks" aria-label="Prerequisite checks">
          {doctor.map((c) => (
            <li key={c.id} data-check={c.id} data-status={c.status}>
              <Light tone={CHECK_TONE[c.status]} label={c.status} />
              <div>
                <strong>{c.title}</strong> <span className="muted">{c.message}</span>
                {c.fix && c.status !== 'ok' ? (
                  <div className="fix">
                    Fix: <code className="mono">{c.fix}</code>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not checked yet.</p>
      )}
      <button type="button" className="ghost small" disabled={busy} onClick={() => void call('doctor.run', {})}>
        {busy ? 'Checking…' : doctor ? 'Check again' : 'Check now'}
      </button>
    </div>
  );
}

export function BrokerSetupPanel() {
  const zips = useLab((s) => s.zips);
  const refreshZips = useLab((s) => s.refreshZips);
  const importZip = useLab((s) => s.importZip);
  const importing = useLab((s) => !!s.busy['broker.import']);
  const downloadBroker = useLab((s) => s.downloadBroker);
  const downloading = useLab((s) => !!s.busy['broker.download']);
  const task = useLab((s) => s.snapshot?.task ?? null);
  const config = useLab((s) => s.snapshot?.config ?? null);
  const installsDir = useLab((s) => s.snapshot?.installsDir ?? 'installs/');
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (zips === null) void refreshZips();
  }, [zips, refreshZips]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void importZip(file);
  };

  return (
    <div className="extra">
      {config ? (
        <p>
          Unpacked: <strong>{config.broker.label ?? `Artemis ${config.broker.version}`}</strong> <span className="muted mono">{config.broker.home}</span>
        </p>
      ) : zips && zips.length > 0 ? (
        <ul className="zips" aria-label="Broker zips found">
          {zips.map((z, i) => (
            <li key={z.path}>
              <strong className="mono">{z.fileName}</strong> <span className="muted">
                {z.label ?? 'no broker inside'} · {formatBytes(z.sizeBytes)}
                {z.problem ? ` · ${z.problem}` : i === 0 && zips.length > 1 ? ' · newest, used' : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : zips ? (
        <>
          <p className="muted">
            No broker zip in <span className="mono">{installsDir}</span> yet. Put <span className="mono">amq-broker-7.x.y-bin.zip</span> or{' '}
            <span className="mono">apache-artemis-2.x.y-bin.zip</span> there, pick one below, or let the lab download Apache Artemis (about 60 MB, its
            published checksum checked):
          </p>
          <button type="button" className="small" disabled={downloading || !!task} onClick={() => void downloadBroker()}>
            {downloading ? 'Downloading…' : 'Download Apache Artemis'}
          </button>
        </>
      ) : null}
      {task ? (
        <div className="task">
          <label htmlFor="task-progress">{task.message}</label>
          <progress id="task-progress" max={1} value={task.progress ?? undefined} aria-valuetext={task.progress != null ? `${Math.round(task.progress * 100)}%` : 'working'} />
        </div>
      ) : null}
      {!config ? (
        <div
          className={`dropzone ${dragging ? 'dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <span className="muted">Drop a broker zip here, or</span>
          <button type="button" className="ghost small" disabled={importing} onClick={() => fileRef.current?.click()}>
            {importing ? 'Copying…' : 'Choose a zip…'}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".zip,application/zip"
            hidden
            aria-label="Broker zip"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importZip(file);
              e.target.value = '';
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

export function SetupReportPanel() {
  const report = useLab((s) => s.setupReport);
  const config = useLab((s) => s.snapshot?.config ?? null);
  if (!report && !config) return null;
  return (
    <div className="extra">
      {config ? (
        <p className="muted">
          {config.broker.dialect === 'primary-backup' ? 'primary / backup' : 'master / slave'} HA policy · journal {config.journal.toUpperCase()} · heap {config.heapMb} MB
          each · login <span className="mono">{config.user}</span> /{' '}
          {config.defaultPassword ? <span className="mono">{DEFAULT_LOGIN.password}</span> : <span>the password given to setup</span>}
        </p>
      ) : null}
      {report && report.lines.length > 0 ? (
        <>
          <h3 className="small-title">What changed in each broker.xml, and why</h3>
          <ul className="report">
            {report.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
