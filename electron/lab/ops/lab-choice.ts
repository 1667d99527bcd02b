// Which lab a lab dir holds: lab.json once it is set up, before that the lab a face picked
// (shared with the other faces through the chosen-lab file).
import type { LabSnapshot } from '../../../shared/lab-state.js';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { findLab, labIds } from '../../../shared/labs/index.js';
import { readChosenLab, writeChosenLab } from '../state/chosen-lab.js';
import { LabError } from '../lab-error.js';
import type { OpsLab } from './ops-lab.js';

/** The lab definition for an id, or UNKNOWN_LAB naming the ones there are. */
export function labDefinition(id: string): LabDefinition {
  const lab = findLab(id);
  if (!lab) throw new LabError('UNKNOWN_LAB', `No lab "${id}".`, `Use one of: ${labIds().join(', ')} (amq-ha-lab labs lists them).`);
  return lab;
}

/**
 * For commands given --lab: the lab dir must hold that lab (setup is how another one replaces
 * it, moved aside with --force).
 */
export function requireLab(lab: OpsLab, id: string | undefined): void {
  if (!id) return;
  labDefinition(id);
  const held = lab.definition;
  if (held.id === id) return;
  if (!lab.store.config()) {
    chooseLab(lab, id);
    return;
  }
  throw new LabError(
    'OTHER_LAB',
    `${lab.labDir} holds the lab "${held.title}" (${held.id}), not ${id}.`,
    `Run \`amq-ha-lab setup --lab ${id} --force\` to move it aside (nothing is deleted), or drop --lab to use it.`,
  );
}

/** Picks the lab for a dir not set up yet (the picker); a created lab changes only through setup --force. */
export function chooseLab(lab: OpsLab, id: string): LabSnapshot {
  const chosen = labDefinition(id);
  const config = lab.store.config();
  if (config && chosen.id !== lab.definition.id) {
    throw new LabError(
      'OTHER_LAB',
      `This lab dir already holds "${lab.definition.title}".`,
      'Set it up again for the other lab (setup with force moves the current one aside, nothing is deleted), or use another lab dir.',
    );
  }
  if (!config) writeChosenLab(lab.labDir, chosen.id);
  if (chosen.id !== lab.definition.id) lab.store.observe({ kind: 'lab-chosen', lab: chosen });
  return lab.monitor.flush();
}

/** Another face picked a lab for this dir, not set up yet: show that lab too. */
export function followChosenLab(lab: OpsLab): void {
  const id = readChosenLab(lab.labDir);
  const chosen = id ? findLab(id) : undefined;
  if (lab.store.config() || !chosen || chosen.id === lab.definition.id) return;
  lab.store.observe({ kind: 'lab-chosen', lab: chosen });
}
