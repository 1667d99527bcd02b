// The classroom in the browser, on a real hub: the instructor's page with the join line and its QR
// code, three attendees (one hand raised, one long on a step with a failure), a row's detail with
// its recent changes, and the attendee's join dialog (a wrong code said in one line, then joined:
// the pill, a raised hand reaching the page), and an ask for diagnostics from the page to the
// pill: declined, then sent and filed.
// Screenshots: test-results/classroom-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ClassroomPublisher } from '../../electron/classroom/publisher.js';
import { newRowKey } from '../../electron/classroom/membership.js';
import { encodeEvent, type ClassroomEvent } from '../../shared/classroom-event.js';
import { findLab } from '../../shared/labs/index.js';
import { startServe, type Served } from './serve-fixture.js';

const SCREENS = path.resolve('test-results');
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/amq-ha-lab.mjs');
let served: Served;
let root = '';
let hubDir = '';
let joinLine = '';
let code = '';
const publishers: ClassroomPublisher[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function attendee(name: string, passed: number, over: Partial<ClassroomEvent>): ClassroomEvent {
  const lab = findLab('replicated-pair')!;
  const now = new Date().toISOString();
  return {
    v: 1,
    at: now,
    seq: 1,
    name,
    lab: lab.id,
    labTitle: lab.title,
    labMinutes: lab.minutes,
    steps: lab.story.map((s, i) => ({ id: s.id, title: s.title, status: i < passed ? 'passed' : 'pending', failures: 0, at: i < passed ? now : null, ms: null, detail: i < passed ? 'seen by the lab' : null })),
    current: { id: lab.story[passed]!.id, since: now },
    brokers: [
      { name: 'master', role: 'primary', process: passed > 3 ? 'running' : 'stopped', live: passed > 3 },
      { name: 'backup', role: 'backup', process: passed > 4 ? 'running' : 'stopped', live: false },
    ],
    failure: null,
    hand: false,
    left: false,
    versions: { os: 'Linux 6.1 x64', java: 'Java 17.0.15', broker: 'Apache Artemis 2.44.0', app: '0.1.0' },
    recent: [],
    ...over,
  };
}

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  // The hub sits beside the lab dir: both in a folder of this test's own.
  root = mkdtempSync(path.join(os.tmpdir(), 'e2e-classroom-'));
  hubDir = path.join(root, 'classroom-hub');
  const labDir = path.join(root, 'lab');
  mkdirSync(labDir);
  process.env.AMQ_HA_LAB_CONFIG_DIR = path.join(root, 'user');
  const [port, consolePort] = [await freePort(), await freePort()];
  const out = execFileSync(process.execPath, [cli, '--lab-dir', labDir, '--installs', path.join(repo, 'installs'), 'classroom', 'host', '--hub-dir', hubDir, '--bind', '127.0.0.1', '--port', String(port), '--console-port', String(consolePort), '--title', 'Monday HA workshop', '--json'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const host = JSON.parse(out) as { joinLine: string; code: string };
  joinLine = host.joinLine;
  code = host.code;
  const pin = joinLine.split('--pin ')[1]!;
  const longAgo = new Date(Date.now() - 40 * 60_000).toISOString();
  const states = [
    attendee('Ada', 6, { hand: true }),
    attendee('Bo', 3, {
      current: { id: 'start-master', since: longAgo },
      failure: { step: 'start-master', text: 'The master broker exited while starting: a port the broker needs is already in use (61616).', hint: 'Stop the program holding it (`amq-ha-lab doctor` names it), then try again.', at: longAgo },
      recent: [
        { type: 'step-passed', at: longAgo, step: 'create', ms: 8400 },
        { type: 'step-started', at: longAgo, step: 'start-master', ms: null },
        { type: 'broker-became', at: longAgo, broker: 'master', as: 'stopped', crashed: true },
        { type: 'step-failed', at: longAgo, step: 'start-master', ms: 2100 },
      ],
    }),
    attendee('Cy', 9, {}),
  ];
  for (const state of states) {
    const p = new ClassroomPublisher({ address: { host: '127.0.0.1', port, pin }, code, rowKey: newRowKey() });
    p.start();
    p.publish(encodeEvent(state));
    publishers.push(p);
  }
  await Promise.all(publishers.map((p) => p.flush(30_000)));
  served = await startServe('e2e-classroom', labDir);
});

test.afterAll(async () => {
  for (const p of publishers) p.close();
  execFileSync(process.execPath, [cli, '--lab-dir', path.join(root, 'lab'), 'classroom', 'leave'], { cwd: repo, stdio: 'ignore', timeout: 60_000 });
  await served?.stop();
  if (hubDir) execFileSync(process.execPath, [cli, 'classroom', 'stop', '--hub-dir', hubDir], { cwd: repo, stdio: 'ignore', timeout: 120_000 });
  if (root) rmSync(root, { recursive: true, force: true });
});

test("the instructor's page: needs help first, a row's detail", async ({ page }) => {
  await page.goto(served.url);
  const tab = page.getByRole('tab', { name: /Classroom \(3, needs help\)/ });
  await tab.click();
  await expect(page.getByTestId('join-line')).toHaveText(joinLine);
  await expect(page.getByRole('img', { name: `QR code of the join line: ${joinLine}` })).toBeVisible();
  const rows = page.getByTestId('classroom-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Ada');
  await expect(rows.nth(0)).toContainText('hand raised');
  await expect(rows.nth(1)).toContainText('Bo');
  await expect(rows.nth(1)).toContainText('long on one step');
  await expect(rows.nth(1)).toContainText('already in use');
  await expect(rows.nth(2)).toContainText('Cy');
  await expect(rows.nth(2)).not.toHaveClass(/needs-help/);
  await page.screenshot({ path: path.join(SCREENS, 'classroom-1-instructor.png'), fullPage: true });
  await rows.nth(1).getByRole('button').first().click();
  await expect(rows.nth(1)).toContainText('Java 17.0.15');
  await expect(rows.nth(1).getByRole('list', { name: 'Recent changes' })).toContainText('"Start the master" failed (2.1 s)');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-2-detail.png'), fullPage: true });
  // The timeline itself: the tab scrolls inside the page, where a full-page shot does not reach.
  await rows.nth(1).getByRole('list', { name: 'Recent changes' }).screenshot({ path: path.join(SCREENS, 'classroom-2-timeline.png') });
});

test('the join dialog: a wrong code in one line, then joined, the hand reaching the page', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Join a classroom' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a classroom' });
  await expect(dialog).toContainText('Never a password, a path under your home directory, or a file.');
  await dialog.getByLabel(/The line your instructor shows/).fill(joinLine);
  await expect(dialog.getByLabel('Join code')).toHaveValue(code);
  await dialog.getByLabel('Join code').fill(code === 'AAA-AAA' ? 'BBB-BBB' : 'AAA-AAA');
  await dialog.getByLabel(/Your name/).fill('Dee');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('the hub refused the join code');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-3-wrong-code.png') });
  await dialog.getByLabel('Join code').fill(code);
  await dialog.getByRole('button', { name: 'Join' }).click();
  const pill = page.getByTestId('classroom-pill');
  await expect(pill).toContainText('in classroom · connected');
  await pill.getByRole('button', { name: 'Ask for help' }).click();
  await page.getByRole('tab', { name: /Classroom \(4/ }).click();
  await expect(page.getByTestId('classroom-row').filter({ hasText: 'Dee' })).toContainText('hand raised');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-4-joined.png'), fullPage: true });

  // The instructor asks Dee for diagnostics: the pill says what the zip holds; Decline sends nothing.
  const dee = page.getByTestId('classroom-row').filter({ hasText: 'Dee' });
  await dee.getByRole('button', { name: 'Ask for diagnostics' }).click();
  const ask = pill.getByTestId('classroom-ask');
  await expect(ask).toContainText('The instructor asks for your diagnostics (what it contains:', { timeout: 15_000 });
  await expect(ask).toContainText('passwords masked');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-5-asked.png'), fullPage: true });
  await ask.getByRole('button', { name: 'Decline' }).click();
  await expect(ask.getByRole('status')).toHaveText('You declined: nothing was sent.');
  await expect(dee.getByTestId('row-ask')).toHaveText(/^diagnostics declined/, { timeout: 15_000 });
  // Asked again, Send: the masked zip lands in the hub dir's diagnostics/.
  await dee.getByRole('button', { name: 'Ask again for diagnostics' }).click();
  await expect(ask.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 15_000 });
  await ask.getByRole('button', { name: 'Send' }).click();
  await expect(dee.getByTestId('row-ask')).toContainText(`diagnostics arrived: ${path.join(hubDir, 'diagnostics', 'Dee-')}`, { timeout: 60_000 });
  await expect(ask.getByRole('status')).toHaveText('Your diagnostics were sent to the instructor.');
  await page.screenshot({ path: path.join(SCREENS, 'classroom-6-arrived.png'), fullPage: true });
  // Read, it goes: OK leaves the header as it was.
  await ask.getByRole('button', { name: 'OK' }).click();
  await expect(ask).toBeHidden();
  await pill.getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByRole('button', { name: 'Join a classroom' })).toBeVisible();
});
