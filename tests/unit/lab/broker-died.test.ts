// What an attendee reads when a broker dies at start: the cause and the fix, from real output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyBrokerOutput, firstException } from '../../../electron/lab/processes/broker-command.js';
import { consoleOutputPath } from '../../../electron/lab/processes/pid-files.js';
import { brokerDied, type SupervisorContext } from '../../../electron/lab/processes/supervisor.js';
import { fakeLabConfig } from './lab-fixtures.js';

describe('classifyBrokerOutput for brokers that die at start', () => {
  it('names the broken line of broker.xml', () => {
    const out = [
      '[Fatal Error] :38:30: The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>".',
      'org.xml.sax.SAXParseException; lineNumber: 38; columnNumber: 30; The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>".',
      '\tat java.xml/com.sun.org.apache.xerces.internal.parsers.DOMParser.parse(DOMParser.java:262)',
    ].join('\n');
    const e = classifyBrokerOutput(out);
    expect(e?.message).toBe(
      'The broker\'s etc/broker.xml is not valid XML (line 38: The element type "journal-typo" must be terminated by the matching end-tag "</journal-typo>").',
    );
    expect(e?.hint).toContain('setup --force');
    expect(e?.details).toContain('SAXParseException');
  });

  it('names a JVM option Java refuses', () => {
    const e = classifyBrokerOutput("Unrecognized VM option 'BogusOption'\nError: Could not create the Java Virtual Machine.");
    expect(e?.message).toContain('BogusOption');
    expect(e?.hint).toContain('artemis.profile');
  });

  it('tells Java 8 refusing the --add-opens setup added for a newer Java to set up again', () => {
    const e = classifyBrokerOutput('Unrecognized option: --add-opens=java.base/java.lang=ALL-UNNAMED\nError: Could not create the Java Virtual Machine.\nError: A fatal exception has occurred. Program will exit.');
    expect(e?.message).toBe('Java refused an option the broker is started with (--add-opens=java.base/java.lang=ALL-UNNAMED).');
    expect(e?.hint).toContain('setup --force');
  });
});

describe('brokerDied reads the JVM output when the log says nothing', () => {
  let labDir: string;
  let ctx: SupervisorContext;
  beforeEach(() => {
    labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-died-'));
    const broker = (instance: string, offset: number) => ({
      instance,
      dir: path.join(labDir, 'home', 'instances', instance),
      portOffset: offset,
      acceptorPort: 61616 + offset,
      consolePort: 8161 + offset,
    });
    ctx = { labDir, config: fakeLabConfig(labDir, broker, '') };
    fs.mkdirSync(path.join(ctx.config.brokers.master!.dir, 'log'), { recursive: true });
    fs.writeFileSync(path.join(ctx.config.brokers.master!.dir, 'log', 'artemis.log'), '');
    fs.mkdirSync(path.join(labDir, 'run'), { recursive: true });
  });
  afterEach(() => fs.rmSync(labDir, { recursive: true, force: true }));

  it('names InaccessibleObjectException (2.11.0 on Java 17, real output) and the option that fixes it', () => {
    fs.copyFileSync(path.join(import.meta.dirname, 'fixtures', 'artemis-2.11.0-on-java17.out'), consoleOutputPath(labDir, 'master'));
    const e = brokerDied(ctx, 'master');
    expect(e.code).toBe('BROKER_DIED');
    expect(e.message).toBe(
      'The master broker exited while starting: Java refused the broker access to java.lang (InaccessibleObjectException): this broker predates Java 16\'s strong encapsulation.',
    );
    expect(e.hint).toContain('--add-opens=java.base/java.lang=ALL-UNNAMED');
    expect(e.hint).toContain('setup --force');
    expect(e.details).toContain('NullPointerException');
  });

  it('quotes the first exception line and its root cause when no known cause matches', () => {
    fs.writeFileSync(
      consoleOutputPath(labDir, 'master'),
      [
        'Picked up JAVA_TOOL_OPTIONS: -Dfoo=bar',
        'java.lang.IllegalStateException: journal directory is locked by another process',
        '\tat org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl.start(ActiveMQServerImpl.java:1)',
        'Caused by: java.io.IOException: No locks available',
        '\tat java.base/sun.nio.ch.FileDispatcherImpl.lock0(Native Method)',
      ].join('\n'),
    );
    const e = brokerDied(ctx, 'master');
    expect(e.message).toBe(
      'The master broker exited while starting: java.lang.IllegalStateException: journal directory is locked by another process (caused by java.io.IOException: No locks available)',
    );
    expect(e.hint).toContain(consoleOutputPath(labDir, 'master'));
  });

  it('says UnsupportedClassVersionError needs a newer Java, with the version', () => {
    fs.writeFileSync(
      consoleOutputPath(labDir, 'master'),
      'Error: LinkageError occurred while loading main class org.apache.activemq.artemis.boot.Artemis\n\tjava.lang.UnsupportedClassVersionError: org/apache/activemq/artemis/boot/Artemis has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0\n',
    );
    const e = brokerDied(ctx, 'master');
    expect(e.message).toContain('needs a newer Java (Java 17 or later)');
    expect(e.hint).toMatch(/Install Java 17/);
  });

  it('falls back to artemis.log when the console output is empty', () => {
    fs.writeFileSync(consoleOutputPath(labDir, 'master'), '');
    fs.writeFileSync(path.join(ctx.config.brokers.master!.dir, 'log', 'artemis.log'), 'ERROR [x] boom\njava.lang.RuntimeException: from the log\n');
    expect(brokerDied(ctx, 'master').message).toContain('java.lang.RuntimeException: from the log');
  });
});

describe('firstException', () => {
  it('finds "Exception in thread" lines and ignores plain log text', () => {
    expect(firstException('Exception in thread "main" java.lang.NoClassDefFoundError: javax/xml/bind/JAXBException\n')).toBe(
      'java.lang.NoClassDefFoundError: javax/xml/bind/JAXBException',
    );
    expect(firstException('INFO AMQ221000: starting\nall fine\n')).toBeNull();
  });
});
