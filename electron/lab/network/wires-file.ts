// The wire's files in <lab>/run/: links.json (the wires and what the lab wants of them, written
// by any face), links-status.json (what the relay process did, written only by it), links.stop
// (any face asks the process to end) and links.out (its output).
//
// Two files, not one: the process reports four times a second, and a face's cut written between
// its read and its write would be lost. Each file has one kind of writer; changes to links.json
// are merged under a short lock, so two faces cutting and healing at once both count.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckTargetDesire, WireDesire, WireSpec, WiresFile, WiresStatusFile } from '../../../shared/wire-state.js';
import { WIRE_MAX_LATENCY_MS } from '../../../shared/wire-state.js';
import { LabError } from '../lab-error.js';
import { runDir } from '../processes/pid-files.js';
import { isAlive } from '../processes/process-utils.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { withLock } from '../state/file-lock.js';
import { EARLIER_WIRE_KEYS, parseLabFile } from '../state/earlier-shapes.js';

export const wiresPath = (labDir: string) => path.join(runDir(labDir), 'links.json');
export const wiresStatusPath = (labDir: string) => path.join(runDir(labDir), 'links-status.json');
export const wiresStopPath = (labDir: string) => path.join(runDir(labDir), 'links.stop');
export const wiresOutputPath = (labDir: string) => path.join(runDir(labDir), 'links.out');
const wiresLockPath = (labDir: string) => path.join(runDir(labDir), 'links.lock');

// An example, not any lab's: broker ids are the lab's own (`status` lists them), the target a cluster port.
const WIRE_FORMAT = '{"wires":[{"from":"<broker id>","to":"<broker id>","listenPort":0,"targetPort":<its cluster port>}]}';

function isPort(value: unknown, allowZero: boolean): value is number {
  return Number.isInteger(value) && (value as number) >= (allowZero ? 0 : 1) && (value as number) <= 65535;
}

/** One clear line on what is wrong with a wires file, naming the wire. */
function checkedWires(raw: unknown, file: string): WireDesire[] {
  const bad = (what: string) => new LabError('BAD_REQUEST', `${file}: ${what}.`, `Each wire is {"from","to","listenPort","targetPort"}, e.g. ${WIRE_FORMAT}.`);
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { wires?: unknown }).wires)) throw bad('no "wires" list');
  const seen = new Set<string>();
  const listening = new Set<number>();
  return ((raw as { wires: unknown[] }).wires).map((l, i) => {
    const wire = (l ?? {}) as Partial<WireDesire>;
    const name = typeof wire.from === 'string' && typeof wire.to === 'string' ? `${wire.from} -> ${wire.to}` : `wire ${i + 1}`;
    if (typeof wire.from !== 'string' || !wire.from || typeof wire.to !== 'string' || !wire.to) throw bad(`${name} needs "from" and "to" broker ids`);
    if (wire.from === wire.to) throw bad(`${name} wires a broker to itself`);
    if (!isPort(wire.listenPort, true) || !isPort(wire.targetPort, false)) throw bad(`${name} needs a "listenPort" (0-65535) and a "targetPort" (1-65535)`);
    if (seen.has(name)) throw bad(`${name} is listed twice`);
    seen.add(name);
    if (wire.listenPort !== 0 && listening.has(wire.listenPort)) throw bad(`${name} listens on ${wire.listenPort}, as another wire does`);
    listening.add(wire.listenPort);
    const latencyMs = wire.latencyMs ?? 0;
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > WIRE_MAX_LATENCY_MS) throw bad(`${name} has a latency of ${String(latencyMs)} ms (0 to ${WIRE_MAX_LATENCY_MS})`);
    return { from: wire.from, to: wire.to, listenPort: wire.listenPort, targetPort: wire.targetPort, cut: wire.cut === true, latencyMs };
  });
}

/** The wires as declared, or null when none are; a file written by hand is checked, line by line. */
export function readWires(labDir: string): WiresFile | null {
  const file = wiresPath(labDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = parseLabFile(text, EARLIER_WIRE_KEYS);
  } catch (error) {
    throw new LabError('BAD_REQUEST', `${file} is not JSON (${(error as Error).message}).`, `Fix it or write it again, e.g. ${WIRE_FORMAT}.`);
  }
  const wires = checkedWires(raw, file);
  const r = raw as Partial<WiresFile>;
  return { revision: Number.isInteger(r.revision) ? (r.revision as number) : 0, updatedAt: typeof r.updatedAt === 'string' ? r.updatedAt : '', wires, checkTarget: checkedTarget(r.checkTarget, file) };
}

function checkedTarget(raw: unknown, file: string): CheckTargetDesire | null {
  if (raw === undefined || raw === null) return null;
  const t = raw as Partial<CheckTargetDesire>;
  if (!isPort(t.port, true) || !Array.isArray(t.unreachable) || !t.unreachable.every((id) => typeof id === 'string')) {
    throw new LabError('BAD_REQUEST', `${file}: "checkTarget" needs a "port" (0-65535) and an "unreachable" list of broker ids.`, 'For example "checkTarget":{"port":62600,"unreachable":[]}.');
  }
  return { port: t.port, unreachable: [...new Set(t.unreachable)] };
}

async function changeWiresFile(labDir: string, action: string, change: (current: WiresFile | null) => Pick<WiresFile, 'wires' | 'checkTarget'>): Promise<WiresFile> {
  return withLock(wiresLockPath(labDir), { face: 'the wire', action }, { waitMs: 5000 }, async () => {
    const current = readWires(labDir);
    const next: WiresFile = { revision: (current?.revision ?? 0) + 1, updatedAt: new Date().toISOString(), ...change(current) };
    checkedWires(next, wiresPath(labDir));
    checkedTarget(next.checkTarget, wiresPath(labDir));
    writeJsonAtomic(wiresPath(labDir), next, 2);
    return next;
  });
}

/**
 * The lab declares its wires (from the topology, when it starts the brokers); a wire that stays
 * keeps what was wanted of it (cut, latency), a new one starts healed; so does the check target
 * (who is cut off stays cut off).
 */
export async function declareWires(labDir: string, specs: readonly WireSpec[], checkTargetPort: number | null = null): Promise<WiresFile> {
  const same = (f: WiresFile | null) =>
    !!f &&
    f.wires.length === specs.length &&
    specs.every((s) => f.wires.some((l) => l.from === s.from && l.to === s.to && l.listenPort === s.listenPort && l.targetPort === s.targetPort)) &&
    (f.checkTarget?.port ?? null) === checkTargetPort;
  // Every broker start declares the wires: unchanged, nothing is written (the relay has nothing to apply).
  const now = readWires(labDir);
  if (now && same(now)) return now;
  return changeWiresFile(labDir, 'declare the wires', (current) => ({
    wires: specs.map((s) => {
      const kept = current?.wires.find((l) => l.from === s.from && l.to === s.to);
      return { ...s, cut: kept?.cut ?? false, latencyMs: kept?.latencyMs ?? 0 };
    }),
    checkTarget: checkTargetPort === null ? null : { port: checkTargetPort, unreachable: current?.checkTarget?.unreachable ?? [] },
  }));
}

/** Marks brokers as cut off from their network (their check target answers 503), or back on it. */
export function wishReachable(labDir: string, action: string, brokers: readonly string[], reachable: boolean): Promise<WiresFile> {
  return changeWiresFile(labDir, action, (current) => {
    if (!current?.checkTarget) throw noWires(labDir);
    const now = new Set(current.checkTarget.unreachable);
    for (const id of brokers) {
      if (reachable) now.delete(id);
      else now.add(id);
    }
    return { wires: current.wires, checkTarget: { ...current.checkTarget, unreachable: [...now] } };
  });
}

/** Changes what is wanted of the chosen wires (by index in the current file). */
export function wishWires(labDir: string, action: string, chosen: (wires: readonly WireDesire[]) => number[], wish: Partial<Pick<WireDesire, 'cut' | 'latencyMs'>>): Promise<WiresFile> {
  return changeWiresFile(labDir, action, (current) => {
    if (!current) throw noWires(labDir);
    const picked = new Set(chosen(current.wires));
    return { wires: current.wires.map((l, i) => (picked.has(i) ? { ...l, ...wish } : l)), checkTarget: current.checkTarget ?? null };
  });
}

export function noWires(labDir: string): LabError {
  return new LabError(
    'NOT_RUNNING',
    `This lab has no wires between brokers (${wiresPath(labDir)} is absent).`,
    `Labs with a wire (\`amq-ha-lab labs\`, e.g. split-brain) declare them when \`up\` starts the brokers; to try the relay by hand, write ${WIRE_FORMAT} there and run \`amq-ha-lab wire start\`.`,
  );
}

export function writeWiresStatus(labDir: string, status: WiresStatusFile): void {
  writeJsonAtomic(wiresStatusPath(labDir), status, 2);
}

/**
 * What the relay process last reported; a process that died without stopping (kill -9, a reboot)
 * is reported stopped with why, its wires closed, so no face waits on it.
 */
export function readWiresStatus(labDir: string): WiresStatusFile | null {
  let parsed: WiresStatusFile;
  try {
    parsed = parseLabFile(fs.readFileSync(wiresStatusPath(labDir), 'utf8'), EARLIER_WIRE_KEYS) as WiresStatusFile;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed.pid !== 'number' || !Array.isArray(parsed.wires)) return null;
  if (parsed.state === 'running' && !isAlive(parsed.pid)) {
    return {
      ...parsed,
      state: 'stopped',
      wires: parsed.wires.map((l) => ({ ...l, state: 'closed', connections: 0 })),
      lastError: `The relay process (pid ${parsed.pid}) ended without stopping; nothing relays since ${parsed.updatedAt}.`,
    };
  }
  return parsed;
}

export function requestWiresStop(labDir: string): void {
  fs.mkdirSync(runDir(labDir), { recursive: true });
  fs.writeFileSync(wiresStopPath(labDir), new Date().toISOString());
}

export function wiresStopRequested(labDir: string): boolean {
  return fs.existsSync(wiresStopPath(labDir));
}

export function clearWiresStop(labDir: string): void {
  fs.rmSync(wiresStopPath(labDir), { force: true });
}
