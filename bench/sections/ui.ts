// The two figures the app's face is held to, measured in Debian's Chromium against serve mode:
// - serve-mode start to first interactive paint: from spawning `amq-ha-lab serve` (the browser is
//   already open, as an attendee's is) to the steps painted with an enabled "Do it for me";
// - a broker event in the log to the light changing in the page: the broker's own timestamp on
//   AMQ221007 (live) against the moment the broker card's live light flips in the page
//   (a MutationObserver stamps it). Same machine, same clock.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { BenchContext, BenchSection, Figures } from '../types.js';
import { PartialFigures } from '../types.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const STEP_BOUND_MS = 4 * 60_000;

function ensureBuilt(repoDir: string): void {
  if (existsSync(path.join(repoDir, 'dist/renderer/index.html'))) return;
  execFileSync(process.execPath, [path.join(repoDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: repoDir, stdio: 'inherit' });
}

interface Serve {
  child: ChildProcess;
  url: string;
  printedMs: number;
}

async function startServe(ctx: BenchContext, labDir: string, t0: number): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [path.join(ctx.repoDir, 'bin/amq-ha-lab.mjs'), '--lab-dir', labDir, '--installs', ctx.installsDir, 'serve', '--no-open', '--port', '0', '--port-offset', String(ctx.portOffset)],
    { cwd: ctx.repoDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
    if (m) return { child, url: m[0], printedMs: performance.now() - t0 };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not print its URL:\n${out}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stopServe(ctx: BenchContext, serve: Serve | null, labDir: string, brokers: boolean): Promise<void> {
  if (serve && serve.child.exitCode === null) {
    const exited = new Promise((r) => serve.child.once('exit', r));
    serve.child.kill('SIGTERM');
    const timer = setTimeout(() => serve.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  if (brokers) {
    try {
      execFileSync(process.execPath, [path.join(ctx.repoDir, 'bin/amq-ha-lab.mjs'), '--lab-dir', labDir, 'down'], { cwd: ctx.repoDir, stdio: 'ignore', timeout: 120_000 });
    } catch {
      ctx.log('  (down failed; brokers may still run under ' + labDir + ')');
    }
  }
}

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

async function firstPaint(ctx: BenchContext): Promise<Figures> {
  ensureBuilt(ctx.repoDir);
  const browser = await launch();
  const labDir = path.join(ctx.scratchDir, 'lab');
  let serve: Serve | null = null;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    serve = await startServe(ctx, labDir, t0);
    await page.goto(serve.url);
    await page.locator('[data-step="prerequisites"] button.primary:enabled').waitFor({ state: 'visible', timeout: 30_000 });
    const interactiveMs = performance.now() - t0;
    return { 'url-printed': serve.printedMs, interactive: interactiveMs };
  } finally {
    await stopServe(ctx, serve, labDir, false);
    await browser.close();
  }
}

/** Broker log timestamps ("2026-11-24 20:34:26,414", local time) of every line with `code`. */
function logTimes(logFile: string, code: string): number[] {
  if (!existsSync(logFile)) return [];
  const out: number[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes(code)) continue;
    const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)[,.](\d{3})/.exec(line);
    if (m) out.push(new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!).getTime());
  }
  return out;
}

async function runStep(page: Page, id: string): Promise<void> {
  const step = page.locator(`[data-step="${id}"]`);
  const button = step.getByRole('button', { name: 'Do it for me' });
  if (!(await button.isVisible())) await step.getByRole('button', { expanded: false }).click();
  await button.click();
  await step.locator('xpath=self::*[@data-status="passed" or @data-status="failed"]').waitFor({ timeout: STEP_BOUND_MS });
  const status = await step.getAttribute('data-status');
  if (status !== 'passed') throw new Error(`step ${id} ${status}: ${await step.locator('.detail').textContent().catch(() => '')}`);
}

// A string, not a function: tsx's name-keeping helper (__name) does not exist inside the page.
const WATCH_LIVE = `(() => {
  window.liveAt = { master: [], backup: [] };
  const seen = {};
  const check = () => {
    for (const el of document.querySelectorAll('[data-broker]')) {
      const broker = el.dataset.broker;
      const live = el.getAttribute('data-live');
      if (live === 'true' && seen[broker] !== 'true') window.liveAt[broker].push(Date.now());
      seen[broker] = live;
    }
  };
  check();
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-live'] });
})()`;

/** Wall-clock times at which a broker card's live attribute turned "true", stamped in the page. */
async function watchLive(page: Page): Promise<void> {
  await page.evaluate(WATCH_LIVE);
}

async function eventToLight(ctx: BenchContext): Promise<Figures> {
  ensureBuilt(ctx.repoDir);
  const browser = await launch();
  const labDir = path.join(ctx.scratchDir, 'lab');
  let serve: Serve | null = null;
  const figures: Figures = { 'master-live': null, 'failover-live': null, 'failback-live': null };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    serve = await startServe(ctx, labDir, performance.now());
    await page.goto(serve.url);
    await watchLive(page);
    // Where setup put each instance is in lab.json; read it once the lab is created.
    const logOf = (broker: 'master' | 'backup') => {
      const config = JSON.parse(readFileSync(path.join(labDir, 'lab.json'), 'utf8')) as { brokers: Record<string, { dir: string }> };
      return path.join(config.brokers[broker]!.dir, 'log/artemis.log');
    };
    const liveAt = async (broker: string) => ((await page.evaluate(() => (window as unknown as { liveAt: Record<string, number[]> }).liveAt)) as Record<string, number[]>)[broker] ?? [];

    for (const id of ['unpack', 'create', 'start-master']) await runStep(page, id);
    const lag = (logAt: number | undefined, pageAt: number | undefined) => (logAt !== undefined && pageAt !== undefined ? pageAt - logAt : null);
    figures['master-live'] = lag(logTimes(logOf('master'), 'AMQ221007')[0], (await liveAt('master'))[0]);

    for (const id of ['start-backup', 'send', 'stop-master', 'backup-live']) await runStep(page, id);
    // A replicated backup says "now active" as AMQ221007 (AMQ221010 is the shared-store form): the first of either.
    const backupLive = [...logTimes(logOf('backup'), 'AMQ221010'), ...logTimes(logOf('backup'), 'AMQ221007')].sort((a, b) => a - b)[0];
    figures['failover-live'] = lag(backupLive, (await liveAt('backup'))[0]);

    for (const id of ['restart-master', 'failback']) await runStep(page, id);
    figures['failback-live'] = lag(logTimes(logOf('master'), 'AMQ221007')[1], (await liveAt('master'))[1]);
    const samples = [figures['master-live'], figures['failover-live'], figures['failback-live']].filter((x): x is number => x !== null).sort((a, b) => a - b);
    figures.median = samples.length ? samples[Math.floor(samples.length / 2)]! : null;
    return figures;
  } catch (error) {
    throw new PartialFigures(error instanceof Error ? error.message : String(error), figures);
  } finally {
    await stopServe(ctx, serve, labDir, true);
    await browser.close();
  }
}

export const uiFirstPaint: BenchSection = {
  name: 'ui-first-paint',
  title: 'Serve mode: start to first interactive paint (Chromium)',
  metrics: [
    { key: 'url-printed', label: 'serve started, URL printed', unit: 'ms' },
    { key: 'interactive', label: 'steps painted, "Do it for me" enabled', unit: 'ms', goal: { max: 2000, text: '<= 2 s' } },
  ],
  run: firstPaint,
};

export const uiEventToLight: BenchSection = {
  name: 'ui-event-to-light',
  title: 'Broker log line to the light changing in the page (Chromium)',
  metrics: [
    { key: 'master-live', label: 'AMQ221007 master live -> card live', unit: 'ms' },
    { key: 'failover-live', label: 'AMQ221007 backup live -> card live', unit: 'ms' },
    { key: 'failback-live', label: 'AMQ221007 master live again -> card live', unit: 'ms' },
    { key: 'median', label: 'median of the three', unit: 'ms', goal: { max: 200, text: '<= 200 ms' } },
  ],
  run: eventToLight,
};
