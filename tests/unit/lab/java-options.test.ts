// Which JVM options setup adds to artemis.profile so an older broker starts on a modern Java.
import { describe, expect, it } from 'vitest';
import { parseTriple } from '../../../electron/lab/distribution/broker-version.js';
import { addJavaOptions, bundlesOldJaxb, javaOptionsFor, OPEN_JAVA_LANG } from '../../../electron/lab/host/java-options.js';

describe('javaOptionsFor', () => {
  it('opens java.lang for brokers with JAXB 2.2 on Java 16+', () => {
    const plan = javaOptionsFor(parseTriple('2.11.0')!, 17);
    expect(plan?.options).toEqual(['--add-opens=java.base/java.lang=ALL-UNNAMED']);
    expect(plan?.why).toMatch(/Artemis 2\.11\.0 .*Java 17 .*InaccessibleObjectException/);
    expect(javaOptionsFor(parseTriple('2.11.0')!, 25)?.options).toEqual([OPEN_JAVA_LANG]);
  });

  it('goes by the JAXB jar in lib/ when it has the listing', () => {
    expect(javaOptionsFor(parseTriple('2.16.0')!, 17, ['artemis-server-2.16.0.jar', 'jaxb-impl-2.2.11.redhat-1.jar'])?.options).toEqual([OPEN_JAVA_LANG]);
    expect(javaOptionsFor(parseTriple('2.11.0')!, 17, ['jaxb-impl-2.3.3.jar'])).toBeNull();
    expect(javaOptionsFor(parseTriple('2.18.0')!, 17, ['jakarta.xml.bind-api-2.3.3.jar', 'jaxb-impl-2.3.3.jar'])).toBeNull();
    expect(bundlesOldJaxb(['jaxb-api-2.2.7.jar', 'jaxb-core-2.2.7.jar'])).toBe(true);
    expect(bundlesOldJaxb(['jaxb-api-2.2.7.jar'])).toBe(false); // the API alone has no injector
  });

  it('adds nothing where the broker starts as shipped', () => {
    expect(javaOptionsFor(parseTriple('2.11.0')!, 11)).toBeNull(); // Java 11 only warns
    expect(javaOptionsFor(parseTriple('2.11.0')!, 8)).toBeNull(); // Java 8 would refuse the option
    expect(javaOptionsFor(parseTriple('2.18.0')!, 17)).toBeNull();
    expect(javaOptionsFor(parseTriple('2.44.0')!, 25)).toBeNull();
  });
});

describe('addJavaOptions', () => {
  const profile2_11 = [
    '# JAVA_ARGS="-Xmx99G" example',
    'JAVA_ARGS=" -XX:+PrintClassHistogram -XX:+UseG1GC -Xms64M -Xmx512M -Dhawtio.realm=activemq"',
    '# JAVA_ARGS="$JAVA_ARGS -XX:+HeapDumpOnOutOfMemoryError"',
    'JAVA_ARGS="$JAVA_ARGS -Dextra=1"',
  ].join('\n');

  it('puts the options at the front of the JAVA_ARGS assignment only', () => {
    const out = addJavaOptions(profile2_11, [OPEN_JAVA_LANG]).split('\n');
    expect(out[1]).toBe(`JAVA_ARGS="${OPEN_JAVA_LANG} -XX:+PrintClassHistogram -XX:+UseG1GC -Xms64M -Xmx512M -Dhawtio.realm=activemq"`);
    expect(out[0]).toBe('# JAVA_ARGS="-Xmx99G" example');
    expect(out[2]).toContain('# JAVA_ARGS="$JAVA_ARGS');
    expect(out[3]).toBe('JAVA_ARGS="$JAVA_ARGS -Dextra=1"');
  });

  it('handles the indented 2.2x form and the Windows profile, and never adds twice', () => {
    const indented = 'if [ -z "$JAVA_ARGS" ]; then\n    JAVA_ARGS="-XX:+UseG1GC -Xms64M"\nfi';
    expect(addJavaOptions(indented, [OPEN_JAVA_LANG])).toContain(`    JAVA_ARGS="${OPEN_JAVA_LANG} -XX:+UseG1GC -Xms64M"`);
    // 2.11.0's artemis.profile.cmd: `${java-opts}` left empty, and commented-out `rem set` lines.
    const cmd = 'set JAVA_ARGS= -XX:+UseG1GC -Xms64M\r\nrem set JAVA_ARGS=%JAVA_ARGS% -XX:+HeapDumpOnOutOfMemoryError\r';
    expect(addJavaOptions(cmd, [OPEN_JAVA_LANG])).toBe(`set JAVA_ARGS=${OPEN_JAVA_LANG} -XX:+UseG1GC -Xms64M\r\nrem set JAVA_ARGS=%JAVA_ARGS% -XX:+HeapDumpOnOutOfMemoryError\r`);
    const once = addJavaOptions(profile2_11, [OPEN_JAVA_LANG]);
    expect(addJavaOptions(once, [OPEN_JAVA_LANG])).toBe(once);
    expect(addJavaOptions(profile2_11, [])).toBe(profile2_11);
  });
});
