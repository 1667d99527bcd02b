// workshop: a lab's whole story, every step verified; exit 0 only when every step passed.
import type { Command } from 'commander';
import type { WorkshopStepResult } from '../../../shared/workshop-report.js';
import { withLab } from '../lab-session.js';

function line(r: WorkshopStepResult): string {
  const mark = r.status === 'passed' ? 'ok  ' : r.status === 'failed' ? 'FAIL' : 'skip';
  const ms = r.ms !== null ? ` (${r.ms} ms)` : '';
  return `${mark} ${r.title}${ms}${r.detail ? ` - ${r.detail}` : ''}${r.hint ? `\n     hint: ${r.hint}` : ''}\n`;
}

export function registerWorkshop(program: Command): void {
  program
    .command('workshop')
    .description("run a lab's story end to end, every step verified (default: the seed's: set up, start, send 10, fail over, fail back)")
    .option('--json', 'print JSON')
    .option('--crash', 'kill brokers hard where the story stops them')
    .option('--port-offset <n>', 'port offset when the lab still has to be set up', (v) => Number(v))
    .action(async (opts: { json?: boolean; crash?: boolean; portOffset?: number }) => {
      await withLab(
        program.opts(),
        async (lab) => {
          const report = await lab.request('workshop.run', { crash: opts.crash }, {
            onProgress: (r) => {
              if (!opts.json) process.stdout.write(line(r));
            },
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ lab: report.lab, ok: report.ok, steps: report.steps, timings: report.timings }, null, 2)}\n`);
          } else {
            const t = report.timings;
            process.stdout.write(
              `Timings: up ${t.upMs} ms, failover ${t.failoverMs} ms (broker log ${t.failoverLogMs} ms), failback ${t.failbackMs} ms, detection lag median ${t.detectionLagMedianMs} ms.\n`,
            );
            const groups = Object.entries(t.groups);
            // Several pairs: each on its own clock (the line above is the latest of them).
            if (groups.length > 1) {
              for (const [group, g] of groups) {
                process.stdout.write(`  ${group}: failover ${g.failoverMs} ms (broker log ${g.failoverLogMs} ms), failback ${g.failbackMs} ms.\n`);
              }
            }
          }
          if (!report.ok) process.exitCode = 1;
        },
        { portOffset: opts.portOffset },
      );
    });
}
