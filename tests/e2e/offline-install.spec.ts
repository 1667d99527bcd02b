// The organiser's kit on a machine that never saw the registry: `kit` writes the folder from this
// checkout; its tarball installs into an empty prefix with an empty npm cache, offline, with the
// registry on a closed port; then the installed app — and nothing of this repository — runs
// doctor, setup with the kit's zip, up, status, down and serve, whose first page opens in Chromium
// with no console error. The kit's checksums pass, and fail naming the zip when one byte changes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync, lstatSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { brokerZip } from '../integration/test-env.js';
import { PORT_OFFSET } from './serve-fixture.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const SCREENS = path.resolve('test-results');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function said(r: Run): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

/** A loopback port nothing listens on: bound, then let go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file under dir, following nothing: a symlink is reported as itself. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return lstatSync(full).isDirectory() ? walk(full) : [full];
  });
}

let tmp: string;
let serve: ChildProcess | null = null;

test.afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve!.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  // The brokers outlive every command by design; whatever the test got to, none may stay.
  if (tmp && existsSync(path.join(tmp, 'prefix', 'bin', 'amq-ha-lab'))) {
    await run(path.join(tmp, 'prefix', 'bin', 'amq-ha-lab'), ['--lab-dir', path.join(tmp, 'work', 'lab'), 'down'], { cwd: path.join(tmp, 'work'), env: { PATH: '/usr/bin:/bin' }, timeoutMs: 120_000 });
  }
  if (tmp && !process.env.KEEP_OFFLINE_INSTALL) rmSync(tmp, { recursive: true, force: true });
});

test('the kit installs offline into an empty prefix and the installed app runs a lab and serves it', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'offline-install-'));
  const kit = path.join(tmp, 'kit');
  const prefix = path.join(tmp, 'prefix');
  const work = path.join(tmp, 'work');
  const home = path.join(tmp, 'home');
  for (const d of [prefix, work, home, path.join(tmp, 'cache')]) mkdirSync(d, { recursive: true });
  const zipName = path.basename(brokerZip());

  await test.step('kit writes the folder, and its checksums hold', async () => {
    const r = await run(process.execPath, [path.join(REPO, 'bin/amq-ha-lab.mjs'), 'kit', '--out', kit, '--zip', brokerZip(), '--no-installers'], { cwd: REPO, env: process.env, timeoutMs: 5 * 60_000 });
    expect(r.code, said(r)).toBe(0);
    expect(r.stdout).toMatch(/total\s+[\d.]+ MB in \d+ files/);
    const files = readdirSync(kit).sort();
    expect(files).toEqual(expect.arrayContaining(['ATTENDEE.md', 'SHA512SUMS', 'verify.mjs', zipName, `${zipName}.sha512`]));
    expect(files.some((f) => /^amq-ha-lab-.+\.tgz$/.test(f))).toBe(true);
    const verify = await run(process.execPath, ['verify.mjs'], { cwd: kit, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 120_000 });
    expect(verify.code, said(verify)).toBe(0);
  });
  const tarball = path.join(kit, readdirSync(kit).find((f) => f.endsWith('.tgz'))!);

  // Nothing of the repository on the path, no npm config of this machine, a registry that refuses.
  const registryPort = await closedPort();
  const env: NodeJS.ProcessEnv = {
    PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: home,
    LANG: 'C.UTF-8',
    ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
    npm_config_cache: path.join(tmp, 'cache'),
    npm_config_offline: 'true',
    npm_config_registry: `http://127.0.0.1:${registryPort}/`,
    npm_config_prefix: prefix,
    npm_config_userconfig: path.join(home, '.npmrc'),
    npm_config_globalconfig: path.join(tmp, 'no-global-npmrc'),
    npm_config_update_notifier: 'false',
  };
  const app = path.join(prefix, 'bin', 'amq-ha-lab');
  const labDir = path.join(work, 'lab');
  const installs = path.join(work, 'installs');
  mkdirSync(installs);
  const cli = (args: string[], timeoutMs = 5 * 60_000) => run(app, ['--lab-dir', labDir, '--installs', installs, ...args], { cwd: work, env, timeoutMs });

  await test.step('npm install -g --offline from the kit, into the empty prefix', async () => {
    const r = await run('npm', ['install', '-g', tarball, '--offline', '--no-audit', '--no-fund'], { cwd: work, env, timeoutMs: 5 * 60_000 });
    expect(r.code, said(r)).toBe(0);
    // The app and nothing else: a dependency would have had to come from the registry that refuses.
    expect(r.stdout).toMatch(/added 1 package\b/);
    const installed = path.join(prefix, 'lib', 'node_modules', 'amq-ha-lab');
    const files = walk(installed);
    expect(files.filter((f) => f.includes(`${path.sep}node_modules${path.sep}`, installed.length)), 'no dependencies to install').toEqual([]);
    expect(files.filter((f) => /\.(ts|tsx)$/.test(f) || f.includes(`${path.sep}tests${path.sep}`)), 'no sources or tests').toEqual([]);
    expect(files.filter((f) => realpathSync(f).startsWith(REPO)), 'no file of the repository').toEqual([]);
    expect(realpathSync(app).startsWith(installed)).toBe(true);
  });

  await test.step('kit verify from the install: passes, then names the zip when one byte of it changes', async () => {
    expect((await cli(['kit', 'verify', kit])).code).toBe(0);
    const zip = path.join(kit, zipName);
    const bytes = readFileSync(zip);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(zip, bytes);
    const broken = await cli(['kit', 'verify', kit]);
    expect(broken.code, said(broken)).toBe(1);
    expect(broken.stdout).toContain(`FAILED  ${zipName}: changed`);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(zip, bytes);
    expect((await cli(['kit', 'verify', kit])).code).toBe(0);
  });

  await test.step('labs, doctor --json, setup --zip (the kit’s), up, status --json, down', async () => {
    const labs = await cli(['labs', '--json']);
    expect(labs.code, said(labs)).toBe(0);
    expect((JSON.parse(labs.stdout) as { id: string }[]).map((l) => l.id)).toContain('replicated-pair');

    // As ATTENDEE.md has it: the kit's zip in installs/, so doctor judges this Java against it.
    copyFileSync(path.join(kit, zipName), path.join(installs, zipName));
    const doctor = await cli(['doctor', '--json', '--port-offset', String(PORT_OFFSET)]);
    expect(doctor.code, said(doctor)).toBe(0);
    const checks = JSON.parse(doctor.stdout) as { id: string; status: string; message: string }[];
    expect(checks.find((c) => c.id === 'java')?.status, said(doctor)).toBe('ok');

    const setup = await cli(['setup', '--zip', path.join(kit, zipName), '--port-offset', String(PORT_OFFSET)]);
    expect(setup.code, said(setup)).toBe(0);
    const up = await cli(['up'], 10 * 60_000);
    expect(up.code, said(up)).toBe(0);
    const status = await cli(['status', '--json']);
    expect(status.code, said(status)).toBe(0);
    const brokers = (JSON.parse(status.stdout) as { brokers: { name: string; process: string; live: boolean; backup: boolean }[] }).brokers;
    expect(brokers.map((n) => [n.name, n.process, n.live])).toEqual([
      ['master', 'running', true],
      ['backup', 'running', false],
    ]);
    const down = await cli(['down']);
    expect(down.code, said(down)).toBe(0);
    expect(down.stdout).toContain('Stopped');
  });

  await test.step('serve: the first page opens in Chromium with no console error', async () => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    serve = spawn(app, ['--lab-dir', labDir, '--installs', installs, 'serve', '--no-open', '--port', '0', '--port-offset', String(PORT_OFFSET)], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    serve.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.test(out) || serve!.exitCode !== null, { timeout: 60_000 }).toBe(true);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out)?.[0];
    expect(url, out).toBeTruthy();
    await page.goto(url!);
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Guided steps' })).toBeVisible();
    mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENS, 'offline-install-first-page.png') });
    expect(errors).toEqual([]);
  });
});
