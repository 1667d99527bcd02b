import { describe, expect, it } from 'vitest';
import {
  brokerVersionFromString,
  haDialect,
  javaNeeded,
  newestJavaKnown,
  parseTriple,
  versionFromJarNames,
} from '../../../electron/lab/distribution/broker-version.js';
import { parseJavaVersion } from '../../../electron/lab/host/java.js';
import { javaRange, judgeJava, recommendedJava } from '../../../electron/lab/host/java-fit.js';
import type { FoundJava } from '../../../electron/lab/host/java.js';

describe('parseJavaVersion', () => {
  it.each([
    ['openjdk version "1.8.0_392"\nOpenJDK Runtime Environment (build 1.8.0_392-b08)', 8, '1.8.0_392'],
    ['java version "11.0.2" 2019-01-15 LTS', 11, '11.0.2'],
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17, '17.0.15'],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['openjdk version "25-ea" 2025-09-16', 25, '25-ea'],
    ['openjdk 21.0.1 2023-10-17', 21, '21.0.1'],
  ])('reads %j as Java %i', (output, major, raw) => {
    expect(parseJavaVersion(output)).toEqual({ major, raw });
  });

  it('returns null for output that is not a Java version', () => {
    expect(parseJavaVersion('bash: java: command not found')).toBeNull();
  });
});

describe('broker versions', () => {
  it('maps AMQ 7 releases to their Artemis base', () => {
    expect(brokerVersionFromString('7.0.1')?.artemis).toEqual(parseTriple('2.0.0'));
    expect(brokerVersionFromString('7.0.0.redhat-1')?.artemis).toEqual(parseTriple('2.0.0'));
    expect(brokerVersionFromString('7.12.0')?.artemis).toEqual(parseTriple('2.33.0'));
    expect(brokerVersionFromString('7.11.6')?.artemis).toEqual(parseTriple('2.28.0'));
    expect(brokerVersionFromString('2.44.0')).toMatchObject({ product: 'artemis', artemis: parseTriple('2.44.0') });
  });

  it('reads the version from lib jar names, ignoring the native jar', () => {
    expect(versionFromJarNames(['activemq-artemis-native-2.0.0.jar', 'artemis-server-2.44.0.jar'])).toBe('2.44.0');
    expect(versionFromJarNames(['lib/artemis-native-2.0.0.jar', 'lib/artemis-cli-2.33.0.redhat-00010.jar'])).toBe('2.33.0.redhat-00010');
    expect(versionFromJarNames(['artemis-commons-2.0.0.amq-700005-redhat-1.jar'])).toBe('2.0.0.amq-700005-redhat-1');
    expect(versionFromJarNames(['log4j-api-2.23.jar'])).toBeNull();
  });

  it('switches to primary/backup at 2.32.0', () => {
    expect(haDialect(parseTriple('2.31.2')!)).toBe('master-slave');
    expect(haDialect(parseTriple('2.32.0')!)).toBe('primary-backup');
    expect(haDialect(parseTriple('2.44.0')!)).toBe('primary-backup');
    expect(haDialect(brokerVersionFromString('7.0.1')!.artemis)).toBe('master-slave');
  });

  it('knows which Java each broker needs', () => {
    expect(javaNeeded(brokerVersionFromString('7.0.1')!.artemis)).toBe(8);
    expect(javaNeeded(parseTriple('2.19.1')!)).toBe(8);
    expect(javaNeeded(parseTriple('2.20.0')!)).toBe(11);
    expect(javaNeeded(parseTriple('2.38.0')!)).toBe(11);
    expect(javaNeeded(parseTriple('2.39.0')!)).toBe(17);
    expect(newestJavaKnown(parseTriple('2.44.0')!)).toBe(25);
    expect(newestJavaKnown(parseTriple('2.11.0')!)).toBe(17);
    expect(newestJavaKnown(brokerVersionFromString('7.0.1')!.artemis)).toBe(11);
  });
});

describe('judgeJava', () => {
  const java = (major: number, raw = String(major)): FoundJava => ({
    home: '/jdk',
    executable: '/jdk/bin/java',
    version: { major, raw },
    source: 'JAVA_HOME',
  });

  it('fails when Java is missing or too old for the broker', () => {
    expect(judgeJava(null, parseTriple('2.44.0')!).status).toBe('fail');
    const old = judgeJava(java(11, '11.0.2'), parseTriple('2.44.0')!);
    expect(old.status).toBe('fail');
    expect(old.message).toMatch(/needs Java 17/);
  });

  it('warns when Java is newer than the broker was run on here', () => {
    const fit = judgeJava(java(17, '17.0.15'), brokerVersionFromString('7.0.1')!.artemis, 'AMQ 7.0.1');
    expect(fit.status).toBe('warn');
    expect(fit.message).toMatch(/newer than AMQ 7.0.1/);
    expect(judgeJava(java(21), parseTriple('2.11.0')!).status).toBe('warn');
  });

  it('refuses Java 23+ for brokers whose console needs Subject.getSubject, naming the versions they need', () => {
    for (const v of ['2.11.0', '2.18.0', '2.31.2', '2.40.0']) {
      const fit = judgeJava(java(25, '25.0.3'), parseTriple(v)!);
      expect(fit.status, v).toBe('fail');
      expect(fit.recommended).toBe(17);
    }
    const fit = judgeJava(java(25, '25.0.3'), parseTriple('2.11.0')!);
    expect(fit.message).toMatch(/too new for Artemis 2\.11\.0.*needs Java 8 to 22 \(17 recommended\)/);
    expect(judgeJava(java(22), parseTriple('2.31.2')!).status).not.toBe('fail');
    expect(judgeJava(java(25), parseTriple('2.44.0')!).status).toBe('ok');
    expect(javaRange(parseTriple('2.44.0')!)).toBe('Java 17 or later');
  });

  it('recommends Java 17 for every broker, the LTS every OS packages', () => {
    for (const v of ['2.0.0', '2.11.0', '2.21.0', '2.44.0']) expect(recommendedJava(parseTriple(v)!), v).toBe(17);
  });

  it('is happy with Java 17 for 2.44 and 2.31', () => {
    expect(judgeJava(java(17), parseTriple('2.44.0')!).status).toBe('ok');
    expect(judgeJava(java(17), parseTriple('2.31.2')!).status).toBe('ok');
  });
});
