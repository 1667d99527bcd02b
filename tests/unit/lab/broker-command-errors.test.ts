import { describe, expect, it } from 'vitest';
import { classifyBrokerOutput } from '../../../electron/lab/processes/broker-command.js';

describe('classifyBrokerOutput: broker CLI and log output -> a LabError the attendee can act on', () => {
  it.each([
    ['java.net.BindException: Address already in use', 'PORT_IN_USE'],
    ['AMQ229000: ... Address already in use: bind 127.0.0.1:61616', 'PORT_IN_USE'],
    [
      'Error: LinkageError occurred while loading main class org.apache.activemq.artemis.boot.Artemis\n\tjava.lang.UnsupportedClassVersionError: org/apache/activemq/artemis/boot/Artemis has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0',
      'JAVA_TOO_OLD',
    ],
    ['/lab/bin/artemis: line 120: java: command not found', 'JAVA_MISSING'],
    ['JAVA_HOME is not defined correctly.', 'JAVA_MISSING'],
    ['libaio.so.1: cannot open shared object file: No such file or directory', 'LIBAIO_MISSING'],
    ['Error: Could not find or load main class org.apache.activemq.artemis.boot.Artemis', 'BROKEN_DISTRIBUTION'],
    ['AMQ222210: Free storage space is at 3.1GB of 50.0GB total. Usage rate is 93.8% which is beyond the configured <max-disk-usage>', 'DISK_FULL'],
    ['The directory /lab/instances/replicatedMaster is not empty. Use --force', 'INSTANCE_EXISTS'],
  ])('%s -> %s', (output, code) => {
    const error = classifyBrokerOutput(output);
    expect(error?.code).toBe(code);
    expect(error?.hint).toBeTruthy();
    // The output's tail travels with the error, for the curious.
    expect(error?.details).toContain(output.split('\n').at(-1)!.slice(0, 30));
  });

  it('names the Java a too-new class file needs (61 -> Java 17)', () => {
    const error = classifyBrokerOutput('has been compiled by a more recent version of the Java Runtime (class file version 61.0)');
    expect(error?.message).toMatch(/Java 17/);
  });

  it('names the port when the output says it', () => {
    expect(classifyBrokerOutput('java.lang.IllegalStateException: AMQ229230: Failed to bind acceptor artemis to 127.0.0.1:62616\n...Address already in use')?.message).toMatch(/62616/);
    expect(classifyBrokerOutput('java.io.IOException: Failed to bind to /127.0.0.1:9161')?.message).toMatch(/9161/);
  });

  it('returns null for output it does not recognise', () => {
    expect(classifyBrokerOutput('AMQ221007: Server is now live')).toBeNull();
  });
});
