import path from 'node:path';

export interface GlobalOptions {
  labDir: string;
  installsDir: string;
  /** --lab: which lab; absent means the one the lab dir holds, else the default. */
  lab?: string;
}

/** Resolves the global options against the working directory. */
export function resolveGlobalOptions(raw: { labDir?: string; installs?: string; lab?: string }): GlobalOptions {
  return {
    labDir: path.resolve(raw.labDir ?? 'target'),
    installsDir: path.resolve(raw.installs ?? 'installs'),
    ...(raw.lab ? { lab: raw.lab } : {}),
  };
}
