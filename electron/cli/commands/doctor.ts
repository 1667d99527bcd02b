import type { Command } from 'commander';
import { runDoctor } from '../../lab/doctor.js';
import { resolveGlobalOptions } from '../global-options.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check this machine for the lab: OS, memory, disk, Java, libaio, ports, lab path')
    .option('--json', 'print the checks as JSON: [{"id","status","message","fix"}]')
    .option('--port-offset <n>', 'check the ports of a lab set up with this offset', (v) => Number(v))
    .action(async (opts: { json?: boolean; portOffset?: number }) => {
      const { labDir, installsDir } = resolveGlobalOptions(program.opts());
      const checks = await runDoctor({ labDir, installsDir, portOffset: opts.portOffset });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(checks.map(({ id, status, message, fix, title }) => ({ id, status, message, fix, title })), null, 2)}\n`);
      } else {
        for (const c of checks) {
          process.stdout.write(`[${MARK[c.status]}] ${c.title}: ${c.message}\n`);
          if (c.fix) process.stdout.write(`       fix: ${c.fix}\n`);
        }
        const failed = checks.filter((c) => c.status === 'fail').length;
        const warned = checks.filter((c) => c.status === 'warn').length;
        process.stdout.write(failed ? `\n${failed} check(s) failed.\n` : `\nReady for the lab${warned ? ` (${warned} warning(s))` : ''}.\n`);
      }
      if (checks.some((c) => c.status === 'fail')) process.exitCode = 1;
    });
}
