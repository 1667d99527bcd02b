// Timed sends: each message alone on the wire, from send to the broker's accept. With
// replication, a durable message is accepted only once the backup has it, so the wire's delay
// shows in every round trip; the series are kept in run/round-trips.json for every face.
import fs from 'node:fs';
import path from 'node:path';
import type { BrokerName, RoundTripSeries } from '../../../shared/lab-state.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { sendMessages, type MessagingEndpoint } from './messages.js';
import { parseLabFile } from '../state/earlier-shapes.js';

/** Not the lab's queue: timed sends are not part of the message ledger's story. */
export const ROUND_TRIP_QUEUE = 'roundTripQueue';
const KEPT_SERIES = 12;

export const roundTripsPath = (labDir: string) => path.join(labDir, 'run', 'round-trips.json');

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function readRoundTrips(labDir: string): RoundTripSeries[] {
  try {
    const parsed = parseLabFile(fs.readFileSync(roundTripsPath(labDir), 'utf8')) as { series?: RoundTripSeries[] };
    return Array.isArray(parsed.series) ? parsed.series : [];
  } catch {
    return [];
  }
}

function recordRoundTrips(labDir: string, series: RoundTripSeries): RoundTripSeries[] {
  const all = [...readRoundTrips(labDir), series].slice(-KEPT_SERIES);
  writeJsonAtomic(roundTripsPath(labDir), { series: all }, 2);
  return all;
}

/** Sends `count` messages one at a time to `broker` and records their round trips at this wire delay. */
export async function timeSends(
  labDir: string,
  endpoint: MessagingEndpoint & { broker: BrokerName },
  opts: { count: number; latencyMs: number; durable: boolean; runId: string },
): Promise<RoundTripSeries[]> {
  const outcome = await sendMessages(endpoint, { queue: ROUND_TRIP_QUEUE, runId: opts.runId, firstSeq: 1, count: opts.count, timed: true, durable: opts.durable, timeoutMs: 30_000 + opts.count * (opts.latencyMs * 8 + 2000) });
  // The first send pays for the link's attach and the queue's creation: not a round trip of the wire.
  const samples = (outcome.roundTripsMs ?? []).slice(1).map((ms) => Math.round(ms * 10) / 10);
  return recordRoundTrips(labDir, {
    at: new Date().toISOString(),
    broker: endpoint.broker,
    latencyMs: opts.latencyMs,
    durable: opts.durable,
    samplesMs: samples,
    medianMs: Math.round(median(samples) * 10) / 10,
  });
}
