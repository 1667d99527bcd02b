// The classroom hub's life: created once from the same broker zip the labs use (its own unpacked
// copy and instance, beside the labs, not part of any), started and stopped by the lab's own
// supervisor (run file, adopt, STOP_ME then kill), its journal kept across stops.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describeBroker } from '../lab/distribution/broker-version.js';
import { findBrokerZips, usableZips } from '../lab/distribution/zip-candidates.js';
import { validateBrokerZip } from '../lab/distribution/zip-validate.js';
import { unpackZip } from '../lab/distribution/unpack.js';
import { findJava } from '../lab/host/java.js';
import { judgeJava } from '../lab/host/java-fit.js';
import { javaOptionsFor, addJavaOptions } from '../lab/host/java-options.js';
import { editBootstrapXml, editJolokiaAccess } from '../lab/instances/web-console-xml.js';
import { instanceFiles } from '../lab/instances/lab-layout.js';
import { sizeHeap } from '../lab/instances/configure-instance.js';
import { LabError, tailLines } from '../lab/lab-error.js';
import { runBrokerCommand } from '../lab/processes/broker-command.js';
import { isAlive } from '../lab/processes/process-utils.js';
import { brokerDied, ensureNoProcessLeft, findRunning, startBroker, stopBroker } from '../lab/processes/supervisor.js';
import { ATTENDEE_ROLE, hubBrokerXml, INSTRUCTOR_ROLE } from './hub-broker-xml.js';
import {
  ATTENDEE_USER,
  DEFAULT_HUB_CONSOLE_PORT,
  DEFAULT_HUB_PORT,
  defaultBindAddress,
  HUB_HEAP_MB,
  HUB_BROKER,
  hubSupervisorContext,
  INSTRUCTOR_USER,
  newJoinCode,
  newSecret,
  readHubConfig,
  writeHubConfig,
  type HubConfig,
} from './hub-config.js';
import { openHubConnection, type HubAddress } from './hub-connection.js';
import { fingerprintOf, makeHubKeystore, pinOf } from './hub-tls.js';

export interface HostOptions {
  hubDir: string;
  installsDir: string;
  bind?: string;
  port?: number;
  consolePort?: number;
  title?: string;
  /** Plain TCP instead of TLS (docs/classroom.md says what the code then exposes). */
  noTls?: boolean;
}

export interface HostReport {
  config: HubConfig;
  created: boolean;
  adopted: boolean;
  pid: number;
  lines: string[];
}

const START_BOUND_MS = 120_000;

/** Where the instructor's own views reach the hub: the bind address (loopback works for 0.0.0.0 too). */
export function instructorAddress(config: HubConfig): HubAddress {
  const host = config.bind === '0.0.0.0' || config.bind === '::' ? '127.0.0.1' : config.bind;
  return { host, port: config.port, pin: config.tls ? pinOf(config.tls.fingerprint) : null };
}

async function createHub(opts: HostOptions, lines: string[]): Promise<HubConfig> {
  const candidates = usableZips(await findBrokerZips(opts.installsDir));
  const zip = candidates[0];
  if (!zip) throw new LabError('NO_ZIP', `No usable broker zip in ${opts.installsDir}.`, 'Run `amq-ha-lab download` (or put a broker zip there), then `amq-ha-lab classroom host` again.').fixedBy('download-broker');
  const validated = await validateBrokerZip(zip.path);
  const label = describeBroker(validated.version);
  const java = await findJava();
  const fit = judgeJava(java, validated.version.artemis, label);
  if (fit.status === 'fail') throw new LabError(java ? 'JAVA_TOO_OLD' : 'JAVA_MISSING', fit.message, '`amq-ha-lab doctor` says what to install.');
  const javaHome = java?.source === 'JAVA_HOME' ? java.home : null;

  fs.mkdirSync(opts.hubDir, { recursive: true });
  const home = path.join(opts.hubDir, validated.topFolder);
  if (!fs.existsSync(home)) await unpackZip(zip.path, opts.hubDir, validated.topFolder, validated.entryCount);
  const dir = path.join(opts.hubDir, 'instance');
  if (fs.existsSync(dir)) fs.renameSync(dir, `${dir}.unfinished-${Date.now()}`);
  const instructorPassword = newSecret();
  const bind = opts.bind ?? defaultBindAddress();
  const port = opts.port ?? DEFAULT_HUB_PORT;
  const consolePort = opts.consolePort ?? DEFAULT_HUB_CONSOLE_PORT;
  await runBrokerCommand(
    { dir: home, javaHome },
    ['create', dir, '--silent', '--name', 'classroom-hub', '--host', '127.0.0.1', '--http-host', '127.0.0.1', '--user', INSTRUCTOR_USER, '--password', instructorPassword, '--role', INSTRUCTOR_ROLE, '--require-login', '--no-autotune', '--nio'],
    { timeoutMs: 180_000 },
  );
  const files = instanceFiles(dir);
  if (!fs.existsSync(files.brokerXml)) throw new LabError('COMMAND_FAILED', '`artemis create` for the hub wrote no etc/broker.xml.', 'Run `amq-ha-lab classroom host` again; `amq-ha-lab doctor` checks the usual causes.');

  let tls: HubConfig['tls'] = null;
  if (!opts.noTls) {
    const keystore = path.join(dir, 'etc', 'hub-keystore.p12');
    const password = newSecret();
    const pem = await makeHubKeystore({ keystore, password, bind, javaHome });
    tls = { keystore, password, fingerprint: fingerprintOf(pem) };
  }
  // The attendees' shared login: its password is the join code (PropertiesLoginModule reloads these files).
  const code = newJoinCode();
  fs.appendFileSync(path.join(dir, 'etc', 'artemis-users.properties'), `\n${ATTENDEE_USER} = ${code}\n`);
  fs.appendFileSync(path.join(dir, 'etc', 'artemis-roles.properties'), `\n${ATTENDEE_ROLE} = ${ATTENDEE_USER}\n`);

  const web = editBootstrapXml(fs.readFileSync(files.bootstrapXml, 'utf8'), { host: '127.0.0.1', consolePort });
  fs.writeFileSync(files.bootstrapXml, web.xml);
  const access = fs.existsSync(files.jolokiaAccessXml) ? editJolokiaAccess(fs.readFileSync(files.jolokiaAccessXml, 'utf8')) : null;
  if (access) fs.writeFileSync(files.jolokiaAccessXml, access.xml);
  const libJars = fs.readdirSync(path.join(home, 'lib'));
  const javaOptions = java ? javaOptionsFor(validated.version.artemis, java.version.major, libJars) : null;
  for (const profile of [files.profile, files.profileCmd]) {
    if (fs.existsSync(profile)) fs.writeFileSync(profile, addJavaOptions(sizeHeap(fs.readFileSync(profile, 'utf8'), HUB_HEAP_MB), javaOptions?.options ?? []));
  }

  const config: HubConfig = {
    schema: 1,
    title: opts.title ?? 'Classroom',
    bind,
    port,
    consolePort,
    code,
    instructorPassword,
    tls,
    broker: { version: validated.version.raw, label, home, zip: zip.path },
    javaHome,
    dir,
    createdAt: new Date().toISOString(),
  };
  writeHubBrokerXml(config);
  writeHubConfig(opts.hubDir, config);
  lines.push(`Created the classroom hub in ${dir} from ${path.basename(zip.path)} (${label}).`);
  return config;
}

function writeHubBrokerXml(config: HubConfig): void {
  const xml = hubBrokerXml({
    bind: config.bind,
    port: config.port,
    tls: config.tls ? { keyStorePath: config.tls.keystore, keyStorePassword: config.tls.password } : null,
    connectionsAllowed: 500,
  });
  fs.writeFileSync(instanceFiles(config.dir).brokerXml, xml);
}

/** Creates the hub once, then starts it (or adopts the one running) and waits until it takes the instructor's login. */
export async function hostClassroom(opts: HostOptions): Promise<HostReport> {
  const lines: string[] = [];
  let config = readHubConfig(opts.hubDir);
  const created = !config;
  if (!config) {
    // Before anything is unpacked or created: an address not of this machine, or a port taken.
    await checkBindable(opts.bind ?? defaultBindAddress(), opts.port ?? DEFAULT_HUB_PORT);
    config = await createHub(opts, lines);
  }
  const ctx = () => hubSupervisorContext(opts.hubDir, config!);
  const running = await findRunning(ctx(), HUB_BROKER);
  if (!created && !running) {
    // A later host may move the hub (another room, another port, another title); the journal stays.
    const changed = { ...config };
    if (opts.bind && opts.bind !== config.bind) changed.bind = opts.bind;
    if (opts.port && opts.port !== config.port) changed.port = opts.port;
    if (opts.consolePort && opts.consolePort !== config.consolePort) changed.consolePort = opts.consolePort;
    if (opts.title && opts.title !== config.title) changed.title = opts.title;
    // Written again on every start: a hub made by an older app gets today's addresses and rights.
    writeHubBrokerXml(changed);
    if (JSON.stringify(changed) !== JSON.stringify(config)) {
      config = changed;
      const files = instanceFiles(config.dir);
      fs.writeFileSync(files.bootstrapXml, editBootstrapXml(fs.readFileSync(files.bootstrapXml, 'utf8'), { host: '127.0.0.1', consolePort: config.consolePort }).xml);
      writeHubConfig(opts.hubDir, config);
      lines.push(`Hub moved to ${config.bind}:${config.port} (console ${config.consolePort}); its journal is kept.`);
    }
  } else if (running && (opts.bind || opts.port) && (opts.bind !== undefined && opts.bind !== config.bind || opts.port !== undefined && opts.port !== config.port)) {
    lines.push(`The hub already runs on ${config.bind}:${config.port}; stop it (\`amq-ha-lab classroom stop\`) to move it.`);
  }
  if (!running && !created) await checkBindable(config.bind, config.port);
  const outcome = await startBroker(ctx(), HUB_BROKER, { ifRunning: 'adopt' });
  await waitUntilServing(opts.hubDir, config, outcome.pid);
  lines.push(outcome.adopted ? `The hub already runs (pid ${outcome.pid}).` : `Hub started (pid ${outcome.pid}), AMQP on ${config.bind}:${config.port}${config.tls ? ' (TLS)' : ''}; console http://127.0.0.1:${config.consolePort}/console (loopback only).`);
  return { config, created, adopted: outcome.adopted, pid: outcome.pid, lines };
}

/** The hub's address must be this machine's and its port free: said before a JVM starts and dies on it. */
async function checkBindable(bind: string, port: number): Promise<void> {
  const problem = await new Promise<string | null>((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen({ port, host: bind, exclusive: true }, () => server.close(() => resolve(null)));
  });
  if (problem === 'EADDRNOTAVAIL') throw new LabError('BAD_REQUEST', `${bind} is not an address of this machine.`, 'Host with --bind set to one of its addresses (`ip addr` / `ipconfig` lists them), or leave --bind out for the first LAN address.');
  if (problem) throw new LabError('PORT_IN_USE', `The hub's port ${bind}:${port} is in use (${problem}).`, 'Stop what holds it, or host on another port: `amq-ha-lab classroom host --port N`.');
}

async function waitUntilServing(hubDir: string, config: HubConfig, pid: number): Promise<void> {
  const deadline = Date.now() + START_BOUND_MS;
  let last = '';
  for (;;) {
    try {
      const connection = await openHubConnection(instructorAddress(config), INSTRUCTOR_USER, config.instructorPassword, 'hub-check');
      connection.close();
      return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (!isAlive(pid)) throw brokerDied(hubSupervisorContext(hubDir, config), HUB_BROKER);
    if (Date.now() > deadline) {
      const log = fs.existsSync(instanceFiles(config.dir).log) ? fs.readFileSync(instanceFiles(config.dir).log, 'utf8') : '';
      throw new LabError('TIMEOUT', `The hub did not take the instructor's login within ${START_BOUND_MS / 1000} s (${last}).`, `See ${instanceFiles(config.dir).log}.`, tailLines(log));
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface StopReport {
  stopped: boolean;
  killed: boolean;
  lines: string[];
}

/** Stops the hub gracefully (its journal, and so the class, kept) and makes sure no JVM of it is left. */
export async function stopClassroom(hubDir: string): Promise<StopReport> {
  const config = readHubConfig(hubDir);
  if (!config) return { stopped: false, killed: false, lines: [`No classroom hub in ${hubDir}.`] };
  const ctx = hubSupervisorContext(hubDir, config);
  const running = await findRunning(ctx, HUB_BROKER);
  if (!running) {
    await ensureNoProcessLeft(ctx, HUB_BROKER);
    return { stopped: false, killed: false, lines: ['The hub was not running.'] };
  }
  const outcome = await stopBroker(ctx, HUB_BROKER);
  await ensureNoProcessLeft(ctx, HUB_BROKER);
  return { stopped: true, killed: outcome.killed, lines: [`Hub stopped (pid ${outcome.pid}${outcome.killed ? ', killed after the graceful bound' : ''}); its journal keeps every attendee's latest state.`] };
}

/** Whether the hub's JVM runs, without touching it. */
export async function hubRunning(hubDir: string): Promise<{ config: HubConfig; pid: number } | null> {
  const config = readHubConfig(hubDir);
  if (!config) return null;
  const running = await findRunning(hubSupervisorContext(hubDir, config), HUB_BROKER);
  return running ? { config, pid: running.pid } : null;
}
