// One wire of the lab's wire, A→B: a loopback TCP relay that A's connector points at and that
// forwards each connection to B's acceptor. The lab cuts it to stage a network partition between
// two brokers, heals it, and slows it down, without root rights or a second host.
//
// A cut resets every open connection (RST, both sides, at once) and stops listening. Why these:
// - RST, not FIN: a pulled cable delivers nothing more, so what is in flight is dropped, and both
//   brokers' Netty channels fail at once with "connection reset" instead of reading a polite
//   end of stream; the relay's port is also left with no TIME_WAIT to trouble the re-listen.
// - Not listening, rather than accepting and closing: a broker's connector retrying the wire gets
//   ECONNREFUSED on its first SYN, one loopback round trip, and never believes it had a wire;
//   accept-and-close would let its connect succeed and fail only later, mid-handshake, which reads
//   as a flapping peer, not an unreachable one. Neither is a silent black hole (a real cut cable
//   is noticed only by the TTL); the lab wants the partition seen now, and staged the same way
//   every time.
import net from 'node:net';
import type { RelayState, RelayStatus } from '../../../shared/wire-state.js';
import { WIRE_MAX_LATENCY_MS } from '../../../shared/wire-state.js';
import { LabError } from '../lab-error.js';
import { WirePump } from './wire-pump.js';

export interface WireRelayOptions {
  /** 0 = any free port; the relay keeps the one it got, so a heal listens where the broker points. */
  listenPort: number;
  targetPort: number;
  host?: string;
  latencyMs?: number;
}

interface Pair {
  inbound: net.Socket;
  outbound: net.Socket;
  pumps: WirePump[];
}

/** Drops a socket the way a cut cable would: RST when connected, at once when still connecting. */
function drop(socket: net.Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting || socket.pending) socket.destroy();
  else socket.resetAndDestroy();
}

export class WireRelay {
  private readonly host: string;
  private port: number;
  private readonly targetPort: number;
  private latency: number;
  private server: net.Server | null = null;
  private readonly pairs = new Set<Pair>();
  private state: RelayState = 'closed';
  private disposed = false;
  private accepted = 0;
  private bytesToTarget = 0;
  private bytesFromTarget = 0;
  private cuts = 0;
  private lastError: string | null = null;

  constructor(options: WireRelayOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.listenPort;
    this.targetPort = options.targetPort;
    this.latency = checkedLatency(options.latencyMs ?? 0);
  }

  /** Starts relaying (or again after a cut). Rejects with PORT_IN_USE when the port is taken. */
  async heal(): Promise<void> {
    if (this.disposed) throw new Error('this relay was closed');
    if (this.server) return;
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: this.host, port: this.port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.server = null;
      server.close();
      this.state = 'failed';
      const code = (error as NodeJS.ErrnoException).code;
      this.lastError = `cannot listen on ${this.host}:${this.port}: ${code ?? (error as Error).message}`;
      if (code === 'EADDRINUSE') {
        throw new LabError('PORT_IN_USE', `The wire's port ${this.port} is taken by another program.`, `Free port ${this.port} (see \`amq-ha-lab doctor\`), then heal the wire again.`);
      }
      throw new LabError('COMMAND_FAILED', `The wire cannot listen on ${this.host}:${this.port} (${code ?? (error as Error).message}).`);
    }
    server.on('error', (error) => {
      this.lastError = error.message;
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.state = 'open';
    this.lastError = null;
  }

  /**
   * The partition: every open connection reset at once, the port closed so new ones are refused.
   * Done when this returns (the port is free on return); the promise settles once the server's
   * handle is gone.
   */
  async cut(): Promise<void> {
    if (this.disposed) return;
    if (this.state === 'open') this.cuts += 1;
    this.state = 'cut';
    await this.stopAll();
  }

  /** Latency added to every chunk in each direction (a round trip gains twice this); 0 = none. */
  setLatency(ms: number): void {
    this.latency = checkedLatency(ms);
  }

  status(): RelayStatus {
    return {
      state: this.state,
      listenPort: this.port,
      targetPort: this.targetPort,
      connections: this.pairs.size,
      accepted: this.accepted,
      bytesToTarget: this.bytesToTarget,
      bytesFromTarget: this.bytesFromTarget,
      latencyMs: this.latency,
      cuts: this.cuts,
      lastError: this.lastError,
    };
  }

  /** Lets go of everything: no socket, server or timer of this relay is left when it resolves. */
  async close(): Promise<void> {
    this.disposed = true;
    this.state = 'closed';
    await this.stopAll();
  }

  private async stopAll(): Promise<void> {
    const server = this.server;
    this.server = null;
    // Stop listening before the first reset: a peer that sees its connection reset and dials
    // again at once must be refused (seen under load: it got through between the two).
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const pair of [...this.pairs]) this.dropPair(pair);
    await closed;
  }

  private accept(inbound: net.Socket): void {
    // Accepted in the same turn as a cut: the cut wins.
    if (this.state !== 'open') {
      drop(inbound);
      return;
    }
    this.accepted += 1;
    inbound.setNoDelay(true);
    const outbound = net.connect({ host: this.host, port: this.targetPort, allowHalfOpen: true, noDelay: true });
    const pair: Pair = { inbound, outbound, pumps: [] };
    this.pairs.add(pair);
    outbound.once('connect', () => {
      pair.pumps.push(
        new WirePump(inbound, outbound, () => this.latency, (n) => (this.bytesToTarget += n)),
        new WirePump(outbound, inbound, () => this.latency, (n) => (this.bytesFromTarget += n)),
      );
      inbound.resume();
    });
    // A side that fails takes the other down hard, so its peer sees the failure, not an end.
    const fail = (side: string) => (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      // A reset the relay did itself, or the peer's, is the relay working, not an error of it.
      if (code !== 'ECONNRESET' && code !== 'EPIPE' && code !== 'ERR_SOCKET_CLOSED') this.lastError = `${side}: ${code ?? error.message}`;
      this.dropPair(pair);
    };
    inbound.on('error', fail('from the connecting side'));
    outbound.on('error', fail(`to 127.0.0.1:${this.targetPort}`));
    const closed = () => {
      if (inbound.destroyed && outbound.destroyed) this.forget(pair);
    };
    inbound.on('close', closed);
    outbound.on('close', closed);
  }

  private dropPair(pair: Pair): void {
    drop(pair.inbound);
    drop(pair.outbound);
    this.forget(pair);
  }

  private forget(pair: Pair): void {
    for (const pump of pair.pumps) pump.stop();
    this.pairs.delete(pair);
  }
}

function checkedLatency(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > WIRE_MAX_LATENCY_MS) {
    throw new LabError('BAD_REQUEST', `A wire's latency must be a whole number of ms from 0 to ${WIRE_MAX_LATENCY_MS}, not ${ms}.`, 'For example `amq-ha-lab wire delay 50`.');
  }
  return ms;
}
