// Clients riding through failover on a fresh pair: the client-side outage of a graceful and a
// crash failover and of each failback (producer: last message accepted before, first after), the
// broker's own failover time by the backup's log, and the durable throughput the pair sustains,
// steady and through one crash failover.
import path from 'node:path';
import type { LabService } from '../../shared/contract.js';
import { openLab } from '../../electron/lab-service.js';
import { TrafficRunner } from '../../electron/lab/traffic/traffic-runner.js';
import { TRAFFIC_QUEUE } from '../../shared/traffic-state.js';
import { median } from '../stats.js';
import type { BenchContext, BenchSection, Figures } from '../types.js';

const SOAK_RATE = 200;
/** Far above what two brokers on a laptop accept: the producer is limited by the brokers, not by its pace. */
const FLOOD_RATE = 20_000;

/** Messages accepted per second over `windowMs`, flooding, with `during` run inside the window. */
async function throughput(lab: LabService, windowMs: number, during?: () => Promise<void>): Promise<number> {
  const config = lab.snapshot().config;
  const login = lab.consoleLogin();
  if (!config || !login) throw new Error('the lab is not set up');
  // Every broker of the lab, in its order, as the lab's own traffic: the flood follows the live one.
  const endpoints = Object.entries(config.brokers).map(([broker, n]) => ({ broker, host: '127.0.0.1', port: n.acceptorPort }));
  const runner = new TrafficRunner({ labDir: null, endpoints, user: login.user, password: login.password, queue: TRAFFIC_QUEUE, runId: `bench-${Date.now()}`, rate: FLOOD_RATE });
  runner.start();
  try {
    // Warm-up: connections open, the first batch through.
    const warm = Date.now() + 30_000;
    while (runner.account.totals(false, 0).sent < 200 && Date.now() < warm) await new Promise((r) => setTimeout(r, 50));
    const start = runner.account.totals(false, 0).sent;
    const t0 = Date.now();
    const work = during?.();
    await new Promise((r) => setTimeout(r, windowMs));
    await work;
    const elapsed = Math.max(windowMs, Date.now() - t0);
    return ((runner.account.totals(false, 0).sent - start) * 1000) / elapsed;
  } finally {
    await runner.stop();
  }
}

async function run(ctx: BenchContext): Promise<Figures> {
  const lab = await openLab({ labDir: path.join(ctx.scratchDir, 'lab'), installsDir: ctx.installsDir, portOffset: ctx.portOffset });
  try {
    await lab.request('lab.setup', {});
    await lab.request('lab.up', {});
    // The soak creates the traffic queue on the live broker before its clients connect.
    const report = await lab.request('traffic.soak', { cycles: 2, rate: SOAK_RATE }, { onProgress: (line) => ctx.log(`  ${line}`) });
    // After the soak: JVMs warm, the pair whole again.
    const steady = await throughput(lab, 5000);
    ctx.log(`  durable throughput: ${Math.round(steady)} msg/s`);
    const graceful = report.cycles.find((c) => c.kind === 'graceful-failover');
    const crash = report.cycles.find((c) => c.kind === 'crash-failover');
    const failbacks = report.cycles.filter((c) => c.kind === 'failback');
    const through = await throughput(lab, 12_000, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      const live = lab.snapshot().brokers.find((n) => n.live && n.process === 'running')?.name ?? 'master';
      await lab.request('broker.stop', { broker: live, crash: true });
    });
    ctx.log(`  throughput through a crash failover: ${Math.round(through)} msg/s`);
    const crashOutage = crash?.producerOutageMs ?? null;
    const crashLog = crash?.brokerLogMs ?? null;
    return {
      gracefulProducerOutageMs: graceful?.producerOutageMs ?? null,
      gracefulConsumerOutageMs: graceful?.consumerOutageMs ?? null,
      crashProducerOutageMs: crashOutage,
      crashConsumerOutageMs: crash?.consumerOutageMs ?? null,
      crashBrokerLogMs: crashLog,
      crashOutageRatio: crashOutage !== null && crashLog ? crashOutage / crashLog : null,
      failbackProducerOutageMs: median(failbacks.map((c) => c.producerOutageMs).filter((v): v is number => v !== null)),
      failbackProducerWorstMs: failbacks.length ? Math.max(...failbacks.map((c) => c.producerOutageMs ?? 0)) : null,
      lost: report.lost,
      duplicated: report.duplicated,
      throughputMsgPerS: steady,
      throughputThroughFailoverMsgPerS: through,
    };
  } finally {
    await lab.request('lab.down', {}).catch((error: unknown) => ctx.log(`  down failed: ${error instanceof Error ? error.message : String(error)}`));
    await lab.close();
  }
}

export const traffic: BenchSection = {
  name: 'traffic',
  title: 'Clients through failover and failback (200 msg/s), durable throughput',
  metrics: [
    { key: 'gracefulProducerOutageMs', label: 'graceful failover: producer outage', unit: 'ms' },
    { key: 'gracefulConsumerOutageMs', label: 'graceful failover: consumer outage', unit: 'ms' },
    { key: 'crashProducerOutageMs', label: 'crash failover: producer outage', unit: 'ms' },
    { key: 'crashConsumerOutageMs', label: 'crash failover: consumer outage', unit: 'ms' },
    { key: 'crashBrokerLogMs', label: 'crash failover: kill -> backup AMQ221007 (its log)', unit: 'ms' },
    { key: 'crashOutageRatio', label: 'crash: producer outage / broker failover', unit: 'x', goal: { max: 2, text: '<= 2x' } },
    { key: 'failbackProducerOutageMs', label: 'failback: producer outage (median of 2)', unit: 'ms' },
    { key: 'failbackProducerWorstMs', label: 'failback: producer outage (worst of 2)', unit: 'ms' },
    { key: 'throughputMsgPerS', label: 'durable sends accepted, steady', unit: 'msg/s' },
    { key: 'throughputThroughFailoverMsgPerS', label: 'durable sends accepted, 12 s with a crash failover (then the backup alone: no replication)', unit: 'msg/s' },
  ],
  run,
};
