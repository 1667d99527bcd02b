// What another face did reaches this one through the lab's files: progress.json (steps, lab
// events, stopwatches), ledger.json, traffic.json, consumers.json, lab.json, the chosen lab and the wire's files. Polled stats rather than fs.watch, which misses
// renames into place on some file systems and behaves differently on each OS; 250 ms keeps
// "appears within 1 s" with room to spare and costs three stat calls.
import fs from 'node:fs';
import { ledgerPath } from '../messages/ledger.js';
import { labJsonPath } from '../instances/lab-layout.js';
import { progressPath } from '../state/progress-file.js';
import { trafficPath } from '../traffic/traffic-files.js';
import { consumersPath } from '../consumers/consumers-files.js';
import { chosenLabPath } from '../state/chosen-lab.js';
import { wiresPath, wiresStatusPath } from '../network/wires-file.js';
import { roundTripsPath } from '../messages/round-trips.js';

export const WATCH_INTERVAL_MS = 250;

export interface LabFileHandlers {
  traffic: () => void;
  consumers: () => void;
  progress: () => void;
  ledger: () => Promise<void> | void;
  config: () => Promise<void> | void;
  /** The lab another face picked for a dir not set up yet. */
  chosen: () => Promise<void> | void;
  /** run/links.json (what is wanted of the wire) or run/links-status.json (what the relay did). */
  wire: () => void;
  roundTrips: () => void;
}

/** Calls each handler when its file changes (written, replaced, removed); returns the stop. */
export function watchLabFiles(labDir: string, handlers: LabFileHandlers): () => void {
  const watched: Array<[string, (curr: fs.Stats, prev: fs.Stats) => void]> = [];
  const watch = (file: string, handler: () => Promise<void> | void) => {
    const listener = (curr: fs.Stats, prev: fs.Stats) => {
      if (curr.mtimeMs === prev.mtimeMs && curr.ino === prev.ino && curr.size === prev.size) return;
      void Promise.resolve()
        .then(handler)
        .catch(() => undefined);
    };
    fs.watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, listener);
    watched.push([file, listener]);
  };
  watch(trafficPath(labDir), handlers.traffic);
  watch(consumersPath(labDir), handlers.consumers);
  watch(progressPath(labDir), handlers.progress);
  watch(ledgerPath(labDir), handlers.ledger);
  watch(labJsonPath(labDir), handlers.config);
  watch(chosenLabPath(labDir), handlers.chosen);
  watch(wiresPath(labDir), handlers.wire);
  watch(wiresStatusPath(labDir), handlers.wire);
  watch(roundTripsPath(labDir), handlers.roundTrips);
  return () => {
    for (const [file, listener] of watched.splice(0)) fs.unwatchFile(file, listener);
  };
}
