// `soak`: traffic through N failover/failback cycles, alternating a graceful stop and a crash
// (kill -9) of whichever broker is live, then a drain; nothing may be lost or duplicated. Each
// cycle records the client-side outage of the failover and of the failback that follows.
import type { LabSnapshot, BrokerName } from '../../../shared/lab-state.js';
import { TRAFFIC_QUEUE } from '../../../shared/traffic-state.js';
import type { TrafficGap, TrafficTotals } from '../../../shared/traffic-state.js';
import type { SoakCycle, SoakReport, SoakStops } from '../../../shared/soak-report.js';
import type { LabConfig } from '../../../shared/lab-state.js';
import type { StartOutcome, StopOutcome } from '../../../shared/contract.js';
import { BOUNDS } from '../lab-bounds.js';
import { LabError } from '../lab-error.js';
import { brokerOf } from '../../../shared/labs/checks.js';
import { newRunId } from '../messages/ledger.js';
import { readTraffic } from '../traffic/traffic-files.js';
import { trafficEndpoints } from '../traffic/traffic-process.js';
import { TrafficRunner } from '../traffic/traffic-runner.js';

export type { SoakCycle, SoakReport, SoakStops };

/** What a soak needs of the lab (the facade is one). */
export interface SoakLab {
  readonly labDir: string;
  up(onLine?: (line: string) => void): Promise<unknown>;
  ensureQueue(queue: string): Promise<boolean>;
  requireConfig(): LabConfig;
  liveBroker(): BrokerName | null;
  snapshot(): LabSnapshot;
  startBroker(broker: BrokerName, options?: { ifRunning?: 'adopt' | 'fail'; wait?: boolean }): Promise<StartOutcome>;
  stopBroker(broker: BrokerName, options?: { crash?: boolean }): Promise<StopOutcome>;
  waitFor(until: (s: LabSnapshot) => boolean, timeoutMs: number, what: string, failIf?: (s: LabSnapshot) => LabError | null): Promise<LabSnapshot>;
}

export interface SoakOptions {
  cycles: number;
  rate: number;
  stops?: SoakStops;
  onLine?: (line: string) => void;
}

/** Bounded wait on something only this process can see (the runner's account). */
async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new LabError('TIMEOUT', `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`, 'See the brokers\' logs and `amq-ha-lab status`.');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function outage(gaps: readonly TrafficGap[], side: TrafficGap['side']): number | null {
  const mine = gaps.filter((g) => g.side === side && g.ms !== null);
  return mine.length ? mine.reduce((sum, g) => sum + g.ms!, 0) : null;
}

/** The pair is whole again: `live` serves, every other broker is a synchronized passive backup. */
function pairWhole(s: LabSnapshot, live: BrokerName): boolean {
  return s.brokers.every((n) => (n.name === live ? n.live && n.process === 'running' : n.process === 'running' && !n.live && n.replicaSync === true));
}

/**
 * A failback that broke will not mend by waiting: a broker gave up its synchronization
 * (AMQ229114) or refused to take over half-copied (AMQ229026). Said at once, in the lab's words,
 * instead of after the failback's bound.
 */
export function brokenFailback(s: LabSnapshot): LabError | null {
  for (const n of s.brokers) {
    const e = n.lastError;
    if (e && (e.code === 'SYNC_GAVE_UP' || e.code === 'BACKUP_NOT_SYNCHRONIZED')) return new LabError(e.code, e.message, e.hint ?? undefined);
  }
  return null;
}

/** From `trigger` to the first broker's "now active" (AMQ221007) logged after it. */
function activeLoggedAfter(s: LabSnapshot, trigger: string | undefined): number | null {
  if (!trigger) return null;
  const line = s.events.find((e) => e.code === 'AMQ221007' && e.time >= trigger);
  return line ? Date.parse(line.time) - Date.parse(trigger) : null;
}

function delta(before: TrafficTotals, after: TrafficTotals): Pick<SoakCycle, 'duplicated' | 'redelivered' | 'redeliveredAfterAck' | 'resent'> {
  return {
    duplicated: after.duplicated - before.duplicated,
    redelivered: after.redelivered - before.redelivered,
    redeliveredAfterAck: after.redeliveredAfterAck - before.redeliveredAfterAck,
    resent: after.resent - before.resent,
  };
}

export async function runSoak(lab: SoakLab, options: SoakOptions): Promise<SoakReport> {
  const say = options.onLine ?? (() => undefined);
  const current = readTraffic(lab.labDir);
  if (current && current.state !== 'stopped') {
    throw new LabError('ALREADY_RUNNING', `Traffic already runs (pid ${current.pid}).`, 'Stop it first (`amq-ha-lab traffic stop`): the soak runs its own.');
  }
  await lab.up(say);
  await lab.ensureQueue(TRAFFIC_QUEUE);
  const config = lab.requireConfig();
  const runner = new TrafficRunner({
    labDir: lab.labDir,
    endpoints: trafficEndpoints(config),
    user: config.user,
    password: config.password,
    queue: TRAFFIC_QUEUE,
    runId: newRunId(),
    rate: options.rate,
  });
  runner.start();
  const cycles: SoakCycle[] = [];
  try {
    await until('the first messages to arrive', () => runner.account.totals(false, 0).received >= Math.min(options.rate, 50), 30_000);
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const stops = options.stops ?? 'alternate';
      const crash = stops === 'alternate' ? cycle % 2 === 0 : stops === 'crash';
      const live = lab.liveBroker();
      if (!live) throw new LabError('NOT_RUNNING', 'No broker is live.', 'Run `amq-ha-lab up` first.');
      const others = lab.snapshot().brokers.filter((n) => n.name !== live).map((n) => n.name);

      let counts = runner.account.totals(false, 0);
      /** Waits for both clients back after `since` (gaps index), and records what it cost. */
      const record = async (kind: SoakCycle['kind'], since: number, what: string, watch: 'failover' | 'failback') => {
        await until(`both clients back after the ${what}`, () => runner.account.gaps.slice(since).every((g) => g.to !== null) && runner.snapshot().producer.connected && runner.snapshot().consumer.connected, BOUNDS.failover);
        const gaps = runner.account.gaps.slice(since);
        const s = lab.snapshot();
        const entry: SoakCycle = {
          cycle,
          kind,
          broker: live,
          producerOutageMs: outage(gaps, 'producer'),
          consumerOutageMs: outage(gaps, 'consumer'),
          brokerMs: s.stopwatch[watch]?.ms ?? null,
          brokerLogMs: activeLoggedAfter(s, s.stopwatch[watch]?.startedAt),
          ...delta(counts, (counts = runner.account.totals(false, 0))),
        };
        cycles.push(entry);
        say(`cycle ${cycle}: ${what}: producer ${entry.producerOutageMs ?? 0} ms, consumer ${entry.consumerOutageMs ?? 0} ms.`);
      };

      const before = runner.account.gaps.length;
      await lab.stopBroker(live, { crash });
      await lab.waitFor((s) => others.some((o) => brokerOf(s, o)?.live), BOUNDS.failover, 'a backup to become live');
      await record(crash ? 'crash-failover' : 'graceful-failover', before, `${crash ? 'crash' : 'graceful'} failover from the ${live}`, 'failover');

      const middle = runner.account.gaps.length;
      await lab.startBroker(live, { ifRunning: 'adopt', wait: false });
      // Back to the original live broker (allow-failback), with its backup synchronized again.
      await lab.waitFor((s) => pairWhole(s, live), BOUNDS.failback, `the ${live} to fail back and its backup to synchronize`, brokenFailback);
      await record('failback', middle, `failback to the ${live}`, 'failback');
    }
  } finally {
    const final = await runner.stop();
    say(`drained: ${final.totals.sent} sent, ${final.totals.received} received, ${final.totals.lost} lost, ${final.totals.duplicated} duplicated, ${final.totals.redelivered} redelivered, ${final.totals.redeliveredAfterAck} redelivered after ack.`);
  }
  const { totals, evidence } = runner.snapshot();
  return { ...totals, rate: options.rate, evidence, cycles, ok: totals.lost === 0 && totals.duplicated === 0 };
}
