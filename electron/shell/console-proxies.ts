// One loopback proxy per broker place in the lab's topology, for both shells. Places, not names:
// the page may switch labs (the picker), and the proxy at place i serves whichever broker is
// i-th now, so the page's CSP and the shell's origins never change while it runs.
import type { LabService } from '../../shared/contract.js';
import { MAX_BROKERS, type ConsoleEmbed, type ShellInfo } from '../../shared/shell-info.js';
import { startConsoleProxy, type ConsoleProxy, type ConsoleTarget } from './console-proxy.js';

export interface ConsoleProxies {
  proxies: ConsoleProxy[];
  /** Each proxy's origin, for CSP frame-src and the token header. */
  origins(): string[];
  embeds(): ConsoleEmbed[];
  close(): Promise<void>;
}

/** The console of the broker at `slot` of the lab now, with the login the proxy uses; null when there is none. */
export function consoleTargetFor(lab: LabService, slot: number): ConsoleTarget | null {
  const n = lab.snapshot().brokers[slot];
  const login = lab.consoleLogin();
  if (!n || !login || !n.consoleUrl) return null;
  return { consoleUrl: n.consoleUrl, ...login };
}

export async function startConsoleProxies(opts: {
  lab: LabService;
  token: string;
  cookieName: string;
  frameAncestors: string[];
  /** The first proxy's port (the others follow it); 0 picks free ports. */
  basePort: number;
}): Promise<ConsoleProxies> {
  const proxies: ConsoleProxy[] = [];
  for (let slot = 0; slot < MAX_BROKERS; slot++) {
    proxies.push(
      await startConsoleProxy({
        slot,
        label: () => opts.lab.snapshot().brokers[slot]?.label ?? `broker ${slot + 1}`,
        target: () => consoleTargetFor(opts.lab, slot),
        token: opts.token,
        cookieName: opts.cookieName,
        frameAncestors: opts.frameAncestors,
        port: opts.basePort === 0 ? 0 : opts.basePort + slot,
      }),
    );
  }
  return {
    proxies,
    origins: () => proxies.map((p) => p.origin),
    embeds: () => proxies.map((p) => ({ proxyOrigin: p.origin })),
    close: async () => {
      await Promise.all(proxies.map((p) => p.close()));
    },
  };
}

export function shellInfoOf(shell: ShellInfo['shell'], consoles: ConsoleProxies, uploadPath: string | null): ShellInfo {
  return { shell, consoles: consoles.embeds(), uploadPath };
}
