// The instances, made by the broker's own CLI (`artemis create`): the flags each version and HA
// kind needs, so what an attendee could type by hand is what the lab ran.
import path from 'node:path';
import type { BrokerDef } from '../../../shared/labs/lab-definition.js';
import { compareTriples, haDialect } from '../distribution/broker-version.js';
import { runBrokerCommand, type BrokerCommandTarget } from '../processes/broker-command.js';
import { instanceDir, brokerOffset } from './lab-layout.js';
import { LOOPBACK, type SetupSettings } from './setup-settings.js';

/** The create command as shown to attendees: passwords masked. */
export function maskPasswords(args: readonly string[]): string[] {
  return args.map((a, i) => (i > 0 && /^--(?:cluster-)?password$/.test(args[i - 1]!) ? '***' : a));
}

export function createArgs(opts: {
  instance: string;
  broker: Pick<BrokerDef, 'role' | 'ha' | 'portOffset' | 'connectsTo'>;
  /** Shared store: the journal folder the group shares (absolute). */
  sharedData?: string;
  artemis: { major: number; minor: number; micro: number };
  nio: boolean;
} & SetupSettings): string[] {
  const dialect = haDialect(opts.artemis);
  const args = [
    'create',
    opts.instance,
    '--silent',
    ...haArgs(opts.broker, dialect, opts.sharedData),
    '--host',
    LOOPBACK,
    '--http-host',
    LOOPBACK,
    '--port-offset',
    String(brokerOffset(opts.portOffset, opts.broker)),
    '--user',
    opts.user,
    '--password',
    opts.password,
    '--cluster-user',
    opts.clusterUser,
    '--cluster-password',
    opts.clusterPassword,
    // Clients and the console both log in with the lab's user: no anonymous access.
    '--require-login',
    // Autotune writes a disk-speed benchmark into broker.xml and takes seconds per instance.
    '--no-autotune',
  ];
  if (opts.nio) args.push('--nio');
  if (compareTriples(opts.artemis, { major: 2, minor: 27, micro: 0 }) >= 0) args.push('--java-memory', `${opts.heapMb}M`);
  return args;
}

/** Shared store: the one journal folder a group's brokers use, beside the instances (a shared disk in production). */
export function sharedDataDir(instancesHome: string, broker: Pick<BrokerDef, 'ha' | 'group'>): string | undefined {
  return broker.ha === 'shared-store' && broker.group ? path.join(instancesHome, 'instances', `shared-store-${broker.group}`) : undefined;
}

/** The HA part of `artemis create`: its own flags per HA kind and role, as the broker's CLI names them. */
function haArgs(broker: Pick<BrokerDef, 'role' | 'ha' | 'connectsTo'>, dialect: ReturnType<typeof haDialect>, sharedData?: string): string[] {
  const backup = broker.role === 'backup' ? [dialect === 'primary-backup' ? '--backup' : '--slave'] : [];
  if (broker.ha === 'replication') return ['--replicated', ...backup];
  if (broker.ha === 'shared-store') return ['--shared-store', ...backup, ...(sharedData ? ['--data', sharedData] : [])];
  return broker.connectsTo.length > 0 ? ['--clustered'] : [];
}

export interface CreatedInstance {
  broker: BrokerDef;
  dir: string;
  args: string[];
  output: string;
}

/** Every `artemis create` is its own JVM start: run them side by side (each instance is edited afterwards). */
export async function createInstances(
  brokers: readonly BrokerDef[],
  instancesHome: string,
  target: BrokerCommandTarget,
  artemis: { major: number; minor: number; micro: number },
  nio: boolean,
  settings: SetupSettings,
): Promise<CreatedInstance[]> {
  return Promise.all(
    brokers.map(async (broker) => {
      const dir = instanceDir(instancesHome, broker);
      const args = createArgs({ instance: dir, broker, sharedData: sharedDataDir(instancesHome, broker), artemis, nio, ...settings });
      const result = await runBrokerCommand(target, args, { timeoutMs: 180_000 });
      return { broker, dir, args, output: result.output };
    }),
  );
}
