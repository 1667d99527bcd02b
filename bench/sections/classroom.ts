// The classroom at scale (--only classroom): a real hub, 50 simulated attendees on real AMQP
// connections publishing once a second for a minute, and the instructor's view in this process:
// how long from a state being built to the view having it (p50, p95), the hub's peak RSS, and the
// CPU the view used. Optional: it needs a minute and a hub.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { hostClassroom, stopClassroom } from '../../electron/classroom/hub.js';
import { HUB_BROKER } from '../../electron/classroom/hub-config.js';
import { InstructorView } from '../../electron/classroom/instructor-view.js';
import { pinOf } from '../../electron/classroom/hub-tls.js';
import { readRunFile } from '../../electron/lab/processes/pid-files.js';
import { MB, RssSampler } from '../rss.js';
import type { BenchContext, BenchSection, Figures } from '../types.js';

const ATTENDEES = Number(process.env.LAB_BENCH_CLASSROOM_ATTENDEES ?? 50);
const SECONDS = Number(process.env.LAB_BENCH_CLASSROOM_SECONDS ?? 60);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const classroom: BenchSection = {
  name: 'classroom',
  title: `Classroom: ${ATTENDEES} attendees publishing once a second for ${SECONDS} s to a real hub`,
  optional: true,
  metrics: [
    { key: 'p50Ms', label: 'state built -> instructor view, p50', unit: 'ms' },
    { key: 'p95Ms', label: 'state built -> instructor view, p95', unit: 'ms', goal: { max: 1000, text: 'p95 <= 1 s' } },
    { key: 'hubRssMb', label: 'hub peak RSS', unit: 'MB' },
    { key: 'viewCpuMs', label: 'instructor view CPU over the run', unit: 'ms' },
    { key: 'received', label: 'states the view received', unit: 'x' },
  ],
  async run(ctx: BenchContext): Promise<Figures> {
    const hubDir = path.join(ctx.scratchDir, 'hub');
    const [port, consolePort] = [await freePort(), await freePort()];
    const host = await hostClassroom({ hubDir, installsDir: ctx.installsDir, bind: '127.0.0.1', port, consolePort, title: 'bench' });
    const sampler = new RssSampler(() => ({ hub: readRunFile(hubDir, HUB_BROKER)?.pid }));
    sampler.start();
    const view = new InstructorView(host.config);
    const latencies: number[] = [];
    const seen = new Map<string, number>();
    view.onChange((v) => {
      const now = Date.now();
      for (const r of v.rows) {
        if ((seen.get(r.id) ?? -1) >= r.event.seq) continue;
        seen.set(r.id, r.event.seq);
        latencies.push(now - Date.parse(r.event.at));
      }
    });
    view.start();
    const cpu0 = process.cpuUsage();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ctx.repoDir, 'bench', 'sections', 'classroom-attendees.ts'), '127.0.0.1', String(port), host.config.tls ? pinOf(host.config.tls.fingerprint) : 'none', host.config.code, String(ATTENDEES), String(SECONDS)], {
        cwd: ctx.repoDir,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise((resolve) => child.once('exit', resolve));
      ctx.log(`  attendees: ${out.trim()}`);
      const cpu = process.cpuUsage(cpu0);
      const sorted = [...latencies].sort((a, b) => a - b);
      await sampler.stop();
      return {
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        hubRssMb: (sampler.peakOf('hub') ?? 0) / MB,
        viewCpuMs: (cpu.user + cpu.system) / 1000,
        received: latencies.length,
      };
    } finally {
      view.close();
      await stopClassroom(hubDir);
    }
  },
};
