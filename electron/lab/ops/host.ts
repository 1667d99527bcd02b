// The machine the lab runs on: the doctor's checks, Apache Artemis downloaded into installs/,
// and the instructor's diagnostics zip. Each shows as the lab's task while it runs.
import type { DiagnosticsResult } from '../../../shared/contract.js';
import { appVersion } from '../app-version.js';
import { writeDiagnostics } from '../diagnostics/diagnostics.js';
import { privatePathsOf } from '../diagnostics/mask-secrets.js';
import { DEFAULT_ARTEMIS_VERSION, downloadBroker, type DownloadOptions, type DownloadResult } from '../distribution/download-broker.js';
import { runDoctor } from '../host/doctor.js';
import { labPortOffset } from '../instances/lab-layout.js';
import { task, type OpsLab } from './ops-lab.js';

export async function doctor(lab: OpsLab) {
  task(lab, { name: 'doctor', message: 'Checking prerequisites…', progress: null });
  try {
    const config = lab.store.config();
    const checks = await runDoctor({
      labDir: lab.labDir,
      installsDir: lab.options.installsDir,
      portOffset: config ? labPortOffset(config, lab.definition.topology.brokers) : lab.options.portOffset,
      lab: lab.definition,
      ownPids: ownPids(lab),
    });
    lab.store.observe({ kind: 'doctor', checks });
    return checks;
  } finally {
    task(lab, null);
  }
}

/** The lab's own brokers: their ports are in use by the lab, not by something in the way. */
function ownPids(lab: OpsLab): Set<number> {
  const pids = new Set<number>();
  for (const n of lab.monitor.snapshot().brokers) if (n.pid) pids.add(n.pid);
  return pids;
}

/** Apache Artemis into installs/, with the download's progress as the lab's task (and told to `onProgress`). */
export async function download(
  lab: OpsLab,
  version: string = DEFAULT_ARTEMIS_VERSION,
  options: Pick<DownloadOptions, 'via' | 'onProgress'> = {},
): Promise<DownloadResult> {
  return lab.downloads.run(version, async () => {
    try {
      return await downloadBroker({
        ...lab.options.download,
        ...(options.via ? { via: options.via } : {}),
        installsDir: lab.options.installsDir,
        version,
        onProgress: (p) => {
          task(lab, { name: 'download', message: p.message, progress: p.progress });
          options.onProgress?.(p);
        },
      });
    } finally {
      task(lab, null);
    }
  });
}

/** The instructor's zip: doctor, versions, config, broker files and logs, state; no password. */
export async function diagnose(lab: OpsLab, out?: string, hidePaths = false): Promise<DiagnosticsResult> {
  task(lab, { name: 'diagnose', message: 'Collecting diagnostics…', progress: null });
  try {
    const checks = await doctor(lab);
    const privatePaths = hidePaths ? privatePathsOf(lab.labDir, lab.options.installsDir) : [];
    return await writeDiagnostics({ labDir: lab.labDir, config: lab.store.config(), snapshot: await lab.monitor.refresh(), doctor: checks, appVersion: appVersion(), out, privatePaths });
  } finally {
    task(lab, null);
  }
}
