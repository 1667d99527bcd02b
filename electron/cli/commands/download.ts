// download: Apache Artemis into installs/ (Maven where it runs, else Apache's archive, checksum
// checked), with a progress bar. `npm run fetch-broker` is this command; `setup --download` runs it first.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DEFAULT_ARTEMIS_VERSION } from '../../../shared/artemis-version.js';
import type { DownloadReport } from '../../../shared/contract.js';
import { withLab } from '../lab-session.js';

/** Downloads (the broker.download request) with a bar on a terminal and one line per stage elsewhere. */
export async function downloadWithProgress(
  globals: { labDir?: string; installs?: string; lab?: string },
  version: string | undefined,
  via?: 'maven' | 'apache',
): Promise<DownloadReport> {
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: 'Downloading [{bar}] {percentage}%', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let barStarted = false;
  let lastMessage = '';
  try {
    const result = await withLab(
      globals,
      (lab) =>
        lab.request('broker.download', { ...(version ? { version } : {}), ...(via ? { via } : {}) }, {
          onProgress: ({ message, progress }) => {
            if (progress !== null && bar) {
              if (!barStarted) bar.start(1000, 0);
              barStarted = true;
              bar.update(Math.round(progress * 1000));
            } else if (message !== lastMessage) {
              process.stdout.write(`${message}\n`);
            }
            lastMessage = message;
          },
        }),
      { anyLab: true },
    );
    if (barStarted) bar?.stop();
    barStarted = false;
    process.stdout.write(
      result.via === 'present'
        ? `${result.path} is already there.\n`
        : `${result.path} ready (${result.via === 'maven' ? 'through Maven, checksum checked' : "from Apache's archive, SHA-512 checked"}).\n`,
    );
    return result;
  } finally {
    if (barStarted) bar?.stop();
  }
}

export function registerDownload(program: Command): void {
  program
    .command('download')
    .description(`fetch apache-artemis-<version>-bin.zip into the installs dir (default ${DEFAULT_ARTEMIS_VERSION}; Maven where installed, else Apache's archive)`)
    .argument('[version]', 'Artemis version, e.g. 2.31.2')
    .option('--via <source>', 'maven or apache (default: maven when it runs, else apache)')
    .action(async (version: string | undefined, opts: { via?: 'maven' | 'apache' }) => {
      await downloadWithProgress(program.opts(), version, opts.via);
    });
}
