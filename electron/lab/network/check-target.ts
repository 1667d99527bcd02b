// The pinger's target, served by the relay process: GET /<broker id> answers 200 while the lab
// says that broker reaches its network, 503 once the lab cut it off. Artemis's
// network-check-URL-list counts any failed request as "network down"; loopback ping targets
// are discarded by the broker (AMQ202001), so a URL is the only target the lab can own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckTargetDesire } from '../../../shared/wire-state.js';

export interface CheckTargetStatus extends CheckTargetDesire {
  state: 'open' | 'failed';
  requests: number;
  lastError: string | null;
}

export class CheckTarget {
  private server: http.Server | null = null;
  private unreachable = new Set<string>();
  private wantedPort = 0;
  private port = 0;
  private requests = 0;
  private lastError: string | null = null;

  /** Listens on the port asked (once), and answers by the current list of cut-off brokers. */
  async apply(desire: CheckTargetDesire): Promise<void> {
    this.unreachable = new Set(desire.unreachable);
    if (this.server && desire.port === this.wantedPort) return;
    await this.close();
    this.wantedPort = desire.port;
    const server = http.createServer((req, res) => {
      this.requests++;
      const id = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/+/, ''));
      const cutOff = this.unreachable.has(id);
      res.writeHead(cutOff ? 503 : 200, { 'content-type': 'text/plain', connection: 'close' });
      res.end(cutOff ? `${id}: cut off by the lab\n` : `${id}: network reachable\n`);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(desire.port, '127.0.0.1', () => resolve());
      });
      this.server = server;
      this.port = (server.address() as AddressInfo).port;
      this.lastError = null;
    } catch (error) {
      this.port = desire.port;
      this.lastError = `cannot listen on 127.0.0.1:${desire.port}: ${(error as Error).message}`;
    }
  }

  status(): CheckTargetStatus {
    return { port: this.port, unreachable: [...this.unreachable], state: this.server ? 'open' : 'failed', requests: this.requests, lastError: this.lastError };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
