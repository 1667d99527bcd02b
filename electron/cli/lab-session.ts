// Opens the lab for one CLI command and always lets go of it (watchers, timers), so the CLI
// exits while the brokers it started keep running.
import { createLab, type Lab } from '../lab/lab.js';
import { resolveGlobalOptions } from './global-options.js';

export async function withLab<T>(
  raw: { labDir?: string; installs?: string; lab?: string },
  work: (lab: Lab) => Promise<T>,
  extra: { portOffset?: number; haTuning?: boolean; anyLab?: boolean } = {},
): Promise<T> {
  const { labDir, installsDir, lab: labId } = resolveGlobalOptions(raw);
  const lab = await createLab({
    labDir,
    installsDir,
    lab: labId,
    portOffset: extra.portOffset,
    ...(extra.haTuning === false ? { haTuning: false } : {}),
    face: 'the CLI',
    onBusy: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    // --lab on a dir that holds another lab: say so, unless the command replaces it (setup --force).
    if (!extra.anyLab) lab.requireLab(labId);
    return await work(lab);
  } finally {
    await lab.close();
  }
}
