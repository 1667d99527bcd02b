// The seed's init.sh, timed on this machine: unzip, two `artemis create` (with the CLI's defaults,
// journal autotune included, as the seed ran it), then the two `sleep 10`s it relied on instead of
// waiting for the brokers. The sleeps are added, not slept: they are fixed by the script.
import fs from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import extract from 'extract-zip';
import { runBrokerCommand } from '../../electron/lab/processes/broker-command.js';
import { haDialect, parseTriple, type VersionTriple } from '../../electron/lab/distribution/broker-version.js';
import { findBrokerZips } from '../../electron/lab/distribution/zip-candidates.js';
import type { BenchContext, BenchSection, Figures } from '../types.js';

export const SEED_SLEEPS_MS = 20_000;

async function unzip(zip: string, into: string): Promise<void> {
  const system = await execa('unzip', ['-q', zip, '-d', into], { reject: false });
  if (system.exitCode === 0) return;
  // No unzip on PATH (Windows): the same work in-process.
  await extract(zip, { dir: into });
}

async function artemisVersion(home: string): Promise<VersionTriple> {
  const jars = await fs.readdir(path.join(home, 'lib'));
  const jar = jars.find((name) => /^artemis-server-\d/.test(name));
  const triple = jar ? parseTriple(jar.replace(/^artemis-server-/, '')) : null;
  if (!triple) throw new Error(`cannot tell the Artemis version of ${home}`);
  return triple;
}

/** The seed's create lines, in today's flag spelling for the version at hand. */
export function seedCreateArgs(instance: string, backup: boolean, version: VersionTriple): string[] {
  const args = [
    'create',
    instance,
    '--silent',
    '--user',
    'admin',
    '--password',
    'admin',
    '--role',
    'admin',
    '--allow-anonymous',
    '--replicated',
    '--clustered',
    '--host',
    '127.0.0.1',
    '--cluster-user',
    'clusterUser',
    '--cluster-password',
    'clusterPassword',
    '--max-hops',
    '1',
  ];
  if (backup) args.push(haDialect(version) === 'primary-backup' ? '--backup' : '--slave', '--port-offset', '100');
  return args;
}

async function run(ctx: BenchContext): Promise<Figures> {
  const zip = (await findBrokerZips(ctx.installsDir))[0];
  if (!zip) throw new Error(`no broker zip in ${ctx.installsDir}`);
  const t0 = performance.now();
  await unzip(zip.path, ctx.scratchDir);
  const unzipMs = performance.now() - t0;
  const top = (await fs.readdir(ctx.scratchDir, { withFileTypes: true })).find((e) => e.isDirectory());
  if (!top) throw new Error('the zip unpacked to nothing');
  const home = path.join(ctx.scratchDir, top.name);
  const version = await artemisVersion(home);

  const t1 = performance.now();
  // Only created, never run: no ports are taken.
  await runBrokerCommand({ dir: home }, seedCreateArgs(path.join(home, 'instances', 'replicatedMaster'), false, version), { timeoutMs: 300_000 });
  await runBrokerCommand({ dir: home }, seedCreateArgs(path.join(home, 'instances', 'replicatedSlave'), true, version), { timeoutMs: 300_000 });
  const createMs = performance.now() - t1;
  return { unzipMs, createMs, totalMs: unzipMs + createMs + SEED_SLEEPS_MS };
}

export const seedBaseline: BenchSection = {
  name: 'seed',
  title: "Seed's init.sh (unzip + 2 creates measured, + its 20 s of sleeps)",
  metrics: [
    { key: 'unzipMs', label: 'unzip', unit: 'ms' },
    { key: 'createMs', label: 'two artemis create (autotune on)', unit: 'ms' },
    { key: 'totalMs', label: 'total incl. 2 x sleep 10', unit: 'ms' },
  ],
  run,
};
