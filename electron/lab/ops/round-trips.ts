// What synchronous replication costs per message: durable sends timed one at a time at each wire
// delay in turn, the wire's delay put back as it was after.
import type { BrokerName, RoundTripSeries } from '../../../shared/lab-state.js';
import { newRunId } from '../messages/ledger.js';
import { readRoundTrips, timeSends } from '../messages/round-trips.js';
import { changeWire, currentWire } from '../network/wire-control.js';
import { endpoint, requireLive } from './live.js';
import { labEvent, type OpsLab } from './ops-lab.js';
import { observeWire } from './wire.js';

/**
 * Times `count` durable sends to the live broker (or `broker`) at each wire delay in turn, then
 * puts the delay back as it was.
 */
export async function measureRoundTrips(lab: OpsLab, latencies: number[], count: number, broker?: BrokerName): Promise<RoundTripSeries[]> {
  return lab.exclusive(`time sends at ${latencies.join(', ')} ms`, async () => {
    const target = await requireLive(lab, broker);
    const before = currentWire(lab.labDir)?.wires.find((l) => l.a === target || l.b === target);
    const ends = before ? [before.a, before.b] : [];
    let series = readRoundTrips(lab.labDir);
    try {
      for (const latencyMs of latencies) {
        if (before) await changeWire(lab.labDir, `delay ${latencyMs} ms`, ends, { latencyMs });
        series = await timeSends(lab.labDir, endpoint(lab, target), { count, latencyMs: before ? latencyMs : 0, durable: true, runId: newRunId() });
        const last = series[series.length - 1]!;
        labEvent(lab, target, `${count} durable sends one at a time with ${last.latencyMs} ms on the wire: median round trip ${last.medianMs} ms.`);
        lab.store.observe({ kind: 'round-trips', series });
      }
    } finally {
      if (before) await changeWire(lab.labDir, `delay ${before.latencyMs} ms`, ends, { latencyMs: before.latencyMs });
      observeWire(lab);
    }
    return series;
  });
}
