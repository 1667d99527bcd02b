// The lab as every face opens it: a LabService (request, snapshot, onSnapshot, the change feed
// onChange, close; answer for an untrusted page), nothing more. The CLI, the Electron main
// process, serve mode and the benchmark import this file and no other of the lab's. It lives
// above electron/lab because it hands the lab its classroom, which itself stands on the lab.
import type { LabService } from '../shared/contract.js';
import { classroomOf } from './classroom/classroom-service.js';
import { createLab, type LabOptions } from './lab/lab.js';

export { LabError } from './lab/lab-error.js';
export type { LabOptions };

/**
 * Opens the lab dir. `requireLab`: the dir must hold `options.lab` (a dir not set up yet picks it),
 * else OTHER_LAB, the lab let go again; `setup` with force is how another lab replaces it.
 * `classroomAgent` (the app, serve mode): a joined attendee's classroom agent is started again if
 * it is not running.
 */
export async function openLab(options: LabOptions & { requireLab?: boolean; classroomAgent?: boolean }): Promise<LabService> {
  const { requireLab, classroomAgent, ...rest } = options;
  const lab = await createLab({ classroom: classroomOf, ...rest });
  try {
    if (requireLab) lab.requireLab(rest.lab);
  } catch (error) {
    await lab.close();
    throw error;
  }
  // The app opening its lab is when a joined attendee comes back (after a reboot): the agent runs again.
  if (classroomAgent) await classroomOf(lab).ensureAgent();
  return lab;
}
