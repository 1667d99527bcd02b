// Inside the relay process: one WireRelay per declared wire, kept as run/links.json wants them.
// It reads the file ten times a second and applies a change at once (a face waits for it through
// appliedRevision), and reports four times a second to run/links-status.json.
import fs from 'node:fs';
import path from 'node:path';
import type { WireDesire, WiresFile, WiresStatusFile, WireStatus } from '../../../shared/wire-state.js';
import { LabError } from '../lab-error.js';
import { runDir } from '../processes/pid-files.js';
import { acquireLock, LockBusyError } from '../state/file-lock.js';
import { CheckTarget } from './check-target.js';
import { WireRelay } from './wire-relay.js';
import { clearWiresStop, wiresStopRequested, readWires, writeWiresStatus } from './wires-file.js';

const wireKey = (l: Pick<WireDesire, 'from' | 'to'>) => `${l.from} -> ${l.to}`;

interface Held {
  wire: WireDesire;
  relay: WireRelay;
}

/** Every wire's relay, brought to what the wires file wants. */
export class RelayRunner {
  private readonly held = new Map<string, Held>();
  private appliedText = '';
  private checkTarget: CheckTarget | null = null;
  appliedRevision = 0;

  /** Brings the relays to the file: new wires open (or cut), gone ones closed, each wish applied. */
  async apply(file: WiresFile): Promise<void> {
    const text = JSON.stringify([file.wires, file.checkTarget ?? null]);
    if (text === this.appliedText) {
      this.appliedRevision = file.revision;
      return;
    }
    const wanted = new Map(file.wires.map((l) => [wireKey(l), l]));
    const gone: Promise<void>[] = [];
    for (const [key, h] of this.held) {
      const w = wanted.get(key);
      if (!w || w.listenPort !== h.wire.listenPort || w.targetPort !== h.wire.targetPort) {
        this.held.delete(key);
        gone.push(h.relay.close());
      }
    }
    await Promise.all(gone);
    // Every wire at once: a partition of several wires happens in one instant, not wire by wire.
    // The check target first: a broker cut off must fail its next check no later than its wire drops.
    await this.applyCheckTarget(file);
    await Promise.all(file.wires.map((wire) => this.applyOne(wire)));
    this.appliedText = text;
    this.appliedRevision = file.revision;
  }

  private async applyCheckTarget(file: WiresFile): Promise<void> {
    if (!file.checkTarget) {
      await this.checkTarget?.close();
      this.checkTarget = null;
      return;
    }
    this.checkTarget ??= new CheckTarget();
    await this.checkTarget.apply(file.checkTarget);
  }

  private async applyOne(wire: WireDesire): Promise<void> {
    const key = wireKey(wire);
    let h = this.held.get(key);
    if (!h) {
      h = { wire, relay: new WireRelay({ listenPort: wire.listenPort, targetPort: wire.targetPort }) };
      this.held.set(key, h);
    }
    h.wire = wire;
    h.relay.setLatency(wire.latencyMs);
    if (wire.cut) await h.relay.cut();
    else await this.open(h);
  }

  /** A wire wanted open that could not listen (its port taken) is tried again now. */
  async retryFailed(file: WiresFile): Promise<void> {
    if (file.checkTarget && this.checkTarget?.status().state === 'failed') await this.checkTarget.apply(file.checkTarget);
    await Promise.all([...this.held.values()].filter((h) => !h.wire.cut && h.relay.status().state === 'failed').map((h) => this.open(h)));
  }

  private async open(h: Held): Promise<void> {
    try {
      await h.relay.heal();
    } catch (error) {
      // The relay's status says why; the process carries on with the other wires.
      if (!(error instanceof LabError)) throw error;
    }
  }

  status(): WireStatus[] {
    return [...this.held.values()].map((h) => ({ from: h.wire.from, to: h.wire.to, ...h.relay.status() }));
  }

  checkTargetStatus(): WiresStatusFile['checkTarget'] {
    return this.checkTarget?.status() ?? null;
  }

  /** Closes every wire; they stay listed, closed, for the process's last report. */
  async close(): Promise<void> {
    await Promise.all([...this.held.values()].map((h) => h.relay.close()));
    await this.checkTarget?.close();
  }
}

export interface RelayProcessOptions {
  pollMs?: number;
  reportMs?: number;
  /** Resolves to stop the process (a signal); the stop file and a removed wires file also stop it. */
  stopSignal?: Promise<void>;
}

/**
 * The relay process's life, for `amq-ha-lab wire run`: holds run/links.pid (one relay process per
 * lab), applies run/links.json until asked to stop, then closes every wire and reports "stopped".
 */
export async function runRelayProcess(labDir: string, options: RelayProcessOptions = {}): Promise<WiresStatusFile> {
  const pidLock = path.join(runDir(labDir), 'links.pid');
  let release: () => void;
  try {
    release = await acquireLock(pidLock, { face: 'the relay process', action: 'relay the wires' }, { waitMs: 0 });
  } catch (error) {
    if (error instanceof LockBusyError) throw new LabError('ALREADY_RUNNING', `The lab's relay process already runs (pid ${error.owner?.pid ?? '?'}).`, 'Use `amq-ha-lab wire status`; `amq-ha-lab wire stop` ends it.');
    throw error;
  }
  const runner = new RelayRunner();
  const startedAt = new Date().toISOString();
  let lastError: string | null = null;
  const report = (state: WiresStatusFile['state']): WiresStatusFile => {
    const status: WiresStatusFile = { pid: process.pid, state, startedAt, updatedAt: new Date().toISOString(), appliedRevision: runner.appliedRevision, wires: runner.status(), checkTarget: runner.checkTargetStatus(), lastError };
    // A lab moved aside (reset) is not brought back by a report written to where it was.
    if (fs.existsSync(runDir(labDir))) writeWiresStatus(labDir, status);
    return status;
  };
  try {
    // One tick at a time; the last one is awaited before the wires close, so none opens after.
    let ticking: Promise<void> = Promise.resolve();
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearInterval(beat);
        resolve();
      };
      const tick = async () => {
        if (done) return;
        if (wiresStopRequested(labDir)) return finish();
        let file: WiresFile | null;
        try {
          file = readWires(labDir);
        } catch (error) {
          // A bad hand edit: keep relaying as last applied, and say why nothing changed.
          lastError = error instanceof Error ? error.message : String(error);
          return;
        }
        // No wires declared any more (or the lab moved aside by reset): nothing left to relay.
        if (!file) return finish();
        const before = runner.appliedRevision;
        await runner.apply(file);
        await runner.retryFailed(file);
        lastError = null;
        if (runner.appliedRevision !== before) report('running');
      };
      let busy = false;
      const schedule = () => {
        if (busy) return;
        busy = true;
        ticking = tick()
          .catch((error: unknown) => {
            lastError = error instanceof Error ? error.message : String(error);
          })
          .finally(() => (busy = false));
      };
      const poll = setInterval(schedule, options.pollMs ?? 100);
      const beat = setInterval(() => report('running'), options.reportMs ?? 250);
      options.stopSignal?.then(finish, finish);
      schedule();
    });
    await ticking.catch(() => undefined);
    await runner.close();
    return report('stopped');
  } finally {
    clearWiresStop(labDir);
    release();
  }
}
