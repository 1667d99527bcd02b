// Finds the Java the broker scripts will use: JAVA_HOME first (the scripts prefer it), then PATH.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface JavaVersion {
  major: number;
  raw: string;
}

export interface FoundJava {
  /** JAVA_HOME (set, or derived from the executable); null when unknown. */
  home: string | null;
  executable: string;
  version: JavaVersion;
  source: 'JAVA_HOME' | 'PATH';
}

/**
 * Parses `java -version` output. Formats: `version "1.8.0_392"`, `"11.0.2"`, `"17.0.15"`,
 * `"21"`, `"25-ea"`, and the `java --version` form `openjdk 21.0.1 2023-10-17`.
 */
export function parseJavaVersion(output: string): JavaVersion | null {
  const quoted = /version "([^"]+)"/.exec(output);
  const bare = quoted ? null : /^(?:openjdk|java)\s+(\d[\w.+-]*)/m.exec(output);
  const raw = quoted?.[1] ?? bare?.[1];
  if (!raw) return null;
  const legacy = /^1\.(\d+)/.exec(raw);
  const modern = /^(\d+)/.exec(raw);
  const major = legacy ? Number(legacy[1]) : modern ? Number(modern[1]) : NaN;
  if (!Number.isFinite(major) || major < 1) return null;
  return { major, raw };
}

const exe = (platform: NodeJS.Platform) => (platform === 'win32' ? 'java.exe' : 'java');

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | null> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, exe(platform));
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

export async function javaVersionOf(executable: string): Promise<JavaVersion | null> {
  const result = await execa(executable, ['-version'], { reject: false, all: true, timeout: 20_000, windowsHide: true });
  return parseJavaVersion(result.all ?? '');
}

/**
 * The broker scripts use $JAVA_HOME/bin/java whenever JAVA_HOME is set, so a JAVA_HOME that
 * points nowhere breaks them even with a good java on PATH.
 */
export async function javaHomeProblem(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  const javaHome = env.JAVA_HOME?.trim();
  if (!javaHome) return null;
  const executable = path.join(javaHome, 'bin', exe(platform));
  if (!(await isFile(executable))) return `JAVA_HOME is ${javaHome}, but there is no ${path.join('bin', exe(platform))} in it; the broker scripts would fail.`;
  if (!(await javaVersionOf(executable))) return `JAVA_HOME is ${javaHome}, but ${executable} does not run.`;
  return null;
}

export async function findJava(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<FoundJava | null> {
  const javaHome = env.JAVA_HOME?.trim();
  if (javaHome) {
    const executable = path.join(javaHome, 'bin', exe(platform));
    if (await isFile(executable)) {
      const version = await javaVersionOf(executable);
      if (version) return { home: javaHome, executable, version, source: 'JAVA_HOME' };
    }
  }
  const executable = await onPath(env, platform);
  if (!executable) return null;
  const version = await javaVersionOf(executable);
  if (!version) return null;
  let home: string | null = null;
  try {
    // /usr/bin/java -> /usr/lib/jvm/<jdk>/bin/java: the JDK is two levels up from the real file.
    home = path.dirname(path.dirname(await fs.realpath(executable)));
  } catch {
    home = null;
  }
  return { home, executable, version, source: 'PATH' };
}
