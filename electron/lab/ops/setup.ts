// The lab dir's life: set up (or set up again, the old one moved aside), reset (moved aside,
// never deleted), and lab.json followed when another face changed it.
import fs from 'node:fs';
import type { SetupReport } from '../../../shared/contract.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID } from '../../../shared/labs/index.js';
import { moveExternalHomeAside, readHomePointer } from '../distribution/ascii-home.js';
import { labSetupState, readLabConfig } from '../instances/lab-config.js';
import { setupLab, type SetupOptions } from '../instances/setup.js';
import { readLedger, toLedger } from '../messages/ledger.js';
import { declareWires } from '../network/wires-file.js';
import { moveAside } from '../state/move-aside.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { down, refuseWhileRunning } from './brokers.js';
import { labDefinition } from './lab-choice.js';
import { task, type OpsLab } from './ops-lab.js';
import { observeWire, wirePlan } from './wire.js';

/** `extras`: the CLI's knobs (login, heap, journal, ports) beyond what the contract's request carries. */
export async function setup(
  lab: OpsLab,
  opts: { zip?: string; force?: boolean; lab?: string },
  extras: Pick<SetupOptions, 'user' | 'password' | 'heapMb' | 'nio' | 'portOffset' | 'haTuning'> = {},
): Promise<SetupReport> {
  // Setup takes its zip from installs/: one this lab is still downloading is waited for, not missed.
  const downloadFailure = !opts.zip && (!lab.store.config() || opts.force) ? await lab.downloads.finished(BOUNDS.download) : null;
  return lab.exclusive('setup', async () => {
    const definition = labDefinition(opts.lab ?? lab.definition.id);
    if (opts.force && lab.store.config()) await refuseWhileRunning(lab, 'set the lab up again');
    try {
      const report = await setupLab(
        {
          lab: definition,
          labDir: lab.labDir,
          installsDir: lab.options.installsDir,
          zip: opts.zip,
          force: opts.force,
          portOffset: lab.options.portOffset,
          haTuning: lab.options.haTuning,
          ...extras,
        },
        (progress) => task(lab, progress),
      ).catch((error: unknown) => {
        // No zip because the download just failed: that failure says why, and what to do instead.
        throw error instanceof LabError && error.code === 'NO_ZIP' && downloadFailure instanceof LabError ? downloadFailure : error;
      });
      await reloadConfig(lab, definition);
      // The wire exists from setup on (not relayed until a broker starts): the picture shows it, and a cut asked for now applies then.
      const wire = wirePlan(lab);
      if (wire) {
        await declareWires(lab.labDir, wire.specs, wire.checkTargetPort);
        observeWire(lab);
      }
      return report;
    } finally {
      task(lab, null);
    }
  });
}

/** down, then move the lab dir aside (never deleted), and the ASCII home it points at, if any. */
export async function reset(lab: OpsLab): Promise<{ movedTo: string | null; homeMovedTo?: string | null }> {
  return lab.exclusive('reset', async () => {
    await down(lab);
    if (!fs.existsSync(lab.labDir)) return { movedTo: null };
    // Progress written after the move would recreate the lab dir: finish it first.
    await lab.monitor.saved();
    const home = lab.store.config()?.broker.home ?? (await readHomePointer(lab.labDir));
    const movedTo = await moveAside(lab.labDir);
    const homeMovedTo = await moveExternalHomeAside(lab.labDir, home);
    await lab.monitor.setConfig(null, 'none');
    lab.store.observe({ kind: 'ledger', ledger: { runId: null, sent: 0, checks: [] } });
    return { movedTo, homeMovedTo };
  });
}

/** lab.json changed under us (another face ran setup or reset): follow it. */
export async function reloadConfigIfChanged(lab: OpsLab): Promise<void> {
  const onDisk = await readLabConfig(lab.labDir);
  const config = lab.store.config();
  if (JSON.stringify(onDisk) === JSON.stringify(config)) return;
  // The same lab with a setting changed (configure from another face): keep what is watched.
  if (onDisk && config && onDisk.createdAt === config.createdAt && onDisk.lab === config.lab) {
    await reloadConfigKeepingState(lab);
    return;
  }
  // No lab.json any more: the store starts the story over (apply-observation.ts, lab-files).
  await reloadConfig(lab);
}

async function reloadConfig(lab: OpsLab, chosen?: LabDefinition): Promise<void> {
  const config = await readLabConfig(lab.labDir);
  const definition = config ? labDefinition(config.lab ?? DEFAULT_LAB_ID) : (chosen ?? lab.definition);
  await lab.monitor.setConfig(config, await labSetupState(lab.labDir), definition);
  lab.store.observe({ kind: 'ledger', ledger: toLedger(await readLedger(lab.labDir)) });
}

/** lab.json changed within the same lab (settings): the snapshot's config follows, nothing restarts. */
export async function reloadConfigKeepingState(lab: OpsLab): Promise<void> {
  const config = await readLabConfig(lab.labDir);
  if (!config) return;
  lab.store.observe({ kind: 'config-edited', config });
}
