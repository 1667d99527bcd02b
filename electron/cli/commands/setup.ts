import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DEFAULT_ARTEMIS_VERSION } from '../../../shared/artemis-version.js';
import { LabError } from '../../lab-service.js';
import { withLab } from '../lab-session.js';
import { wholeNumber } from '../whole-number-option.js';
import { downloadWithProgress } from './download.js';


export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description("unpack the broker zip and create the lab's brokers (--lab picks which lab)")
    .option('--zip <path>', 'broker zip to use (default: the newest in the installs dir)')
    .option('--download [version]', `fetch Apache Artemis (default ${DEFAULT_ARTEMIS_VERSION}) into the installs dir first, and use it`)
    .option('--force', 'move an existing lab aside (never deleted) and start fresh')
    .option('--port-offset <n>', "shift every port by n (each broker keeps its own offset on top: the seed's backup +100)", wholeNumber('--port-offset', 0, 3000))
    .option('--heap-mb <n>', 'maximum heap per broker, in MB (default 512 for two brokers, 384 for three, 256 for more)', wholeNumber('--heap-mb', 128, 65_536))
    .option('--user <user>', 'broker user (default admin)')
    .option('--password <password>', 'broker password (default admin)')
    .option('--no-ha-tuning', "keep the template's cluster timings (slower failover detection)")
    .option('--nio', 'use the NIO journal even where AIO would work')
    .action(async (opts: { zip?: string; download?: string | boolean; force?: boolean; portOffset?: number; heapMb?: number; user?: string; password?: string; haTuning: boolean; nio?: boolean }) => {
      if (opts.download && opts.zip) throw new LabError('BAD_REQUEST', '--download and --zip both say which zip to use.', 'Give one of them.');
      if (opts.download) opts.zip = (await downloadWithProgress(program.opts(), typeof opts.download === 'string' ? opts.download : undefined)).path;
      const bar = process.stdout.isTTY
        ? new cliProgress.SingleBar({ format: 'Unpacking [{bar}] {percentage}% {value}/{total} files', hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      let barStarted = false;
      let lastMessage = '';
      const labId = (program.opts() as { lab?: string }).lab;
      // The same request the app makes (lab.setup); its progress arrives as the snapshot's task.
      await withLab(
        program.opts(),
        async (lab) => {
          const stopListening = lab.onSnapshot(({ task: p }) => {
            if (!p) return;
            if (p.name === 'unpack' && bar && p.progress !== null) {
              if (!barStarted) {
                bar.start(1000, 0);
                barStarted = true;
              }
              bar.update(Math.round(p.progress * 1000));
            } else if (p.name === 'setup' && p.message !== lastMessage) {
              lastMessage = p.message;
              if (barStarted) {
                bar?.stop();
                barStarted = false;
              }
              if (p.message !== 'Done') process.stdout.write(`${p.message}...\n`);
            }
          });
          try {
            const report = await lab.request('lab.setup', {
              zip: opts.zip,
              force: opts.force,
              lab: labId,
              portOffset: opts.portOffset,
              heapMb: opts.heapMb,
              user: opts.user,
              password: opts.password,
              haTuning: opts.haTuning,
              nio: opts.nio,
            });
            for (const line of report.lines) process.stdout.write(`${line}\n`);
          } finally {
            stopListening();
            if (barStarted) bar?.stop();
          }
        },
        { anyLab: true },
      );
    });
}
