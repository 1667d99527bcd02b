import path from 'node:path';

export interface GlobalOptions {
  labDir: string;
  installsDir: string;
}

/** Resolves the global options against the working directory. */
export function resolveGlobalOptions(raw: { labDir?: string; installs?: string }): GlobalOptions {
  return {
    labDir: path.resolve(raw.labDir ?? 'target'),
    installsDir: path.resolve(raw.installs ?? 'installs'),
  };
}
