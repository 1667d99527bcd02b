// kit: the organiser's folder for the workshop's USB stick, and `kit verify` for a copy of it.
import type { Command } from 'commander';
import path from 'node:path';
import { kitReport, kitZips, makeKit } from '../../kit/make-kit.js';
import { verificationReport, verifyKit } from '../../kit/verify.js';
import { resolveGlobalOptions } from '../global-options.js';

export function registerKit(program: Command): void {
  const kit = program
    .command('kit')
    .description('write the workshop kit: the app to install offline, broker zip(s), checksums, ATTENDEE.md (kit verify DIR checks a copy)')
    .option('--out <dir>', 'a new or empty folder for the kit')
    .option('--zip <zips...>', 'broker zip(s) to include (default: the newest in the installs dir)')
    .option('--no-installers', 'skip electron-builder (desktop installers)')
    .action(async (opts: { out?: string; zip?: string[]; installers: boolean }) => {
      if (!opts.out) {
        process.stderr.write('kit needs --out DIR (a new or empty folder), e.g. amq-ha-lab kit --out /media/stick/amq-ha-lab-kit\n');
        process.exitCode = 1;
        return;
      }
      const globals = resolveGlobalOptions(program.opts());
      const zips = await kitZips(opts.zip, globals.installsDir);
      const made = await makeKit({ outDir: opts.out, zips, installers: opts.installers, log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(`\n${kitReport(made)}`);
    });
  kit
    .command('verify <dir>')
    .description("check every file of a kit against its SHA-512 (exit 1 naming each file that does not match)")
    .action(async (dir: string) => {
      const full = path.resolve(dir);
      const result = await verifyKit(full);
      process.stdout.write(verificationReport(result, full));
      process.exitCode = result.ok ? 0 : 1;
    });
}
