import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseLdconfig, libDirs } from '../../../electron/lab/host/libaio.js';
import { javaFix, libaioFix, osFamilyFromRelease } from '../../../electron/lab/host/os-family.js';
import { describeHolder, isPortFree, listeningInode, parseSs, portHolder } from '../../../electron/lab/host/ports.js';

describe('libaio lookup', () => {
  it('reads ldconfig -p, including the Debian 13 / Ubuntu 24.04 t64 name', () => {
    const out = [
      '1234 libs found in cache `/etc/ld.so.cache\'',
      '\tlibaio.so.1t64 (libc6,x86-64) => /lib/x86_64-linux-gnu/libaio.so.1t64',
      '\tlibaio.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libaio.so.1',
      '\tlibacl.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libacl.so.1',
    ].join('\n');
    expect(parseLdconfig(out)).toEqual([
      { name: 'libaio.so.1t64', path: '/lib/x86_64-linux-gnu/libaio.so.1t64' },
      { name: 'libaio.so.1', path: '/lib/x86_64-linux-gnu/libaio.so.1' },
    ]);
    expect(parseLdconfig('\tlibacl.so.1 (libc6,x86-64) => /x')).toEqual([]);
  });

  it('looks in the multiarch dirs first', () => {
    expect(libDirs('x64')[0]).toBe('/lib/x86_64-linux-gnu');
    expect(libDirs('arm64')).toContain('/usr/lib/aarch64-linux-gnu');
    expect(libDirs('x64')).toContain('/usr/lib64');
  });
});

describe('OS-specific fix lines', () => {
  it('tells Fedora/RHEL dnf, Debian/Ubuntu apt, macOS brew, Windows the installer', () => {
    expect(osFamilyFromRelease('ID=fedora\nVERSION_ID=40')).toBe('fedora');
    expect(osFamilyFromRelease('ID="rhel"\nID_LIKE="fedora"')).toBe('fedora');
    expect(osFamilyFromRelease('ID=ubuntu\nID_LIKE=debian')).toBe('debian');
    expect(osFamilyFromRelease('ID=arch')).toBe('linux');
    expect(javaFix('fedora', 17)).toMatch(/^sudo dnf install java-17-openjdk/);
    // Debian 12 has no openjdk-11 and Debian 13 no openjdk-17: the line names 17 and 21.
    expect(javaFix('debian', 17)).toMatch(/^sudo apt install openjdk-17-jre-headless .*Debian 13: openjdk-21-jre-headless/);
    expect(javaFix('macos', 17)).toMatch(/^brew install --cask temurin@17/);
    expect(javaFix('windows', 17)).toMatch(/^winget install EclipseAdoptium\.Temurin\.17\.JDK .*JAVA_HOME/);
    expect(libaioFix('debian')).toMatch(/libaio1t64/);
    expect(libaioFix('fedora')).toBe('sudo dnf install libaio');
  });
});

describe('port holders', () => {
  it('parses ss, lsof and netstat output', () => {
    const ss = 'LISTEN 0      4096   [::ffff:127.0.0.1]:61616            *:*    users:(("java",pid=11494,fd=161))\nLISTEN 0 50 127.0.0.1:8161 0.0.0.0:* users:(("java",pid=7,fd=1))';
    expect(parseSs(ss, 61616)).toEqual({ pid: 11494, command: 'java' });
    expect(parseSs(ss, 8161)).toEqual({ pid: 7, command: 'java' });
    expect(parseSs(ss, 5672)).toBeNull();
    expect(parseSs('LISTEN 0 50 127.0.0.1:5672 0.0.0.0:*', 5672)).toEqual({ pid: null, command: null });
    expect(listeningInode('  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:F0D0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 98765 1', 61648)).toBe('98765');
    expect(describeHolder({ pid: 7, command: 'java' })).toBe('java (pid 7)');
    expect(describeHolder(null)).toMatch(/another program/);
    expect(describeHolder({ pid: 9, command: 'java -Xmx512M -Dartemis.instance=/old/lab/instances/replicatedMaster -cp x org.apache.activemq.artemis.boot.Artemis run' })).toBe(
      'the Artemis broker at /old/lab/instances/replicatedMaster (pid 9)',
    );
  });

  it('sees a port held on loopback as busy and names this process as its holder', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await isPortFree(port)).toBe(false);
      if (process.platform === 'linux') expect((await portHolder(port))?.pid).toBe(process.pid);
      // The macOS / Windows branch goes through pid-port, which runs on every OS: the same answer,
      // with the command line read by the one process module.
      const other = await portHolder(port, 'darwin');
      expect(other?.pid).toBe(process.pid);
      expect(other?.command).toContain(process.execPath.split('/').pop());
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
