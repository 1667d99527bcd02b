// The files the lab's other processes and faces write (traffic, consumers, ledger, wire, round
// trips), read into the store when they change (lab-files-watch.ts) and now and then while their
// writer should be alive: a process killed hard writes nothing more, its pid tells. Progress,
// lab.json and the chosen lab are handed to whoever follows them (the saver, the facade).
import type { LabStore } from '../store/lab-store.js';
import { readConsumers } from '../consumers/consumers-files.js';
import { readLedger, toLedger } from '../messages/ledger.js';
import { readRoundTrips } from '../messages/round-trips.js';
import { currentWire } from '../network/wire-control.js';
import { readTraffic } from '../traffic/traffic-files.js';
import { watchLabFiles } from './lab-files-watch.js';

const PID_LOOK_MS = 1000;

export interface FollowedElsewhere {
  progress: () => void;
  config: () => Promise<void> | void;
  chosen: () => Promise<void> | void;
}

/** Reads each file once now, then follows them; returns the stop. */
export function observeLabFiles(labDir: string, store: Pick<LabStore, 'observe' | 'snapshot'>, elsewhere: FollowedElsewhere): () => void {
  const traffic = () => store.observe({ kind: 'traffic', traffic: readTraffic(labDir) });
  const consumers = () => store.observe({ kind: 'consumers', consumers: readConsumers(labDir) });
  const wire = () => store.observe({ kind: 'wire', wire: currentWire(labDir) });
  const roundTrips = () => store.observe({ kind: 'round-trips', series: readRoundTrips(labDir) });
  traffic();
  consumers();
  wire();
  roundTrips();
  const pids = setInterval(() => {
    const s = store.snapshot();
    if (s.traffic && s.traffic.state !== 'stopped') traffic();
    if (s.consumers?.running) consumers();
    if (s.wire?.relayRunning) wire();
  }, PID_LOOK_MS);
  pids.unref();
  const stopWatching = watchLabFiles(labDir, {
    traffic,
    consumers,
    progress: elsewhere.progress,
    ledger: async () => store.observe({ kind: 'ledger', ledger: toLedger(await readLedger(labDir)) }),
    config: elsewhere.config,
    chosen: elsewhere.chosen,
    wire,
    roundTrips,
  });
  return () => {
    clearInterval(pids);
    stopWatching();
  };
}
