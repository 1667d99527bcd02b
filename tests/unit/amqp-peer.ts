// An AMQP peer on a free loopback port, for unit tests that stand a rhea container in for a broker.
import net from 'node:net';
import type rhea from 'rhea';

export interface Listening {
  port: number;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** rhea's listen takes connection options too (require_sasl, credit_window); its types do not say so. */
export async function listenPeer(container: rhea.Container, options: Record<string, unknown> = {}): Promise<Listening> {
  const listenOptions = { port: 0, host: '127.0.0.1', ...options };
  const server = container.listen(listenOptions as unknown as Parameters<rhea.Container['listen']>[0]) as unknown as net.Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
