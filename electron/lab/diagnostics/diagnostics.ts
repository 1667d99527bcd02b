// "Save diagnostics": one zip an attendee hands to the instructor, with the whole picture —
// doctor, versions, lab.json, each broker's broker.xml / artemis.profile / log tail, the lab's
// snapshot (events, steps, ledger) and its state files — and no password in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import type { DoctorCheck, LabConfig, LabSnapshot } from '../../../shared/lab-state.js';
import { findJava } from '../host/java.js';
import { readBrokerLogTail } from '../instances/broker-log.js';
import { instanceFiles, labJsonPath } from '../instances/lab-layout.js';
import { maskJson, maskKnownValues, maskPaths, maskText, type PrivatePath } from './mask-secrets.js';
import { consoleOutputPath, runDir } from '../processes/pid-files.js';

export const LOG_TAIL_LINES = 2000;

export interface DiagnosticsInput {
  labDir: string;
  config: LabConfig | null;
  snapshot: LabSnapshot;
  doctor: DoctorCheck[];
  appVersion: string;
  /** Where to write; default `<labDir>/diagnostics/amq-ha-lab-diagnostics-<time>.zip`. */
  out?: string | undefined;
  /** Folders replaced by a word in every file (a zip that leaves for the classroom hub); none by default. */
  privatePaths?: readonly PrivatePath[];
}

export interface DiagnosticsReport {
  path: string;
  files: string[];
}

function tailLines(text: string, n: number): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return `${lines.slice(-n).join('\n')}\n`;
}

function readIfThere(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function osDescription(): string {
  const release = readIfThere('/etc/os-release');
  const pretty = release ? /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] : undefined;
  return `${pretty ?? os.type()} (${process.platform} ${os.release()}, ${process.arch})`;
}

export async function writeDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsReport> {
  const { config } = input;
  const secrets = config ? [config.password, config.clusterPassword] : [];
  const users = config ? [config.user, config.clusterUser] : [];
  const entries = new Map<string, string>();
  const add = (name: string, text: string) => entries.set(name, maskPaths(maskKnownValues(text, secrets, users), input.privatePaths ?? []));

  const java = await findJava().catch(() => null);
  add(
    'versions.json',
    JSON.stringify(
      {
        app: input.appVersion,
        node: process.version,
        os: osDescription(),
        java: java ? { version: java.version.raw, home: java.home, source: java.source } : null,
        broker: config ? { version: config.broker.version, label: config.broker.label ?? null, home: config.broker.home, zip: config.broker.zip, dialect: config.broker.dialect } : null,
        labDir: input.labDir,
        createdAt: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
  add('doctor.json', JSON.stringify(input.doctor, null, 2));
  add('snapshot.json', JSON.stringify(input.snapshot, null, 2));
  const labJson = readIfThere(labJsonPath(input.labDir));
  if (labJson !== null) add('lab.json', maskJson(labJson));
  // The lab's own state files (progress, ledger, run files), whatever they are called.
  const run = runDir(input.labDir);
  for (const name of fs.existsSync(run) ? fs.readdirSync(run).sort() : []) {
    if (!name.endsWith('.json')) continue;
    const text = readIfThere(path.join(run, name));
    if (text !== null) add(`state/${name}`, maskJson(text));
  }
  for (const [broker, brokerConfig] of Object.entries(config?.brokers ?? {})) {
    const files = instanceFiles(brokerConfig.dir);
    const parts: [string, string | null, boolean][] = [
      ['broker.xml', readIfThere(files.brokerXml), false],
      ['artemis.profile', readIfThere(files.profile), false],
      // Across midnight the log rolls: the tail spans yesterday's file too.
      ['artemis.log', readBrokerLogTail(brokerConfig.dir, LOG_TAIL_LINES), true],
      ['console.out', readIfThere(consoleOutputPath(input.labDir, broker as keyof LabConfig['brokers'])), true],
    ];
    for (const [name, text, tail] of parts) {
      if (text !== null) add(`${broker}/${name}`, maskText(tail ? tailLines(text, LOG_TAIL_LINES) : text));
    }
  }
  add('README.txt', readme([...entries.keys()], input));

  const out = input.out ?? path.join(input.labDir, 'diagnostics', `amq-ha-lab-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const [name, text] of entries) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  const tmp = `${out}.partial`;
  await new Promise<void>((resolve, reject) => {
    const stream = fs.createWriteStream(tmp);
    stream.on('error', reject);
    stream.on('close', () => resolve());
    zip.outputStream.on('error', reject).pipe(stream);
    zip.end();
  });
  fs.renameSync(tmp, out);
  return { path: out, files: [...entries.keys()] };
}

function readme(files: string[], input: DiagnosticsInput): string {
  return [
    'AMQ HA Lab diagnostics',
    '',
    'Passwords are masked (********): lab.json, broker.xml, profiles and logs.',
    ...(input.privatePaths?.length ? [`Folders replaced: ${input.privatePaths.map((p) => p.as).join(', ')} (home, lab and installs dirs).`] : []),
    `Broker logs and console output: the last ${LOG_TAIL_LINES} lines.`,
    '',
    ...files.map((f) => `- ${f}`),
    '',
  ].join('\n');
}
