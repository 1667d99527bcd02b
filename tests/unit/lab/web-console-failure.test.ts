// The reason a console never deployed, read from artemis.log, instead of a bare Jolokia timeout.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webConsoleFailure, webConsoleFailureError } from '../../../electron/lab/instances/web-console-failure.js';

// From a real 2.44.0 master unpacked under /tmp/non-ascii-x/ñandú (Jetty 12.1.3, Java 17).
const JETTY12_BAD_ESCAPE = [
  '2026-11-29 05:51:09,817 INFO  [org.apache.activemq.artemis.core.server] AMQ221000: Primary message broker is starting with configuration Broker Configuration (clustered=true)',
  '2026-11-29 05:51:13,008 INFO  [org.apache.activemq.artemis.core.server] AMQ221007: Server is now active',
  '2026-11-29 05:51:13,032 INFO  [org.apache.activemq.artemis] AMQ241003: Starting embedded web server',
  '2026-11-29 05:51:15,219 WARN  [org.eclipse.jetty.ee9.webapp.WebAppContext] Failed startup of context oeje9w.WebAppContext@7edb6fca{/console,/console,file:///tmp/non-ascii-x/%C3%B1and%C3%BA/apache-artemis-2.44.0/web/console.war/,false,@Connector-0}{/tmp/non-ascii-x/ñandú/apache-artemis-2.44.0/web/console.war}',
  'java.lang.IllegalArgumentException: Bad escape',
  '\tat java.base/sun.nio.fs.UnixUriUtils.fromUri(UnixUriUtils.java:88)',
  '\tat java.base/sun.nio.fs.UnixFileSystemProvider.getPath(UnixFileSystemProvider.java:102)',
  '2026-11-29 05:51:15,311 INFO  [org.apache.activemq.artemis] AMQ241001: HTTP Server started at http://127.0.0.1:8761',
].join('\n');

const DEPLOYED = [
  '2026-11-29 05:53:00,013 INFO  [org.apache.activemq.artemis.core.server] AMQ221000: Primary message broker is starting',
  '2026-11-29 05:53:02,455 INFO  [org.apache.activemq.artemis] AMQ241001: HTTP Server started at http://127.0.0.1:8761',
  '2026-11-29 05:53:02,456 INFO  [org.apache.activemq.artemis] AMQ241004: Artemis Console available at http://127.0.0.1:8761/console',
].join('\n');

describe('webConsoleFailure', () => {
  it("names Jetty's exception and message", () => {
    expect(webConsoleFailure(JETTY12_BAD_ESCAPE)).toBe('IllegalArgumentException: Bad escape');
  });

  it('is null for a console that deployed, and ignores an earlier start that failed', () => {
    expect(webConsoleFailure(DEPLOYED)).toBeNull();
    expect(webConsoleFailure(`${JETTY12_BAD_ESCAPE}\n${DEPLOYED}`)).toBeNull();
    expect(webConsoleFailure('')).toBeNull();
  });
});

describe('webConsoleFailureError', () => {
  it('says which broker, why, and to re-run setup when the home is on a non-ASCII path', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'console-failure-'));
    try {
      await fs.writeFile(path.join(dir, 'master.log'), DEPLOYED);
      await fs.writeFile(path.join(dir, 'backup.log'), JETTY12_BAD_ESCAPE);
      const brokers = [
        { name: 'master', log: path.join(dir, 'master.log') },
        { name: 'backup', log: path.join(dir, 'backup.log') },
      ];
      const old = await webConsoleFailureError(brokers, '/tmp/x/ñandú/apache-artemis-2.44.0');
      expect(old?.code).toBe('TIMEOUT');
      expect(old?.message).toBe("The backup's web console failed to deploy (Jetty: IllegalArgumentException: Bad escape), so its Jolokia never answered.");
      expect(old?.hint).toMatch(/amq-ha-lab setup --force/);
      expect((await webConsoleFailureError(brokers, '/tmp/x/lab/apache-artemis-2.44.0'))?.hint).toContain(path.join(dir, 'backup.log'));
      expect(await webConsoleFailureError([brokers[0]!, { name: 'backup', log: path.join(dir, 'missing.log') }], '/x')).toBeNull();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
