// What the shell around the renderer (serve mode or Electron main) tells it about itself:
// chiefly where each broker console is re-served for embedding. Not part of the lab: the lab
// knows its brokers' own console URLs (BrokerSnapshot.consoleUrl); the shell adds the proxies.
/** The most brokers a lab has: the shells open one console proxy per place. */
export const MAX_BROKERS = 4;

export interface ConsoleEmbed {
  /** Origin of the loopback proxy that serves this broker's console, logged in and frameable. */
  proxyOrigin: string;
}

export interface ShellInfo {
  shell: 'serve' | 'electron';
  /** By the broker's place in the lab's topology (snapshot.brokers order). */
  consoles: ConsoleEmbed[];
  /** Serve mode accepts zip uploads here (the browser cannot hand us a local path). */
  uploadPath: string | null;
}

/** The console page the app opens: the Artemis plugin, with our helper told which queue to show. */
export function consoleEmbedUrl(embed: ConsoleEmbed, queue: string | null): string {
  return `${embed.proxyOrigin}/console/artemis${queue ? `#lab-queue=${encodeURIComponent(queue)}` : ''}`;
}
