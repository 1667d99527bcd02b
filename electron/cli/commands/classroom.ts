// `amq-ha-lab classroom …`: the instructor hosts a hub broker and watches every attendee's lab;
// an attendee joins with the line the instructor shows. The hub is an Artemis broker made from the
// same zip (docs/classroom.md).
import path from 'node:path';
import type { Command } from 'commander';
import { ASK_WORDS, type PendingAsk } from '../../../shared/classroom-ask.js';
import { HELP_WORDS, viewOfLab, type ClassroomRow, type ClassroomView } from '../../../shared/classroom-rows.js';
import { describeRecent } from '../../../shared/classroom-timeline.js';
import { ensureAgent, runAgent, runningAgent } from '../../classroom/agent.js';
import { askDiagnostics } from '../../classroom/ask-diagnostics.js';
import { pendingAskView, readSavedAsk } from '../../classroom/attendee-ask.js';
import { answerInstructor, HubConnectError, joinClassroom, leaveClassroom, setHand } from '../../classroom/attendee-actions.js';
import { defaultHubDir, joinLine, readHubConfig } from '../../classroom/hub-config.js';
import { hostClassroom, hubRunning, stopClassroom } from '../../classroom/hub.js';
import { InstructorView } from '../../classroom/instructor-view.js';
import { readAgentStatus, readMembership, userConfigDir, type Membership } from '../../classroom/membership.js';
import { LabError } from '../../lab-service.js';
import { resolveGlobalOptions } from '../global-options.js';
import { wholeNumber } from '../whole-number-option.js';

const portOption = wholeNumber('--port', 1, 65535);

function hubDirOf(program: Command, opts: { hubDir?: string }): string {
  return opts.hubDir ? resolveGlobalOptions({ labDir: opts.hubDir }).labDir : defaultHubDir(resolveGlobalOptions(program.opts()).labDir);
}

function minutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}` : `${m}m`;
}

/** One attendee in a line or two, the way the instructor scans a room. */
export function describeRow(row: ClassroomRow, now = Date.now()): string {
  const e = row.event;
  const flag = row.help.length ? `! ${row.help.map((h) => HELP_WORDS[h]).join(', ')}` : e.left ? '  left' : '  ok';
  const current = e.current ? `on "${e.steps.find((s) => s.id === e.current!.id)?.title ?? e.current.id}" for ${minutes(now - Date.parse(e.current.since))}` : 'all steps done';
  const lights = e.steps.map((s) => ({ passed: '●', skipped: '○', failed: '✗', running: '◐', pending: '·' })[s.status]).join('');
  const brokers = e.brokers.map((b) => `${b.name}${b.live ? ' live' : b.process === 'running' ? ' up' : ` ${b.process}`}`).join(', ');
  const lines = [`${flag.padEnd(24)} ${e.name} [${row.id}]  ${e.lab}  ${row.done}/${row.total} ${lights}  ${current}${brokers ? `  brokers: ${brokers}` : ''}`];
  if (e.failure) lines.push(`${' '.repeat(25)}last failure (${e.failure.step}): ${e.failure.text}${e.failure.hint ? ` Fix: ${e.failure.hint}` : ''}`);
  if (e.recent.length) lines.push(`${' '.repeat(25)}lately: ${e.recent.slice(-3).map((c) => describeRecent(c, e)).join(' · ')}`);
  if (row.ask) lines.push(`${' '.repeat(25)}${ASK_WORDS[row.ask.state]}${row.ask.file ? `: ${row.ask.file}` : ''}`);
  return lines.join('\n');
}

/** The class as `status` and `watch` print it; `lab`: only that lab's rows. */
export function describeView(whole: ClassroomView, lab?: string): string {
  const view = viewOfLab(whole, lab);
  const dropped = view.dropped.malformed + view.dropped.oversized + view.dropped['future-version'];
  const count = `${view.rows.length} attendee${view.rows.length === 1 ? '' : 's'}${lab ? ` in ${lab} (of ${whole.rows.length})` : ''}`;
  const head = `${view.title}: ${count} on ${view.address}${view.connected ? '' : ` (${view.reason ?? 'not connected'})`}${dropped ? `; ${dropped} bad event${dropped === 1 ? '' : 's'} dropped (${view.dropped.malformed} malformed, ${view.dropped.oversized} oversized, ${view.dropped['future-version']} of a later version)` : ''}`;
  return [head, ...view.rows.map((r) => describeRow(r))].join('\n');
}

/** `--lab ID` with `classroom status` / `watch`: only that lab's attendees (the program's own option, wherever it stands). */
function labFilter(program: Command): string | undefined {
  return (program.opts() as { lab?: string }).lab;
}

function attendeeLine(m: Membership | null, dir: string): string {
  if (!m) return 'Not in a classroom.';
  const status = readAgentStatus(dir);
  const state = !status ? 'not started' : status.endedAt ? `ended (${status.publisher.reason ?? status.publisher.state})` : status.publisher.state === 'connected' ? 'connected' : `${status.publisher.state}${status.publisher.reason ? `: ${status.publisher.reason}` : ''}`;
  const line = `In the classroom at ${m.host}:${m.port} as ${m.name}${m.hand ? ' (hand raised)' : ''}: ${state}.`;
  const ask = pendingAskView(readSavedAsk(dir, m.rowKey));
  return ask ? `${line}\n${askLine(ask)}` : line;
}

/** The instructor's ask as the attendee reads it. */
export function askLine(ask: PendingAsk): string {
  switch (ask.state) {
    case 'pending':
      return `The instructor (${ask.from}) asks for your diagnostics: ${ask.contains}.\nSend them with \`amq-ha-lab classroom answer --send\`, or \`--decline\` (nothing is sent unless you send).`;
    case 'sending':
      return 'Your diagnostics are being collected and sent.';
    case 'sent':
      return `Your diagnostics were sent (${ask.reason ?? 'the zip'}).`;
    case 'declined':
      return 'You declined the instructor\'s ask: nothing was sent.';
    case 'failed':
      return `Your diagnostics could not be sent: ${ask.reason ?? 'no reason'}.`;
  }
}

export function registerClassroom(program: Command): void {
  const classroom = program.command('classroom').description("the instructor sees every attendee's lab live, carried by an Artemis hub broker");

  classroom
    .command('host')
    .description('create (once) and start the hub broker, and print the line attendees type')
    .option('--bind <addr>', 'the address attendees reach (default: the first LAN IPv4 address)')
    .option('--port <n>', 'the hub AMQP port (default 5673)', portOption)
    .option('--console-port <n>', "the hub's web console port, on loopback (default 8169)", wholeNumber('--console-port', 1, 65535))
    .option('--title <title>', 'what the classroom is called on the instructor page')
    .option('--hub-dir <dir>', 'where the hub lives (default: classroom-hub beside the lab dir)')
    .option('--no-tls', 'plain TCP instead of TLS (docs/classroom.md says what the code then exposes)')
    .option('--json', 'print JSON')
    .action(async (opts: { bind?: string; port?: number; consolePort?: number; title?: string; hubDir?: string; tls: boolean; json?: boolean }) => {
      const { installsDir } = resolveGlobalOptions(program.opts());
      const report = await hostClassroom({
        hubDir: hubDirOf(program, opts),
        installsDir,
        ...(opts.bind ? { bind: opts.bind } : {}),
        ...(opts.port ? { port: opts.port } : {}),
        ...(opts.consolePort ? { consolePort: opts.consolePort } : {}),
        ...(opts.title ? { title: opts.title } : {}),
        ...(opts.tls === false ? { noTls: true } : {}),
      });
      const line = joinLine(report.config);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ joinLine: line, pid: report.pid, created: report.created, adopted: report.adopted, address: `${report.config.bind}:${report.config.port}`, code: report.config.code }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${report.lines.join('\n')}\n\nAttendees type:\n\n  ${line}\n\n`);
    });

  classroom
    .command('stop')
    .description("stop the hub (its journal, and so every attendee's latest state, is kept)")
    .option('--hub-dir <dir>', 'where the hub lives')
    .action(async (opts: { hubDir?: string }) => {
      const report = await stopClassroom(hubDirOf(program, opts));
      process.stdout.write(`${report.lines.join('\n')}\n`);
    });

  classroom
    .command('join <hub>')
    .description("join a classroom (HOST:PORT from the instructor's line); remembered for this user until `classroom leave`")
    .requiredOption('--code <code>', 'the join code the instructor shows')
    .option('--pin <pin>', "the hub certificate's pin from the join line")
    .option('--name <name>', 'how the instructor sees you (default: your user name)')
    .action(async (hub: string, opts: { code: string; pin?: string; name?: string }) => {
      const { labDir, installsDir } = resolveGlobalOptions(program.opts());
      let joined;
      try {
        joined = await joinClassroom({ hub, code: opts.code, pin: opts.pin ?? null, name: opts.name ?? null, labDir, installsDir });
      } catch (error) {
        // One line, no retry: a wrong code, another hub, or none there.
        if (error instanceof HubConnectError) {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
      process.stdout.write(
        `Joined the classroom at ${joined.host}:${joined.port} as ${joined.name}${joined.accepted ? '' : ' (your first state is on its way)'}.\n` +
          "The instructor sees: your name, the lab, each step's state, time and detail, your brokers' roles, the last failure and its hint, a raised hand, and your OS, Java and broker versions. Never a password, a path under your home directory, or a file.\n" +
          'Raise your hand with `amq-ha-lab classroom hand`; `amq-ha-lab classroom leave` to leave.\n',
      );
    });

  classroom
    .command('leave')
    .description('leave the classroom (the instructor sees you left)')
    .action(async () => {
      const left = await leaveClassroom();
      process.stdout.write(left ? `Left the classroom at ${left.host}:${left.port}.\n` : 'Not in a classroom.\n');
    });

  classroom
    .command('hand')
    .description('raise your hand (again to lower it)')
    .option('--down', 'lower it')
    .action(async (opts: { down?: boolean }) => {
      const hand = await setHand(opts.down ? false : undefined);
      process.stdout.write(hand ? 'Hand raised: the instructor sees it.\n' : 'Hand lowered.\n');
    });

  classroom
    .command('ask <attendee>')
    .description("ask an attendee (a name only one has, or the row in brackets) for their masked diagnostics zip; it lands in the hub dir's diagnostics/ once they say yes")
    .option('--hub-dir <dir>', 'where the hub lives')
    .action(async (ref: string, opts: { hubDir?: string }) => {
      const hubDir = hubDirOf(program, opts);
      const config = readHubConfig(hubDir);
      if (!config) throw new LabError('BAD_REQUEST', `No classroom hub in ${hubDir}.`, 'Run `amq-ha-lab classroom host` first.');
      if (!(await hubRunning(hubDir))) throw new LabError('BAD_REQUEST', 'The hub is not running.', '`amq-ha-lab classroom host` starts it.');
      const view = new InstructorView(config);
      const read = await view.readOnce();
      const { row } = await askDiagnostics(config, read, (id) => view.keyOf(id), ref);
      process.stdout.write(`Asked ${row.event.name} [${row.id}] for their diagnostics; \`amq-ha-lab classroom status\` shows their answer (the zip lands in ${path.join(hubDir, 'diagnostics')}).\n`);
    });

  classroom
    .command('answer')
    .description("answer the instructor's ask for your diagnostics: --send the masked zip, or --decline (nothing is sent)")
    .option('--send', 'send the masked diagnostics zip')
    .option('--decline', 'send nothing')
    .action(async (opts: { send?: boolean; decline?: boolean }) => {
      if (!!opts.send === !!opts.decline) throw new LabError('BAD_REQUEST', 'Answer with --send or --decline.');
      const ask = await answerInstructor(!!opts.send);
      process.stdout.write(`${askLine(ask)}\n`);
      if (ask.state === 'failed') process.exitCode = 1;
    });

  classroom
    .command('status')
    .description("the class as the hub holds it (instructor; with --lab ID, only that lab's attendees), and this user's membership (attendee)")
    .option('--hub-dir <dir>', 'where the hub lives')
    .option('--json', 'print JSON')
    .action(async (opts: { hubDir?: string; json?: boolean }) => {
      const lab = labFilter(program);
      const dir = userConfigDir();
      const membership = readMembership(dir);
      if (membership) await ensureAgent(dir);
      const hubDir = hubDirOf(program, opts);
      const config = readHubConfig(hubDir);
      let view: ClassroomView | null = null;
      let hubError: string | null = null;
      if (config) {
        if (await hubRunning(hubDir)) {
          try {
            view = await new InstructorView(config).readOnce();
          } catch (error) {
            hubError = error instanceof Error ? error.message : String(error);
          }
        } else hubError = 'the hub is not running (`amq-ha-lab classroom host` starts it)';
      }
      if (opts.json) {
        const agent = readAgentStatus(dir);
        process.stdout.write(
          `${JSON.stringify({ hub: config ? { joinLine: joinLine(config), view: view && viewOfLab(view, lab), error: hubError } : null, attendee: membership ? { host: membership.host, port: membership.port, name: membership.name, hand: membership.hand, ask: pendingAskView(readSavedAsk(dir, membership.rowKey)), agent: agent ? { running: !!(await runningAgent(dir)), ...agent.publisher } : null } : null }, null, 2)}\n`,
        );
        return;
      }
      const out: string[] = [];
      if (config) out.push(view ? describeView(view, lab) : `Hub: ${hubError}`, `Join line: ${joinLine(config)}`);
      if (membership || !config) out.push(attendeeLine(membership, dir));
      process.stdout.write(`${out.join('\n')}\n`);
    });

  classroom
    .command('watch')
    .description('the class live, needs-help first, until Ctrl-C (with --lab ID, only that lab)')
    .option('--hub-dir <dir>', 'where the hub lives')
    .action(async (opts: { hubDir?: string }) => {
      const lab = labFilter(program);
      const hubDir = hubDirOf(program, opts);
      const config = readHubConfig(hubDir);
      if (!config) throw new LabError('BAD_REQUEST', `No classroom hub in ${hubDir}.`, 'Run `amq-ha-lab classroom host` first.');
      const view = new InstructorView(config);
      let timer: NodeJS.Timeout | null = null;
      const draw = () => {
        timer = null;
        const clear = process.stdout.isTTY ? '\x1b[2J\x1b[H' : '';
        process.stdout.write(`${clear}${describeView(view.view(), lab)}\n${process.stdout.isTTY ? '' : '\n'}`);
      };
      view.onChange(() => (timer ??= setTimeout(draw, 200)));
      view.start();
      // Minutes on a step move on without an event.
      const tick = setInterval(draw, 15_000);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      clearInterval(tick);
      view.close();
    });

  classroom
    .command('agent', { hidden: true })
    .description("publish this user's lab to the classroom until they leave (started by `classroom join`)")
    .action(async () => {
      await runAgent();
      process.exit(0);
    });
}
