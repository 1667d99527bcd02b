// The classroom on real brokers: a hub made from the same zip, three attendees (one lab set up and
// brought up for real, two whose steps another face moves without brokers), the instructor's view
// within 1 s of each change, and the faults the issue names: a wrong code, a hub restarted, an
// attendee's login trying to read or make queues, bad events, two attendees of one name; asks for
// diagnostics declined and accepted, and an attendee's login kept off others' asks and the zips;
// an agent gone with a reboot started again by `up`. At the end no JVM is left.
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readZip } from '../zip-text.js';
import { execa } from 'execa';
import type { Connection } from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSavedAsk } from '../../electron/classroom/attendee-ask.js';
import { readHubConfig, type HubConfig } from '../../electron/classroom/hub-config.js';
import { openHubConnection } from '../../electron/classroom/hub-connection.js';
import { instructorAddress } from '../../electron/classroom/hub.js';
import { InstructorView } from '../../electron/classroom/instructor-view.js';
import { findBrokerJvms, isAlive, listProcesses } from '../../electron/lab/processes/process-utils.js';
import { saveProgress } from '../../electron/lab/state/progress-file.js';
import { ANSWER_ADDRESS, askAddress, ASK_ADDRESS_PREFIX, DIAGNOSTICS_CONTENTS } from '../../shared/classroom-ask.js';
import { CLASSROOM_ADDRESS, CLASSROOM_QUEUE, ROW_KEY } from '../../shared/classroom-event.js';
import type { ClassroomView } from '../../shared/classroom-rows.js';
import { describeRecent } from '../../shared/classroom-timeline.js';
import type { StepState } from '../../shared/lab-state.js';
import { findLab } from '../../shared/labs/index.js';
import { pendingSteps } from '../../shared/labs/story.js';
import { freePorts } from '../unit/free-ports.js';
import { CLI, labBrokerJvms } from './lab-cli.js';
import { INSTALLS_DIR, makeTempLabDir, testPortOffset, waitFor } from './test-env.js';

interface Attendee {
  name: string;
  labDir: string;
  configDir: string;
}

const dirs: string[] = [];
let hubDir = '';
let hub: HubConfig;
let joinArgs: string[] = [];
let view: InstructorView;
const attendees: Attendee[] = [];
const base = pendingSteps(findLab('replicated-pair')!);

function cli(labDir: string, args: string[], configDir?: string) {
  return execa(process.execPath, [CLI, '--lab-dir', labDir, '--installs', INSTALLS_DIR, ...args], {
    reject: false,
    all: true,
    timeout: 600_000,
    env: configDir ? { AMQ_HA_LAB_CONFIG_DIR: configDir } : {},
  });
}

function hubCli(args: string[]) {
  return cli(hubDir, ['classroom', ...args, '--hub-dir', hubDir], path.join(hubDir, 'instructor'));
}

/** Waits for the view to satisfy `probe`; returns how long that took from `since`. */
async function viewShows(what: string, probe: (v: ClassroomView) => boolean, since = Date.now(), boundMs = 15_000): Promise<number> {
  await waitFor(what, () => probe(view.view()), boundMs, 20);
  return Date.now() - since;
}

function rowOf(v: ClassroomView, a: Attendee) {
  return v.rows.find((r) => rowsByDir.get(a.labDir) === r.id);
}
const rowsByDir = new Map<string, string>();

function step(id: string, status: StepState['status'], detail: string | null = null): StepState {
  return { ...base.find((s) => s.id === id)!, status, detail, hint: status === 'failed' ? 'Try again.' : null };
}

async function attendeeConnection(code: string): Promise<Connection> {
  return openHubConnection(instructorAddress(hub), 'attendee', code, 'test');
}

/** What the hub says to a link an attendee's login opens. A refused link is an attach with no source/target, then a detach carrying the error (AMQP 1.0 2.6.3). */
async function outcome(open: (c: Connection) => void, openMs = 3000): Promise<string> {
  const c = await attendeeConnection(hub.code);
  const said = await new Promise<string>((resolve) => {
    const done = (ctx: { receiver?: { error?: unknown }; sender?: { error?: unknown } }) => {
      const error = (ctx.receiver ?? ctx.sender)?.error as { condition?: string; description?: string } | undefined;
      resolve(error ? `${error.condition} ${error.description ?? ''}`.trim() : 'closed without a reason');
    };
    c.on('receiver_error', done);
    c.on('sender_error', done);
    c.on('receiver_close', done);
    c.on('sender_close', done);
    c.on('message', () => resolve('got a message'));
    open(c);
    // Opened and not closed for a while: the broker let it through.
    setTimeout(() => resolve('open'), openMs);
  });
  c.close();
  return said;
}

beforeAll(async () => {
  hubDir = await makeTempLabDir('classroom-hub');
  dirs.push(hubDir);
  const [port, consolePort] = await freePorts(2);
  const host = await hubCli(['host', '--bind', '127.0.0.1', '--port', String(port), '--console-port', String(consolePort), '--title', 'Test class', '--json']);
  expect(host.exitCode, host.all).toBe(0);
  const line = (JSON.parse(host.stdout) as { joinLine: string }).joinLine;
  expect(line).toMatch(/^amq-ha-lab classroom join 127\.0\.0\.1:\d+ --code [2-9A-Z]{3}-[2-9A-Z]{3} --pin [0-9a-f]{20}$/);
  joinArgs = line.split(' ').slice(2);
  hub = readHubConfig(hubDir)!;
  view = new InstructorView(hub);
  view.start();
});

afterAll(async () => {
  view?.close();
  for (const a of attendees) await cli(a.labDir, ['classroom', 'leave'], a.configDir);
  for (const a of attendees) await cli(a.labDir, ['down']);
  if (hubDir) await hubCli(['stop']);
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('classroom', () => {
  it('refuses a wrong code in one line and remembers nothing', async () => {
    const labDir = await makeTempLabDir('classroom-wrong');
    const configDir = path.join(labDir, 'user');
    dirs.push(labDir);
    const wrongCode = hub.code === 'AAA-AAA' ? 'BBB-BBB' : 'AAA-AAA';
    const [, address, , , , pin] = joinArgs;
    const join = await cli(labDir, ['classroom', 'join', address!, '--code', wrongCode, '--pin', pin!], configDir);
    expect(join.exitCode).toBe(1);
    expect(join.stderr).toBe('the hub refused the join code');
    const status = JSON.parse((await cli(labDir, ['classroom', 'status', '--json', '--hub-dir', path.join(labDir, 'none')], configDir)).stdout) as { attendee: unknown };
    expect(status.attendee).toBeNull();
  });

  it('shows three attendees, each change within 1 s, two of one name as two rows', { timeout: 900_000 }, async () => {
    for (const name of ['Ada', 'Bo', 'Bo']) {
      const labDir = await makeTempLabDir(`classroom-${name}`);
      dirs.push(labDir);
      attendees.push({ name, labDir, configDir: path.join(labDir, 'user') });
    }
    const [ada, bo1, bo2] = attendees as [Attendee, Attendee, Attendee];
    for (const a of attendees) {
      const join = await cli(a.labDir, ['classroom', ...joinArgs, '--name', a.name], a.configDir);
      expect(join.exitCode, join.all).toBe(0);
      expect(join.stdout).toContain(`as ${a.name}`);
      expect(join.stdout).toContain('Never a password, a path under your home directory, or a file.');
    }
    await viewShows('three rows', (v) => v.rows.length === 3);
    // Which row is whose: each attendee's own row key, from their own membership file.
    const { rowId } = await import('../../electron/classroom/instructor-view.js');
    for (const a of attendees) rowsByDir.set(a.labDir, rowId((JSON.parse(await fs.readFile(path.join(a.configDir, 'classroom.json'), 'utf8')) as { rowKey: string }).rowKey));
    expect(new Set(rowsByDir.values()).size).toBe(3);
    expect(view.view().rows.filter((r) => r.event.name === 'Bo')).toHaveLength(2);

    // Bo (1) passes a step: another face of their lab writes it, the agent publishes, the hub holds it.
    let t = Date.now();
    await saveProgress(bo1.labDir, { steps: [step('prerequisites', 'passed', 'Java 17 found')] }, base);
    const bo1Ms = await viewShows("Bo 1's step passed", (v) => rowOf(v, bo1)?.event.steps[0]?.status === 'passed', t);
    // Bo (2) fails the same step twice: "needs help".
    t = Date.now();
    await saveProgress(bo2.labDir, { steps: [step('prerequisites', 'failed', 'no Java')] }, base);
    const bo2FailMs = await viewShows("Bo 2's step failed", (v) => rowOf(v, bo2)?.event.steps[0]?.status === 'failed', t);
    await saveProgress(bo2.labDir, { steps: [step('prerequisites', 'running')] }, base);
    await viewShows("Bo 2's step running", (v) => rowOf(v, bo2)?.event.steps[0]?.status === 'running');
    t = Date.now();
    await saveProgress(bo2.labDir, { steps: [step('prerequisites', 'failed', 'still no Java in /home/someone/jdk')] }, base);
    const bo2TwiceMs = await viewShows('Bo 2 needs help', (v) => rowOf(v, bo2)?.help.includes('failed-twice') === true, t);
    // Bo (1) raises a hand.
    const hand = await cli(bo1.labDir, ['classroom', 'hand'], bo1.configDir);
    expect(hand.exitCode, hand.all).toBe(0);
    t = Date.now();
    const handMs = await viewShows("Bo 1's hand", (v) => rowOf(v, bo1)?.help.includes('hand') === true, t);
    // Ada runs the seed's whole story for real (setup, brokers, failover, failback): each step that
    // passes in her lab's progress file is timed until the instructor's view shows it passed.
    const seenInFile = new Map<string, number>();
    const seenInView = new Map<string, number>();
    let running = true;
    const record = async () => {
      const now = Date.now();
      const saved = await fs.readFile(path.join(ada.labDir, 'run', 'progress.json'), 'utf8').catch(() => null);
      const steps = saved ? ((JSON.parse(saved) as { steps?: StepState[] }).steps ?? []) : [];
      for (const st of steps) if (st.status === 'passed' && !seenInFile.has(st.id)) seenInFile.set(st.id, now);
      for (const st of rowOf(view.view(), ada)?.event.steps ?? []) if (st.status === 'passed' && !seenInView.has(st.id)) seenInView.set(st.id, now);
    };
    const watching = (async () => {
      while (running) {
        await record();
        await new Promise((r) => setTimeout(r, 20));
      }
      // The wait below may see the last step in the view between two rounds: one more round records it.
      await record();
    })();
    const workshop = await cli(ada.labDir, ['workshop', '--json', '--port-offset', String(testPortOffset())]);
    const report = JSON.parse(workshop.stdout) as { steps: { id: string; status: string; detail: string | null }[] };
    expect(report.steps.filter((st) => st.status !== 'passed'), workshop.stderr).toEqual([]);
    await viewShows("Ada's last step", (v) => rowOf(v, ada)?.event.steps.every((st) => st.status === 'passed') === true);
    running = false;
    await watching;
    const adaMs = Object.fromEntries([...seenInFile].map(([id, t]) => [id, (seenInView.get(id) ?? Infinity) - t]));
    const adaEvent = rowOf(view.view(), ada)!.event;
    expect(adaEvent.brokers.map((b) => [b.name, b.process, b.live])).toEqual([
      ['master', 'running', true],
      ['backup', 'running', false],
    ]);
    // The agent follows the lab's change feed: the row carries Ada's latest changes, her real failover or failback among them.
    console.log(`classroom: Ada's timeline on the instructor's row: ${adaEvent.recent.map((c) => describeRecent(c, adaEvent)).join(' · ')}`);
    expect(adaEvent.recent.length).toBe(10);
    expect(adaEvent.recent.some((c) => c.type === 'step-passed' && c.step === 'failback')).toBe(true);
    console.log(`classroom: change -> instructor view: pass ${bo1Ms} ms, fail ${bo2FailMs} ms, fail twice ${bo2TwiceMs} ms, hand ${handMs} ms; the real workshop, per step: ${JSON.stringify(adaMs)}`);
    expect(Object.keys(adaMs).length).toBeGreaterThanOrEqual(10);
    for (const ms of [bo1Ms, bo2FailMs, bo2TwiceMs, handMs, ...Object.values(adaMs)]) expect(ms).toBeLessThanOrEqual(1000);

    // The CLI's own view: needs help first (hand, then failed twice), and what each row carries.
    const status = await hubCli(['status', '--json']);
    expect(status.exitCode, status.all).toBe(0);
    const json = JSON.parse(status.stdout) as { hub: { view: ClassroomView } };
    const rows = json.hub.view.rows;
    // (Any of them may also be long on a step by now: the lab gives a step under two minutes.)
    expect(rows.map((r) => r.id)).toEqual([rowsByDir.get(bo1.labDir), rowsByDir.get(bo2.labDir), rowsByDir.get(ada.labDir)]);
    expect(rows[0]!.help).toContain('hand');
    expect(rows[1]!.help).toContain('failed-twice');
    expect(rows[2]!.help.filter((h) => h !== 'stuck')).toEqual([]);
    const bo2Row = rows[1]!.event;
    expect(bo2Row.failure).toMatchObject({ step: 'prerequisites', hint: 'Try again.' });
    expect(bo2Row.failure!.text).toBe('still no Java in …/jdk');
    expect(rows[2]!.event.versions.broker).toContain('2.44.0');
    expect(JSON.stringify(rows)).not.toMatch(/admin|password|\/tmp\//);
  });

  it("an attendee's agent gone (the machine rebooted) is started again by `up`, and never twice", async () => {
    const ada = attendees[0]!;
    const agentsOf = async () => (await listProcesses()).filter((p) => p.commandLine.includes(ada.labDir) && /classroom\s+agent/.test(p.commandLine)).map((p) => p.pid);
    const before = await agentsOf();
    expect(before).toHaveLength(1);
    // What a reboot leaves: no agent, its lock and status files naming a pid that is gone.
    process.kill(before[0]!, 'SIGKILL');
    await waitFor('the agent gone', () => !isAlive(before[0]!), 5000, 20);
    const killedAt = new Date().toISOString();
    // `up` (the brokers run: adopted) and a status at once: both look for the agent, one starts.
    const [up, status] = await Promise.all([cli(ada.labDir, ['up'], ada.configDir), cli(ada.labDir, ['classroom', 'status'], ada.configDir)]);
    expect(up.exitCode, up.all).toBe(0);
    expect(status.exitCode, status.all).toBe(0);
    const agentStatus = () => JSON.parse(readFileSync(path.join(ada.configDir, 'classroom-agent.json'), 'utf8')) as { pid: number; publisher: { lastAcceptedAt: string | null } };
    await waitFor('the agent publishing again', () => (agentStatus().publisher.lastAcceptedAt ?? '') > killedAt, 15_000, 50);
    const after = await agentsOf();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(agentStatus().pid).toBe(after[0]);
    // Once more, with the agent running: nothing new.
    expect((await cli(ada.labDir, ['up'], ada.configDir)).exitCode).toBe(0);
    expect(await agentsOf()).toEqual(after);
  });

  it("refuses an attendee's login anything but sending its state", async () => {
    const fqqn = `${CLASSROOM_ADDRESS}::${CLASSROOM_QUEUE}`;
    const said = {
      consume: await outcome((c) => c.open_receiver({ source: { address: fqqn } })),
      browse: await outcome((c) => c.open_receiver({ source: { address: fqqn, distribution_mode: 'copy' } })),
      subscribe: await outcome((c) => c.open_receiver({ source: { address: CLASSROOM_ADDRESS } })),
      temporaryQueue: await outcome((c) => c.open_receiver({ source: { dynamic: true } as unknown as { address: string } })),
      newQueue: await outcome((c) => c.open_receiver({ source: { address: 'mine', capabilities: ['queue'] } as unknown as { address: string } })),
      sendElsewhere: await outcome((c) => c.open_sender({ target: { address: 'elsewhere' } })),
    };
    console.log(`classroom: an attendee's login: ${JSON.stringify(said)}`);
    // Reading the class: refused by security, as such.
    expect(said.consume).toMatch(/^amqp:unauthorized-access /);
    expect(said.browse).toMatch(/^amqp:unauthorized-access /);
    // A queue of its own (a subscription, a temporary queue): refused by security too; the AMQP
    // layer of 2.44.0 says it as internal-error, the broker's own words say why.
    expect(said.subscribe).toMatch(/AMQ229(032|213): User: attendee does not have permission='CREATE_(NON_DURABLE_QUEUE|ADDRESS)'/);
    expect(said.temporaryQueue).toMatch(/AMQ229(032|213): User: attendee does not have permission='CREATE_(NON_DURABLE_QUEUE|ADDRESS)'/);
    // An address or queue that does not exist is refused before security is asked (no auto-creation).
    expect(said.newQueue).toMatch(/^amqp:(unauthorized-access|not-found) /);
    expect(said.sendElsewhere).toMatch(/^amqp:(unauthorized-access|not-found) /);
  });

  it('asks for diagnostics: a decline sends nothing, a yes files the masked zip beside the hub', async () => {
    const [ada, bo1] = attendees as [Attendee, Attendee, Attendee];
    const started = Date.now();
    // A row that does not exist: one line.
    const none = await hubCli(['ask', 'Zed']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Error: No attendee "Zed" in the class \(.*Ada \[[0-9a-f]{8}\].*\)\.$/)]);
    const askOf = (a: Attendee) => readSavedAsk(a.configDir);
    const bo1Row = rowsByDir.get(bo1.labDir)!;
    const adaRow = rowsByDir.get(ada.labDir)!;

    // Bo (1), asked by row, declines: the view says so and no zip is made or filed anywhere.
    let t = Date.now();
    const ask1 = await hubCli(['ask', bo1Row]);
    expect(ask1.exitCode, ask1.all).toBe(0);
    await waitFor("Bo 1's agent has the ask", () => askOf(bo1)?.state === 'pending', 10_000, 20);
    const askToAgentMs = Date.now() - t;
    const pending = JSON.parse((await cli(bo1.labDir, ['classroom', 'status', '--json'], bo1.configDir)).stdout) as { attendee: { ask: { state: string; contains: string } } };
    expect(pending.attendee.ask).toMatchObject({ state: 'pending', contains: DIAGNOSTICS_CONTENTS });
    const decline = await cli(bo1.labDir, ['classroom', 'answer', '--decline'], bo1.configDir);
    expect(decline.exitCode, decline.all).toBe(0);
    expect(decline.stdout).toContain('nothing was sent');
    t = Date.now();
    const declinedMs = await viewShows('Bo 1 declined', (v) => v.rows.find((r) => r.id === bo1Row)?.ask?.state === 'declined', t);
    expect(await fs.readdir(path.join(bo1.labDir, 'diagnostics')).catch(() => [])).toEqual([]);
    expect(await fs.readdir(path.join(hubDir, 'diagnostics')).catch(() => [])).toEqual([]);

    // Ada, asked by name, says yes: her lab's own zip, masked, lands in the hub dir's diagnostics/.
    const ask2 = await hubCli(['ask', 'Ada']);
    expect(ask2.exitCode, ask2.all).toBe(0);
    await waitFor("Ada's agent has the ask", () => askOf(ada)?.state === 'pending', 10_000, 20);
    t = Date.now();
    const send = await cli(ada.labDir, ['classroom', 'answer', '--send'], ada.configDir);
    expect(send.exitCode, send.all).toBe(0);
    expect(send.stdout).toContain('Your diagnostics were sent');
    const arrivedMs = await viewShows('Ada arrived', (v) => v.rows.find((r) => r.id === adaRow)?.ask?.state === 'arrived', t);
    const file = view.view().rows.find((r) => r.id === adaRow)!.ask!.file!;
    expect(path.dirname(file)).toBe(path.join(hubDir, 'diagnostics'));
    const zip = await readZip(file);
    expect([...zip.keys()]).toEqual(expect.arrayContaining(['versions.json', 'doctor.json', 'lab.json', 'snapshot.json', 'master/broker.xml', 'master/artemis.log', 'README.txt']));
    const all = [...zip.values()].join('\n');
    // The workshop's lab has the default passwords: admin (equal to its user name, so masked by its
    // shape, not everywhere) and clusterPassword (masked wherever it stands, its own key name too).
    expect(JSON.parse(zip.get('lab.json')!)).toMatchObject({ password: '********' });
    expect(all).not.toContain('clusterPassword');
    expect(zip.get('master/broker.xml')).toContain('<cluster-password>********</cluster-password>');
    expect(all).not.toMatch(/<cluster-password>(?!\*{8})|"(cluster)?[pP]assword": "(?!\*{8})/);
    expect(all).not.toContain(ada.labDir);
    expect(all).not.toContain(`${os.homedir()}/`);
    expect(JSON.parse(zip.get('versions.json')!)).toMatchObject({ labDir: '<lab>' });
    const status = await hubCli(['status']);
    expect(status.stdout).toContain(`diagnostics arrived: ${file}`);
    expect(status.stdout).toContain('diagnostics declined');
    console.log(`classroom: ask -> attendee's agent ${askToAgentMs} ms; decline -> view ${declinedMs} ms; send (collect + zip ${Math.round((await fs.stat(file)).size / 1024)} KB) -> view ${arrivedMs} ms; whole test ${Date.now() - started} ms`);
  });

  it("refuses an attendee's login another's asks and anyone's answers", async () => {
    const [, bo1, bo2] = attendees as [Attendee, Attendee, Attendee];
    const keyOf = async (a: Attendee) => (JSON.parse(await fs.readFile(path.join(a.configDir, 'classroom.json'), 'utf8')) as { rowKey: string }).rowKey;
    const said = {
      consumeAnswers: await outcome((c) => c.open_receiver({ source: { address: ANSWER_ADDRESS } }), 1000),
      browseAnswers: await outcome((c) => c.open_receiver({ source: { address: ANSWER_ADDRESS, distribution_mode: 'copy' } }), 1000),
      everyAsk: await outcome((c) => c.open_receiver({ source: { address: `${ASK_ADDRESS_PREFIX}#` } }), 1000),
      guessedAsk: await outcome((c) => c.open_receiver({ source: { address: askAddress('0123456789abcdef0123456789abcdef') } }), 1000),
      browseAnAsk: await outcome(async (c) => c.open_receiver({ source: { address: askAddress(await keyOf(bo2)), distribution_mode: 'copy' } }), 1000),
      sendAnAsk: await outcome(async (c) => c.open_sender({ target: { address: askAddress(await keyOf(bo1)) } }), 1000),
      management: await outcome((c) => c.open_sender({ target: { address: 'activemq.management' } }), 1000),
    };
    console.log(`classroom: an attendee's login and asks: ${JSON.stringify(said)}`);
    expect(said.consumeAnswers).toMatch(/^amqp:unauthorized-access .*permission='CONSUME'/);
    expect(said.browseAnswers).toMatch(/^amqp:unauthorized-access .*permission='BROWSE'/);
    expect(said.everyAsk).toMatch(/^amqp:(unauthorized-access|not-found|internal-error) /);
    expect(said.guessedAsk).toMatch(/^amqp:(unauthorized-access|not-found|internal-error) /);
    expect(said.browseAnAsk).toMatch(/^amqp:unauthorized-access .*permission='BROWSE'/);
    expect(said.sendAnAsk).toMatch(/^amqp:unauthorized-access .*permission='SEND'/);
    expect(said.management).toMatch(/^amqp:unauthorized-access .*permission='SEND' on address activemq.management/);
  });

  it('drops and counts malformed, oversized and later-version events; the view goes on', async () => {
    const rowsBefore = view.view().rows.length;
    const c = await attendeeConnection(hub.code);
    const sender = c.open_sender({ target: { address: CLASSROOM_ADDRESS } });
    await new Promise((r) => sender.once('sendable', r));
    const good = JSON.stringify(view.view().rows[0]!.event);
    const bad = [
      '{"v":1, "name": ',
      JSON.stringify({ ...JSON.parse(good), name: 'x'.repeat(9000) }),
      JSON.stringify({ ...JSON.parse(good), v: 2 }),
    ];
    for (const [i, body] of bad.entries()) sender.send({ durable: true, application_properties: { [ROW_KEY]: `bad-row-key-000000000${i}` }, body });
    await viewShows('three dropped', (v) => v.dropped.malformed === 1 && v.dropped.oversized === 1 && v.dropped['future-version'] === 1);
    c.close();
    expect(view.view().rows.length).toBe(rowsBefore);
  });

  it("keeps every attendee's latest state across a hub restart, and attendees carry on", async () => {
    const before = view.view().rows.map((r) => [r.id, r.event.steps.map((s) => s.status).join()]);
    const stop = await hubCli(['stop']);
    expect(stop.exitCode, stop.all).toBe(0);
    expect(await findBrokerJvms(hub.dir)).toEqual([]);
    await viewShows('the view sees the hub gone', (v) => !v.connected);
    // While the hub is away, Bo (1) moves on: only the latest state matters.
    const [, bo1] = attendees as [Attendee, Attendee, Attendee];
    await saveProgress(bo1.labDir, { steps: [step('unpack', 'failed', 'zip damaged')] }, base);
    await saveProgress(bo1.labDir, { steps: [step('unpack', 'passed', 'unpacked')] }, base);
    const host = await hubCli(['host']);
    expect(host.exitCode, host.all).toBe(0);
    const t = Date.now();
    const restartMs = await viewShows('Bo 1 unpacked after the restart', (v) => v.connected && rowOf(v, bo1)?.event.steps[1]?.status === 'passed', t);
    console.log(`classroom: hub restarted -> Bo 1's state while away in the view after ${restartMs} ms`);
    // A fresh view rebuilds the class from the hub's journal alone.
    const fresh = await new InstructorView(hub).readOnce();
    expect(fresh.rows.map((r) => r.id).sort()).toEqual(before.map(([id]) => id).sort());
    expect(fresh.dropped).toEqual({ malformed: 1, oversized: 1, 'future-version': 1 });
  });

  it('leave, down and classroom stop leave no JVM and no agent', async () => {
    const agents = await Promise.all(
      attendees.map(async (a) => (JSON.parse(await fs.readFile(path.join(a.configDir, 'classroom-agent.json'), 'utf8')) as { pid: number }).pid),
    );
    for (const a of attendees) {
      const leave = await cli(a.labDir, ['classroom', 'leave'], a.configDir);
      expect(leave.exitCode, leave.all).toBe(0);
    }
    await viewShows('every row left', (v) => v.rows.every((r) => r.event.left));
    expect(agents.filter(isAlive)).toEqual([]);
    const ada = attendees[0]!;
    expect((await cli(ada.labDir, ['down'])).exitCode).toBe(0);
    expect(await labBrokerJvms(ada.labDir)).toEqual([]);
    expect((await hubCli(['stop'])).exitCode).toBe(0);
    expect(await findBrokerJvms(hub.dir)).toEqual([]);
  });
});
