import type { Command } from 'commander';
import { withLab } from '../lab-session.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check this machine for the lab: OS, memory, disk, Java, libaio, ports, lab path')
    .option('--json', 'print the checks as JSON: [{"id","status","message","fix"}]')
    .option('--port-offset <n>', 'check the ports of a lab set up with this offset', (v) => Number(v))
    .action(async (opts: { json?: boolean; portOffset?: number }) => {
      // The same request the app makes (doctor.run), for the lab's own brokers and ports.
      const checks = await withLab(program.opts(), (lab) => lab.request('doctor.run', {}), { portOffset: opts.portOffset, anyLab: true });
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
