// `npm run bench [-- --runs N] [--only a,b] [--keep]`: every section N times (default 3), each run
// on fresh scratch dirs, then medians (and min/max) with the goals beside them. JSON goes to
// bench/results/<timestamp>.json. Ports: the lab's usual ones (offset 0) unless
// LAB_BENCH_PORT_OFFSET says otherwise.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs as parseCliArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { emptyResult, formatTable, formatValue, summarizeSection, type SectionResult } from './report.js';
import { SECTIONS } from './sections/index.js';
import { PartialFigures, type BenchContext } from './types.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchArgs {
  runs: number;
  only: string[] | null;
  keep: boolean;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseCliArgs({
      args: [...argv],
      options: { runs: { type: 'string' }, only: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    // node:util names the option; keep the message short for a terminal.
    const unknown = String((error as Error).message).match(/Unknown option '([^']+)'/);
    throw new Error(unknown ? `unknown argument ${unknown[1]}` : (error as Error).message);
  }
  if (parsed.help) {
    throw new Error(
      `usage: npm run bench -- [--runs N] [--only ${SECTIONS.map((s) => s.name).join(',')}] [--keep]\n(${SECTIONS.filter((s) => s.optional).map((s) => s.name).join(', ')} run only when named)`,
    );
  }
  const runs = parsed.runs === undefined ? 3 : Number(parsed.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number >= 1');
  const only = parsed.only === undefined ? null : parsed.only.split(',').map((s) => s.trim()).filter(Boolean);
  return { runs, only, keep: parsed.keep ?? false };
}

function portOffsetFromEnv(): number {
  const raw = process.env.LAB_BENCH_PORT_OFFSET;
  if (!raw) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || 61616 + n + 100 > 65535) throw new Error(`LAB_BENCH_PORT_OFFSET=${raw}: the backup's acceptor (61716 + offset) must stay below 65536`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sections = args.only ? SECTIONS.filter((s) => args.only!.includes(s.name)) : SECTIONS.filter((s) => !s.optional);
  if (sections.length === 0) throw new Error(`no such section; there are: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const portOffset = portOffsetFromEnv();
  const startedAt = new Date();
  const scratchRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'amq-ha-lab-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench: ${args.runs} run(s) of ${sections.map((s) => s.name).join(', ')}; port offset ${portOffset}; scratch ${scratchRoot}`);

  const results: SectionResult[] = sections.map(emptyResult);
  for (let run = 0; run < args.runs; run++) {
    for (const [i, section] of sections.entries()) {
      const scratchDir = path.join(scratchRoot, `run${run + 1}-${section.name}`);
      await fs.mkdir(scratchDir, { recursive: true });
      const ctx: BenchContext = { run, runs: args.runs, repoDir: REPO, installsDir: path.join(REPO, 'installs'), portOffset, scratchDir, log };
      log(`run ${run + 1}/${args.runs}: ${section.title}`);
      const t0 = performance.now();
      try {
        const figures = await section.run(ctx);
        results[i]!.runs.push({ figures, error: null, ms: performance.now() - t0 });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`  FAILED: ${message}`);
        results[i]!.runs.push({ figures: error instanceof PartialFigures ? error.figures : {}, error: message, ms: performance.now() - t0 });
      }
      if (!args.keep) await fs.rm(scratchDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  const summaries = results.flatMap(summarizeSection);
  // Other work on the machine skews every figure; say how busy it was.
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const lines = [
    '',
    `AMQ HA Lab benchmark — ${startedAt.toISOString()} — ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}, Node ${process.version}`,
    `Medians of ${args.runs} run(s), each on a fresh lab. Load average at the end (1/5/15 min): ${load}.`,
    '',
    formatTable(results, args.runs),
  ];
  const seed = summaries.find((m) => m.section === 'seed' && m.key === 'totalMs')?.median ?? null;
  const ours = summaries.find((m) => m.section === 'graceful' && m.key === 'setupUpMs')?.median ?? null;
  if (seed !== null && ours !== null) {
    const ratio = ours / seed;
    lines.push(
      '',
      `setup + up: ${formatValue(ours, 'ms')} against the seed's ${formatValue(seed, 'ms')}: ratio ${ratio.toFixed(2)}x (goal <= 0.4x: ${ratio <= 0.4 ? 'met' : 'NOT met'}), and ours ends verified: backup synchronized.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const resultsDir = path.join(REPO, 'bench', 'results');
  await fs.mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, memBytes: os.totalmem(), node: process.version, loadAvgAtEnd: os.loadavg() },
    runs: args.runs,
    portOffset,
    summaries,
    sections: results,
  };
  await fs.writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${path.relative(process.cwd(), file)}\n`);
  if (!args.keep) await fs.rm(scratchRoot, { recursive: true, force: true }).catch(() => undefined);
  if (results.some((r) => r.runs.some((run) => run.error))) process.exitCode = 1;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
