// Ports a test may listen on, chosen by the OS: a port picked at random (or from the pid) can be
// held by any other program on the machine, and a lab then fails with PORT_IN_USE.
import net from 'node:net';

/** `count` distinct loopback ports that were free a moment ago (all bound to 0 at once, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}
