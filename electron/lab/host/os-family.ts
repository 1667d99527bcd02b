// Which package manager the attendee's fix lines should name.
import fs from 'node:fs/promises';

export type OsFamily = 'fedora' | 'debian' | 'macos' | 'windows' | 'linux';

export function osFamilyFromRelease(osRelease: string): OsFamily {
  const field = (key: string) => new RegExp(`^${key}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1]?.toLowerCase() ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`;
  if (/\b(fedora|rhel|centos|rocky|almalinux|ol)\b/.test(ids)) return 'fedora';
  if (/\b(debian|ubuntu)\b/.test(ids)) return 'debian';
  return 'linux';
}

export async function osFamily(platform: NodeJS.Platform = process.platform): Promise<OsFamily> {
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32') return 'windows';
  const release = await fs.readFile('/etc/os-release', 'utf8').catch(() => '');
  return osFamilyFromRelease(release);
}

/**
 * One line that installs Java `major` on this OS with a package every current release carries
 * (Debian 12 has no openjdk-11, Debian 13 no openjdk-17: 17 and 21 both suit every broker the
 * lab drives, so the Debian line names both).
 */
export function javaFix(family: OsFamily, major: number): string {
  switch (family) {
    case 'fedora':
      return `sudo dnf install java-${major}-openjdk-headless   (then: export JAVA_HOME=/usr/lib/jvm/jre-${major})`;
    case 'debian':
      return major === 17
        ? 'sudo apt install openjdk-17-jre-headless   (Debian 13: openjdk-21-jre-headless; then: export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64, or java-21-…)'
        : `sudo apt install openjdk-${major}-jre-headless   (then: export JAVA_HOME=/usr/lib/jvm/java-${major}-openjdk-amd64)`;
    case 'macos':
      return `brew install --cask temurin@${major}   (then: export JAVA_HOME=$(/usr/libexec/java_home -v ${major}))`;
    case 'windows':
      return `winget install EclipseAdoptium.Temurin.${major}.JDK   (then set JAVA_HOME to its folder under C:\\Program Files\\Eclipse Adoptium)`;
    default:
      return `Install a Java ${major} JDK with your package manager and set JAVA_HOME to it.`;
  }
}

export function libaioFix(family: OsFamily): string {
  switch (family) {
    case 'fedora':
      return 'sudo dnf install libaio';
    case 'debian':
      return 'sudo apt install libaio1t64   (older releases: sudo apt install libaio1)';
    default:
      return 'Install libaio with your package manager.';
  }
}
