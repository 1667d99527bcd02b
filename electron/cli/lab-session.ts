// Opens the lab for one CLI command and always lets go of it (watchers, timers), so the CLI
// exits while the brokers it started keep running. The command gets the LabService and nothing
// more: every action is a request, the same the app makes.
import type { LabService } from '../../shared/contract.js';
import { openLab } from '../lab-service.js';
import { resolveGlobalOptions } from './global-options.js';

export async function withLab<T>(
  raw: { labDir?: string; installs?: string; lab?: string },
  work: (lab: LabService) => Promise<T>,
  extra: { portOffset?: number; anyLab?: boolean } = {},
): Promise<T> {
  const { labDir, installsDir, lab: labId } = resolveGlobalOptions(raw);
  const lab = await openLab({
    labDir,
    installsDir,
    lab: labId,
    portOffset: extra.portOffset,
    face: 'the CLI',
    onBusy: (line) => process.stderr.write(`${line}\n`),
    // --lab on a dir that holds another lab: say so, unless the command replaces it (setup --force).
    requireLab: !extra.anyLab,
  });
  try {
    return await work(lab);
  } finally {
    await lab.close();
  }
}
