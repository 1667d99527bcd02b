// Opens the lab for one CLI command and always lets go of it (watchers, timers), so the CLI
// exits while the brokers it started keep running.
import { createLab, type Lab } from '../lab/lab.js';
import { resolveGlobalOptions } from './global-options.js';

export async function withLab<T>(
  raw: { labDir?: string; installs?: string },
  work: (lab: Lab) => Promise<T>,
  extra: { portOffset?: number } = {},
): Promise<T> {
  const { labDir, installsDir } = resolveGlobalOptions(raw);
  const lab = await createLab({ labDir, installsDir, portOffset: extra.portOffset, face: 'the CLI', onBusy: (line) => process.stderr.write(`${line}\n`) });
  try {
    return await work(lab);
  } finally {
    await lab.close();
  }
}
