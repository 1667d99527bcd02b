// The wire's files in <lab>/run/: links.json (the links and what the lab wants of them, written
// by any face), links-status.json (what the relay process did, written only by it), links.stop
// (any face asks the process to end) and links.out (its output).
//
// Two files, not one: the process reports four times a second, and a face's cut written between
// its read and its write would be lost. Each file has one kind of writer; changes to links.json
// are merged under a short lock, so two faces cutting and healing at once both count.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckTargetDesire, LinkDesire, LinkSpec, LinksFile, LinksStatusFile } from '../../../shared/link-state.js';
import { LINK_MAX_LATENCY_MS } from '../../../shared/link-state.js';
import { LabError } from '../lab-error.js';
import { runDir } from '../processes/pid-files.js';
import { isAlive } from '../processes/process-utils.js';
import { writeJsonAtomic } from '../state/atomic-json.js';
import { withLock } from '../state/file-lock.js';

export const linksPath = (labDir: string) => path.join(runDir(labDir), 'links.json');
export const linksStatusPath = (labDir: string) => path.join(runDir(labDir), 'links-status.json');
export const linksStopPath = (labDir: string) => path.join(runDir(labDir), 'links.stop');
export const linksOutputPath = (labDir: string) => path.join(runDir(labDir), 'links.out');
const linksLockPath = (labDir: string) => path.join(runDir(labDir), 'links.lock');

const LINK_FORMAT = '{"links":[{"from":"master","to":"backup","listenPort":63616,"targetPort":61716}]}';

function isPort(value: unknown, allowZero: boolean): value is number {
  return Number.isInteger(value) && (value as number) >= (allowZero ? 0 : 1) && (value as number) <= 65535;
}

/** One clear line on what is wrong with a links file, naming the link. */
function checkedLinks(raw: unknown, file: string): LinkDesire[] {
  const bad = (what: string) => new LabError('BAD_REQUEST', `${file}: ${what}.`, `Each link is {"from","to","listenPort","targetPort"}, e.g. ${LINK_FORMAT}.`);
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { links?: unknown }).links)) throw bad('no "links" list');
  const seen = new Set<string>();
  const listening = new Set<number>();
  return ((raw as { links: unknown[] }).links).map((l, i) => {
    const link = (l ?? {}) as Partial<LinkDesire>;
    const name = typeof link.from === 'string' && typeof link.to === 'string' ? `${link.from} -> ${link.to}` : `link ${i + 1}`;
    if (typeof link.from !== 'string' || !link.from || typeof link.to !== 'string' || !link.to) throw bad(`${name} needs "from" and "to" broker ids`);
    if (link.from === link.to) throw bad(`${name} links a broker to itself`);
    if (!isPort(link.listenPort, true) || !isPort(link.targetPort, false)) throw bad(`${name} needs a "listenPort" (0-65535) and a "targetPort" (1-65535)`);
    if (seen.has(name)) throw bad(`${name} is listed twice`);
    seen.add(name);
    if (link.listenPort !== 0 && listening.has(link.listenPort)) throw bad(`${name} listens on ${link.listenPort}, as another link does`);
    listening.add(link.listenPort);
    const latencyMs = link.latencyMs ?? 0;
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > LINK_MAX_LATENCY_MS) throw bad(`${name} has a latency of ${String(latencyMs)} ms (0 to ${LINK_MAX_LATENCY_MS})`);
    return { from: link.from, to: link.to, listenPort: link.listenPort, targetPort: link.targetPort, cut: link.cut === true, latencyMs };
  });
}

/** The links as declared, or null when none are; a file written by hand is checked, line by line. */
export function readLinks(labDir: string): LinksFile | null {
  const file = linksPath(labDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LabError('BAD_REQUEST', `${file} is not JSON (${(error as Error).message}).`, `Fix it or write it again, e.g. ${LINK_FORMAT}.`);
  }
  const links = checkedLinks(raw, file);
  const r = raw as Partial<LinksFile>;
  return { revision: Number.isInteger(r.revision) ? (r.revision as number) : 0, updatedAt: typeof r.updatedAt === 'string' ? r.updatedAt : '', links, checkTarget: checkedTarget(r.checkTarget, file) };
}

function checkedTarget(raw: unknown, file: string): CheckTargetDesire | null {
  if (raw === undefined || raw === null) return null;
  const t = raw as Partial<CheckTargetDesire>;
  if (!isPort(t.port, true) || !Array.isArray(t.unreachable) || !t.unreachable.every((id) => typeof id === 'string')) {
    throw new LabError('BAD_REQUEST', `${file}: "checkTarget" needs a "port" (0-65535) and an "unreachable" list of broker ids.`, 'For example "checkTarget":{"port":62600,"unreachable":[]}.');
  }
  return { port: t.port, unreachable: [...new Set(t.unreachable)] };
}

async function changeLinksFile(labDir: string, action: string, change: (current: LinksFile | null) => Pick<LinksFile, 'links' | 'checkTarget'>): Promise<LinksFile> {
  return withLock(linksLockPath(labDir), { face: 'the wire', action }, { waitMs: 5000 }, async () => {
    const current = readLinks(labDir);
    const next: LinksFile = { revision: (current?.revision ?? 0) + 1, updatedAt: new Date().toISOString(), ...change(current) };
    checkedLinks(next, linksPath(labDir));
    checkedTarget(next.checkTarget, linksPath(labDir));
    writeJsonAtomic(linksPath(labDir), next, 2);
    return next;
  });
}

/**
 * The lab declares its links (from the topology, when it starts the brokers); a link that stays
 * keeps what was wanted of it (cut, latency), a new one starts healed; so does the check target
 * (who is cut off stays cut off).
 */
export async function declareLinks(labDir: string, specs: readonly LinkSpec[], checkTargetPort: number | null = null): Promise<LinksFile> {
  const same = (f: LinksFile | null) =>
    !!f &&
    f.links.length === specs.length &&
    specs.every((s) => f.links.some((l) => l.from === s.from && l.to === s.to && l.listenPort === s.listenPort && l.targetPort === s.targetPort)) &&
    (f.checkTarget?.port ?? null) === checkTargetPort;
  // Every broker start declares the links: unchanged, nothing is written (the relay has nothing to apply).
  const now = readLinks(labDir);
  if (now && same(now)) return now;
  return changeLinksFile(labDir, 'declare the links', (current) => ({
    links: specs.map((s) => {
      const kept = current?.links.find((l) => l.from === s.from && l.to === s.to);
      return { ...s, cut: kept?.cut ?? false, latencyMs: kept?.latencyMs ?? 0 };
    }),
    checkTarget: checkTargetPort === null ? null : { port: checkTargetPort, unreachable: current?.checkTarget?.unreachable ?? [] },
  }));
}

/** Marks brokers as cut off from their network (their check target answers 503), or back on it. */
export function wishReachable(labDir: string, action: string, brokers: readonly string[], reachable: boolean): Promise<LinksFile> {
  return changeLinksFile(labDir, action, (current) => {
    if (!current?.checkTarget) throw noLinks(labDir);
    const now = new Set(current.checkTarget.unreachable);
    for (const id of brokers) {
      if (reachable) now.delete(id);
      else now.add(id);
    }
    return { links: current.links, checkTarget: { ...current.checkTarget, unreachable: [...now] } };
  });
}

/** Changes what is wanted of the chosen links (by index in the current file). */
export function wishLinks(labDir: string, action: string, chosen: (links: readonly LinkDesire[]) => number[], wish: Partial<Pick<LinkDesire, 'cut' | 'latencyMs'>>): Promise<LinksFile> {
  return changeLinksFile(labDir, action, (current) => {
    if (!current) throw noLinks(labDir);
    const picked = new Set(chosen(current.links));
    return { links: current.links.map((l, i) => (picked.has(i) ? { ...l, ...wish } : l)), checkTarget: current.checkTarget ?? null };
  });
}

export function noLinks(labDir: string): LabError {
  return new LabError(
    'NOT_RUNNING',
    `This lab has no links between brokers (${linksPath(labDir)} is absent).`,
    `Labs with a wire (\`amq-ha-lab labs\`, e.g. split-brain) declare them when \`up\` starts the brokers; to try the relay by hand, write ${LINK_FORMAT} there and run \`amq-ha-lab link start\`.`,
  );
}

export function writeLinksStatus(labDir: string, status: LinksStatusFile): void {
  writeJsonAtomic(linksStatusPath(labDir), status, 2);
}

/**
 * What the relay process last reported; a process that died without stopping (kill -9, a reboot)
 * is reported stopped with why, its links closed, so no face waits on it.
 */
export function readLinksStatus(labDir: string): LinksStatusFile | null {
  let parsed: LinksStatusFile;
  try {
    parsed = JSON.parse(fs.readFileSync(linksStatusPath(labDir), 'utf8')) as LinksStatusFile;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed.pid !== 'number' || !Array.isArray(parsed.links)) return null;
  if (parsed.state === 'running' && !isAlive(parsed.pid)) {
    return {
      ...parsed,
      state: 'stopped',
      links: parsed.links.map((l) => ({ ...l, state: 'closed', connections: 0 })),
      lastError: `The relay process (pid ${parsed.pid}) ended without stopping; nothing relays since ${parsed.updatedAt}.`,
    };
  }
  return parsed;
}

export function requestLinksStop(labDir: string): void {
  fs.mkdirSync(runDir(labDir), { recursive: true });
  fs.writeFileSync(linksStopPath(labDir), new Date().toISOString());
}

export function linksStopRequested(labDir: string): boolean {
  return fs.existsSync(linksStopPath(labDir));
}

export function clearLinksStop(labDir: string): void {
  fs.rmSync(linksStopPath(labDir), { force: true });
}
