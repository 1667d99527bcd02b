// The CLI's cold start, as an attendee feels it on every command: `labs --json` and `status --json`
// on a stopped lab, ten starts each (the median of the ten is the run's figure), from the sources
// through tsx (a development checkout, and how every install ran before the release build) and
// from the build installed offline from the kit's tarball, as attendees install it. Also the
// sizes: tarball, installed app, the kit with one broker zip; and Node's own start, the floor.
// On Linux also the single file (npm run build:sea): its size, start and RSS.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ARTEMIS_VERSION } from '../../shared/artemis-version.js';
import { findAppRoot } from '../../electron/kit/app-root.js';
import { makeKit } from '../../electron/kit/make-kit.js';
import { median } from '../stats.js';
import type { BenchContext, BenchSection, Figures } from '../types.js';
import { MB } from '../rss.js';

export const STARTS = 10;

interface Start {
  ms: number;
  code: number | null;
  out: string;
}

function start(args: string[], cwd: string, exe: string = process.execPath): Promise<Start> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile(exe, args, { cwd, maxBuffer: 16 * MB }, (error, stdout, stderr) => {
      resolve({ ms: performance.now() - t0, code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** The median wall time of `STARTS` cold starts (each a new process; the first is not dropped). */
async function coldStartMs(args: string[], cwd: string, what: string, exe?: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await start(args, cwd, exe);
    if (s.code !== 0) throw new Error(`${what} failed (exit ${s.code}):\n${s.out.slice(-2000)}`);
    times.push(s.ms);
  }
  return median(times)!;
}

/** Peak RSS of one more start, read by a probe the process loads first (Node reports its own peak at exit). */
async function peakRssMb(probe: string, args: string[], cwd: string): Promise<number> {
  const s = await start(['--import', pathToFileURL(probe).href, ...args], cwd);
  const kb = /RSS_PEAK_KB (\d+)/.exec(s.out)?.[1];
  if (!kb) throw new Error(`no RSS from the probe:\n${s.out.slice(-1000)}`);
  return Number(kb) / 1024;
}

function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? treeBytes(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

async function run(ctx: BenchContext): Promise<Figures> {
  const zip = path.join(ctx.installsDir, `apache-artemis-${DEFAULT_ARTEMIS_VERSION}-bin.zip`);
  const kitDir = path.join(ctx.scratchDir, 'kit');
  ctx.log('  kit (npm pack builds the app first)…');
  const kit = await makeKit({ outDir: kitDir, zips: [zip], installers: false, root: findAppRoot(ctx.repoDir) });
  const tarball = kit.files.find((f) => f.name.endsWith('.tgz'))!;

  // Installed offline into a fresh prefix, as ATTENDEE.md says.
  const prefix = path.join(ctx.scratchDir, 'prefix');
  execFileSync('npm', ['install', '-g', path.join(kitDir, tarball.name), '--offline', '--no-audit', '--no-fund', '--prefix', prefix, '--cache', path.join(ctx.scratchDir, 'npm-cache')], { stdio: 'ignore' });
  const installed = path.join(prefix, 'lib', 'node_modules', 'amq-ha-lab');
  const builtBin = path.join(installed, 'bin', 'amq-ha-lab.mjs');
  const sourceBin = path.join(ctx.repoDir, 'bin', 'amq-ha-lab.mjs');

  // A stopped lab: set up (instances created), never started.
  const labDir = path.join(ctx.scratchDir, 'lab');
  const lab = ['--lab-dir', labDir, '--installs', ctx.installsDir];
  const setup = await start([builtBin, ...lab, 'setup', '--zip', zip, '--port-offset', String(ctx.portOffset)], ctx.scratchDir);
  if (setup.code !== 0) throw new Error(`setup failed:\n${setup.out.slice(-2000)}`);

  const probe = path.join(ctx.scratchDir, 'rss-probe.mjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nRSS_PEAK_KB ${process.resourceUsage().maxRSS}\\n`));\n");

  ctx.log(`  ${STARTS} cold starts each: node, labs and status from the sources (tsx) and installed…`);
  const figures: Figures = {
    nodeMs: await coldStartMs(['-e', ''], ctx.scratchDir, 'node -e ""'),
    labsBeforeMs: await coldStartMs([sourceBin, 'labs', '--json'], ctx.repoDir, 'labs (sources)'),
    labsMs: await coldStartMs([builtBin, 'labs', '--json'], ctx.scratchDir, 'labs (installed)'),
    statusBeforeMs: await coldStartMs([sourceBin, ...lab, 'status', '--json'], ctx.repoDir, 'status (sources)'),
    statusMs: await coldStartMs([builtBin, ...lab, 'status', '--json'], ctx.scratchDir, 'status (installed)'),
    labsBeforeRssMb: await peakRssMb(probe, [sourceBin, 'labs', '--json'], ctx.repoDir),
    labsRssMb: await peakRssMb(probe, [builtBin, 'labs', '--json'], ctx.scratchDir),
    statusBeforeRssMb: await peakRssMb(probe, [sourceBin, ...lab, 'status', '--json'], ctx.repoDir),
    statusRssMb: await peakRssMb(probe, [builtBin, ...lab, 'status', '--json'], ctx.scratchDir),
    tarballMb: tarball.bytes / MB,
    installedMb: treeBytes(installed) / MB,
    kitMb: kit.totalBytes / MB,
  };
  if (process.platform === 'linux') {
    ctx.log('  the single file (npm run build:sea)…');
    execFileSync('npm', ['run', 'build:sea'], { cwd: ctx.repoDir, stdio: 'ignore' });
    const sea = path.join(ctx.repoDir, 'dist', 'sea', `amq-ha-lab-${process.platform}-${process.arch}`);
    figures.seaMb = statSync(sea).size / MB;
    figures.labsSeaMs = await coldStartMs(['labs', '--json'], ctx.scratchDir, 'labs (single file)', sea);
    figures.statusSeaMs = await coldStartMs([...lab, 'status', '--json'], ctx.scratchDir, 'status (single file)', sea);
    // No --import in a single file: GNU time's peak, where it is installed.
    const timed = await start(['-f', 'RSS_PEAK_KB %M', sea, 'labs', '--json'], ctx.scratchDir, '/usr/bin/time').catch(() => null);
    const kb = timed && /RSS_PEAK_KB (\d+)/.exec(timed.out)?.[1];
    figures.labsSeaRssMb = kb ? Number(kb) / 1024 : null;
  }
  return figures;
}

export const cli: BenchSection = {
  name: 'cli',
  title: `CLI cold start (median of ${STARTS} starts per run) and package sizes`,
  metrics: [
    { key: 'nodeMs', label: 'node -e "" (the floor on this machine)', unit: 'ms' },
    { key: 'labsBeforeMs', label: 'labs --json, sources through tsx (before)', unit: 'ms' },
    { key: 'labsMs', label: 'labs --json, installed build', unit: 'ms', goal: { max: 300, text: '<= 300 ms' } },
    { key: 'statusBeforeMs', label: 'status --json (stopped lab), sources through tsx (before)', unit: 'ms' },
    { key: 'statusMs', label: 'status --json (stopped lab), installed build', unit: 'ms' },
    { key: 'labsBeforeRssMb', label: 'labs --json peak RSS, sources (before)', unit: 'MB' },
    { key: 'labsRssMb', label: 'labs --json peak RSS, installed build', unit: 'MB' },
    { key: 'statusBeforeRssMb', label: 'status --json peak RSS, sources (before)', unit: 'MB' },
    { key: 'statusRssMb', label: 'status --json peak RSS, installed build', unit: 'MB' },
    { key: 'tarballMb', label: 'npm tarball', unit: 'MB' },
    { key: 'installedMb', label: 'installed app (unpacked)', unit: 'MB' },
    { key: 'kitMb', label: 'kit with one broker zip, no installers', unit: 'MB' },
    { key: 'seaMb', label: 'Linux single file (Node and the app)', unit: 'MB' },
    { key: 'labsSeaMs', label: 'labs --json, single file', unit: 'ms', goal: { max: 300, text: '<= 300 ms' } },
    { key: 'statusSeaMs', label: 'status --json (stopped lab), single file', unit: 'ms' },
    { key: 'labsSeaRssMb', label: 'labs --json peak RSS, single file', unit: 'MB' },
  ],
  run,
};
