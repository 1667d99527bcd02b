// The wire between brokers, as the lab drives it: its relay up before any broker starts, cuts,
// heals and delays an attendee asks for, and `wire start/stop/status` by hand. Each change is
// told to the store and said in the timeline.
import type { RequestResult } from '../../../shared/contract.js';
import { toErrorInfo } from '../../../shared/error-info.js';
import { clusterPortOf, type BrokerName } from '../../../shared/lab-state.js';
import { checkTargetPort, hasWire, wireSpecs } from '../../../shared/labs/wire.js';
import type { WireSpec, WireSnapshot } from '../../../shared/wire-state.js';
import { labPortOffset } from '../instances/lab-layout.js';
import { wiresReport } from '../network/wire-report.js';
import { selectWires } from '../network/wire-selection.js';
import { noWires, readWires, readWiresStatus } from '../network/wires-file.js';
import { startRelays, stopRelays } from '../network/relay-process.js';
import { changeWire as changeWires, currentWire, ensureWire as ensureRelay, type WireChange } from '../network/wire-control.js';
import { describeWireChange } from '../network/wire-words.js';
import { brokerConfig } from '../processes/supervisor.js';
import { labEvent, requireConfig, type OpsLab } from './ops-lab.js';

/** Tells the store the wire as its files say now. */
export function observeWire(lab: OpsLab): WireSnapshot | null {
  const wire = currentWire(lab.labDir);
  lab.store.observe({ kind: 'wire', wire });
  return wire;
}

/**
 * A lab with a wire runs its relay before any broker starts (a broker wired through a relay
 * that is not there finds no peer); an attendee's cuts and delays stay as they were.
 */
export async function ensureWire(lab: OpsLab): Promise<void> {
  const wire = wirePlan(lab);
  if (!wire) return;
  const { adopted, status } = await ensureRelay(lab.labDir, wire.specs, wire.checkTargetPort);
  if (!adopted) labEvent(lab, lab.definition.topology.wires![0]!.between[0], `The wire's relay started (pid ${status.pid}): brokers reach each other through it.`);
  observeWire(lab);
}

/** The set-up lab's wires and check target port, from its topology and lab.json's ports; null without a wire. */
export function wirePlan(lab: OpsLab): { specs: WireSpec[]; checkTargetPort: number } | null {
  const topology = lab.definition.topology;
  if (!hasWire(topology)) return null;
  const config = requireConfig(lab);
  return { specs: wireSpecs(topology, (id) => clusterPortOf(brokerConfig(config, id))), checkTargetPort: checkTargetPort(labPortOffset(config, topology.brokers)) };
}

/**
 * Cuts, heals or slows the wire between two brokers (none named: every wire), or cuts brokers
 * off their network (their pinger's target fails). Said in the timeline, as the attendee did it.
 */
export async function changeWire(lab: OpsLab, ends: string[], change: WireChange): Promise<WireSnapshot | null> {
  const words = describeWireChange(ends, change);
  return lab.exclusive(`wire: ${words}`, async () => {
    const config = lab.store.config();
    const brokers = config ? Object.keys(config.brokers) : undefined;
    // Timed from the moment it was asked: the brokers may react before the relay confirms.
    const asked = new Date();
    await changeWires(lab.labDir, words, ends, change, brokers);
    const wire = observeWire(lab);
    const at = ends[0] ?? wire?.wires[0]?.a ?? lab.definition.topology.brokers[0]!.id;
    labEvent(lab, at, `Wire: ${words}.`, asked);
    return wire;
  });
}

/** `wire status`: each wire wanted and relayed (those between `ends` when named), and why there is none. */
export function wireReport(lab: OpsLab, ends: string[]): RequestResult<'wire.report'> {
  const file = readWires(lab.labDir);
  const report = wiresReport(file, readWiresStatus(lab.labDir));
  if (file && ends.length > 0) {
    const config = lab.store.config();
    const key = (l: { from: string; to: string }) => `${l.from}>${l.to}`;
    const chosen = new Set(selectWires(file.wires, ends, config ? Object.keys(config.brokers) : undefined).map((i) => key(file.wires[i]!)));
    report.wires = report.wires.filter((l) => chosen.has(key(l)));
  }
  return { report, noWires: report.wires.length === 0 ? toErrorInfo(noWires(lab.labDir)) : null };
}

/** `wire start`: the relay process for the wires declared, by hand (adopted when it runs). */
export function startWireByHand(lab: OpsLab): Promise<RequestResult<'wire.start'>> {
  return lab.exclusive('start the wire', async () => {
    const { status, adopted } = await startRelays(lab.labDir);
    observeWire(lab);
    if (!adopted) labEvent(lab, wireEnd(lab), `Wire: the relay started by hand (pid ${status.pid}).`);
    return { pid: status.pid, adopted };
  });
}

/** `wire stop`: the relay process ended, every wire dropped. */
export function stopWireByHand(lab: OpsLab): Promise<RequestResult<'wire.stop'>> {
  return lab.exclusive('stop the wire', async () => {
    const last = await stopRelays(lab.labDir);
    observeWire(lab);
    if (last) labEvent(lab, wireEnd(lab), `Wire: the relay (pid ${last.pid}) stopped by hand; every wire dropped.`);
    return last ? { pid: last.pid } : null;
  });
}

/** The broker the timeline files a wire event under: an end of the first wire. */
function wireEnd(lab: OpsLab): BrokerName {
  return lab.definition.topology.wires?.[0]?.between[0] ?? currentWire(lab.labDir)?.wires[0]?.a ?? lab.definition.topology.brokers[0]!.id;
}
