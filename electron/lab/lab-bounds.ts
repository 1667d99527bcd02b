// Bounds for the lab's waits. There are no fixed sleeps: every wait is for an event (a log code,
// a Jolokia attribute, a process exit), and gives up after one of these.
export const BOUNDS = {
  startLive: 120_000,
  backupSync: 120_000,
  queue: 30_000,
  failover: 60_000,
  failback: 180_000,
  verify: 30_000,
  /** A broker seen live until its acceptor takes connections. */
  acceptor: 10_000,
  /** Traffic told to stop until its account is final (drain: everything accepted has arrived). */
  trafficDrain: 120_000,
  /** Another face's action on the lab (a whole failback at worst) until this one may act. */
  labBusy: 240_000,
  /** A broker zip (about 60 MB) on a slow workshop network, until a setup waiting for it gives up. */
  download: 20 * 60_000,
};
