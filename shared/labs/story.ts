// How any lab's story meets the snapshot: steps done by hand, and the commands shown to copy.
import type { LabSnapshot, LabView, StepState } from '../lab-state.js';
import { DEFAULT_LOGIN, shownPassword } from '../lab-state.js';
import type { LabDefinition, LabStep } from './lab-definition.js';

export function stepOf(lab: LabDefinition, id: string): LabStep | undefined {
  return lab.story.find((s) => s.id === id);
}

export function pendingSteps(lab: LabDefinition): StepState[] {
  return lab.story.map((s) => ({ id: s.id, status: 'pending', ms: null, detail: null, hint: null }));
}

/**
 * Steps done outside the app (a command copied into a terminal, a broker started by hand, or
 * already done when the app opened): in story order, the next pending or failed step passes once
 * its check holds. Order matters: a step that stops a broker holds before that broker ever
 * started, and must not pass out of turn. A running step stops the walk ("Do it for me" is on it).
 * Returns null when nothing changes.
 */
export function stepsDoneByHand(lab: LabDefinition, s: LabSnapshot): StepState[] | null {
  const steps = [...s.steps];
  let changed = false;
  for (const [i, state] of steps.entries()) {
    if (state.status === 'passed' || state.status === 'skipped') continue;
    const step = state.status === 'running' ? undefined : stepOf(lab, state.id);
    const result = step?.check({ ...s, steps });
    if (!result?.ok) break;
    steps[i] = { ...state, status: 'passed', ms: null, detail: `${result.detail} (seen by the lab)`, hint: null, fix: null };
    changed = true;
  }
  return changed ? steps : null;
}

/**
 * Fills a step's command template: {<broker>.bin}, {<broker>.url}, {<broker>.port}, {user},
 * {password}, {count}. Before setup, the lab's defaults (instance names, base ports) stand in.
 */
export function renderCommand(template: string, lab: LabDefinition, config: LabView | null): string {
  return template.replace(/\{(\w+)(?:\.(bin|url|port))?\}/g, (whole, key: string, part?: string) => {
    if (part) {
      const broker = config?.brokers[key];
      const def = lab.topology.brokers.find((b) => b.id === key);
      if (!def) return whole;
      const port = broker?.acceptorPort ?? 61616 + def.portOffset;
      if (part === 'bin') return broker ? `${broker.dir}/bin` : `${def.instance}/bin`;
      if (part === 'url') return `tcp://127.0.0.1:${port}`;
      return String(port);
    }
    if (key === 'user') return config?.user ?? DEFAULT_LOGIN.user;
    if (key === 'password') return shownPassword(config);
    if (key === 'count') return String(lab.messageCount);
    return whole;
  });
}
