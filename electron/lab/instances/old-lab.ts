// What setup does with the lab dir it is given: report a complete lab unchanged, refuse a
// different or broken one without --force, and with --force move the old lab aside (never
// delete it) and put it back if the new setup fails.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SetupReport } from '../../../shared/contract.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { DEFAULT_LAB_ID, findLab } from '../../../shared/labs/index.js';
import { moveExternalHomeAside, readHomePointer } from '../distribution/ascii-home.js';
import { portHolder } from '../host/ports.js';
import { LabError } from '../lab-error.js';
import { commandLineOf, isProcessOfInstance } from '../processes/process-utils.js';
import { moveAside } from '../state/move-aside.js';
import { instanceFiles } from './lab-layout.js';

/** Where --force put the old lab, and its external ASCII home (non-ASCII lab dirs) if it had one. */
export interface MovedAside {
  labDir: string;
  home: { at: string; aside: string } | null;
}

export async function pathExists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

export async function ensureWritable(labDir: string): Promise<void> {
  try {
    await fs.mkdir(labDir, { recursive: true });
    const probe = path.join(labDir, `.write-test-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new LabError(
      'LAB_NOT_WRITABLE',
      `Cannot write to the lab dir ${labDir} (${code}).`,
      'Choose another place with --lab-dir, or fix its permissions.',
    );
  }
}

/**
 * Without --force, a lab already there is either this lab complete (the report says nothing
 * changed) or an error; null means setup goes on.
 */
export async function keepExistingLab(labDir: string, lab: LabDefinition, existing: LabConfig | null, force: boolean | undefined): Promise<SetupReport | null> {
  const existingLab = existing ? (existing.lab ?? DEFAULT_LAB_ID) : null;
  if (existing && !force && existingLab !== lab.id) {
    throw new LabError(
      'OTHER_LAB',
      `${labDir} holds the lab "${findLab(existingLab!)?.title ?? existingLab}" (${existingLab}), not ${lab.id}.`,
      `Run \`amq-ha-lab setup --lab ${lab.id} --force\` to move it aside (nothing is deleted), or use another --lab-dir.`,
    );
  }
  if (existing && !force) {
    const missing = [];
    for (const broker of Object.values(existing.brokers)) if (!(await pathExists(instanceFiles(broker.dir).brokerXml))) missing.push(broker.instance);
    if (missing.length === 0) {
      return {
        changed: false,
        movedAsideTo: null,
        lines: [
          `The lab in ${labDir} is already set up (${lab.title}; ${existing.broker.label ?? existing.broker.version}, created ${existing.createdAt}); nothing changed.`,
          'Run `amq-ha-lab setup --force` to move it aside and start fresh.',
        ],
      };
    }
    throw new LabError(
      'BROKEN_DISTRIBUTION',
      `The lab in ${labDir} is incomplete (${missing.join(', ')} missing).`,
      'Run `amq-ha-lab setup --force` to move it aside and start fresh.',
    ).fixedBy('reset-lab');
  }
  return null;
}

/** Refuses to move a lab aside while its brokers still run from it. */
async function assertLabStopped(config: LabConfig): Promise<void> {
  for (const broker of Object.values(config.brokers)) {
    const holder = await portHolder(broker.acceptorPort);
    const cmd = holder?.pid ? (holder.command ?? (await commandLineOf(holder.pid))) : null;
    if (cmd && isProcessOfInstance(cmd, broker.dir)) {
      throw new LabError('ALREADY_RUNNING', `${broker.instance} is still running (pid ${holder?.pid}).`, 'Stop the lab first (`amq-ha-lab down`), then run setup --force.').fixedBy('stop-brokers');
    }
  }
}

/** Makes the lab dir writable and, with --force, empty: whatever was there moves aside (null when nothing did). */
export async function moveOldLabAside(labDir: string, existing: LabConfig | null, force: boolean | undefined, lines: string[]): Promise<MovedAside | null> {
  if (force && existing) await assertLabStopped(existing);
  await ensureWritable(labDir);
  if (!(force && (existing || (await fs.readdir(labDir)).length > 0))) return null;
  const oldHome = existing?.broker.home ?? (await readHomePointer(labDir));
  const movedAsideTo = await moveAside(labDir);
  lines.push(`Moved the old lab aside to ${movedAsideTo} (nothing deleted).`);
  let home: MovedAside['home'] = null;
  const homeAside = await moveExternalHomeAside(labDir, oldHome);
  if (homeAside && oldHome) {
    lines.push(`Moved its broker distribution aside to ${homeAside}.`);
    home = { at: oldHome, aside: homeAside };
  }
  await ensureWritable(labDir);
  return { labDir: movedAsideTo, home };
}

/**
 * A setup that failed after moving the old lab aside puts it back, so a bad zip or a failed
 * `artemis create` costs the attendee nothing; the half-made lab is kept beside it for a look.
 */
export async function putBack(labDir: string, moved: MovedAside, error: unknown): Promise<LabError> {
  const failed = await moveAside(labDir, new Date(), 'failed-setup');
  await fs.rename(moved.labDir, labDir);
  const home = moved.home;
  if (home) {
    // Its ASCII home too (non-ASCII lab dirs), where the half-made one may sit in its place.
    if (await pathExists(home.at)) await moveAside(home.at, new Date(), 'failed-setup');
    await fs.rename(home.aside, home.at);
  }
  const cause = error instanceof LabError ? error : new LabError('COMMAND_FAILED', error instanceof Error ? error.message : String(error));
  return new LabError(
    cause.code,
    `${cause.message} Your previous lab is back in ${labDir}, unchanged (the half-made new one is in ${failed}).`,
    cause.hint,
    cause.details,
  ).fixedBy(cause.fix);
}
