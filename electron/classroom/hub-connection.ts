// One AMQP connection to the classroom hub, as both sides open it: TLS pinned to the hub's
// certificate (the pin from the join line) before any credential leaves this machine, one
// attempt, and its failure in words (the join code refused, the hub not answering, not the hub).
import tls from 'node:tls';
import rhea from 'rhea';
import type { Connection, ConnectionOptions } from 'rhea';
import { certMatchesPin } from './hub-tls.js';

export interface HubAddress {
  host: string;
  port: number;
  /** The certificate pin; null: the hub has no TLS (plain TCP). */
  pin: string | null;
}

export type HubFailure = 'refused-code' | 'unreachable' | 'wrong-hub' | 'closed';

export class HubConnectError extends Error {
  constructor(
    readonly why: HubFailure,
    message: string,
  ) {
    super(message);
  }
}

export const CONNECT_BOUND_MS = 5000;

let counter = 0;

/** rhea's connect options for the hub: a TLS socket whose certificate is checked against the pin before rhea writes a byte. */
function connectOptions(address: HubAddress, user: string, password: string, onWrongHub: () => void): ConnectionOptions {
  const base = {
    host: address.host,
    port: address.port,
    username: user,
    password,
    reconnect: false,
    idle_time_out: 15_000,
    hostname: address.host,
  } as ConnectionOptions;
  if (!address.pin) return base;
  const pin = address.pin;
  // rhea's `connect` option (a socket factory) is not in its types; its first write waits for the callback.
  const withSocket = {
    ...base,
    transport: 'tls',
    connect: ((port: number, host: string, _options: unknown, ready: () => void) => {
      const socket = tls.connect({ port, host, rejectUnauthorized: false, servername: /^[\d.:]+$/.test(host) ? undefined : host });
      socket.once('secureConnect', () => {
        const cert = socket.getPeerCertificate();
        if (cert && cert.raw && certMatchesPin(cert.raw, pin)) ready();
        else {
          onWrongHub();
          socket.destroy(new Error('the hub certificate does not match the pin'));
        }
      });
      return socket;
    }),
  };
  return withSocket as unknown as ConnectionOptions;
}

/** Opens one connection; rejects with a HubConnectError once it is clear it will not open. */
export function openHubConnection(address: HubAddress, user: string, password: string, name: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    counter += 1;
    let wrongHub = false;
    const container = rhea.create_container({ id: `amq-ha-lab-${name}-${process.pid}-${counter}` });
    const connection = container.connect(connectOptions(address, user, password, () => (wrongHub = true)));
    let settled = false;
    const settle = (error: HubConnectError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(bound);
      if (!error) return resolve(connection);
      try {
        connection.close();
      } catch {
        /* not open */
      }
      (connection as unknown as { socket?: { destroy(): void } }).socket?.destroy();
      reject(error);
    };
    const bound = setTimeout(() => settle(new HubConnectError('unreachable', `the hub at ${address.host}:${address.port} did not answer within ${CONNECT_BOUND_MS / 1000} s`)), CONNECT_BOUND_MS);
    connection.on('connection_open', () => settle(null));
    connection.on('disconnected', (ctx) => {
      const error = ctx.error as { condition?: string; message?: string; code?: string } | undefined;
      if (wrongHub) return settle(new HubConnectError('wrong-hub', `the hub at ${address.host}:${address.port} is not the one the join line names (its certificate does not match --pin)`));
      if (error?.condition === 'amqp:unauthorized-access') return settle(new HubConnectError('refused-code', 'the hub refused the join code'));
      settle(new HubConnectError('unreachable', `the hub at ${address.host}:${address.port} is not reachable (${error?.code ?? error?.message ?? 'connection closed'})`));
    });
    connection.on('connection_error', (ctx) => {
      // A refused login is rhea's own transport error (SASL outcome), not the peer's close frame.
      const error = ((ctx as { error?: unknown }).error ?? ctx.connection.error) as { condition?: string } | undefined;
      settle(new HubConnectError(error?.condition === 'amqp:unauthorized-access' ? 'refused-code' : 'closed', error?.condition === 'amqp:unauthorized-access' ? 'the hub refused the join code' : `the hub closed the connection (${error?.condition ?? 'no reason'})`));
    });
  });
}

/** Parses `HOST:PORT` (IPv6 in brackets). */
export function parseHubAddress(text: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s]+):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}
