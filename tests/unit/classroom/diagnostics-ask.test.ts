// Asks for diagnostics without a hub: the messages' schemas, the two state machines (the
// instructor's per row, the attendee's per ask), and the zip the classroom sends being the lab's
// own with the private folders hidden.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip } from '../../zip-text.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ASK_MAX_BYTES, DIAGNOSTICS_MAX_BYTES, judgeAnswer, judgeAsk, type AskState } from '../../../shared/classroom-ask.js';
import { nextAskState, readAsks, recordAsk, zipFileName } from '../../../electron/classroom/asks.js';
import { applyAskEvent, answerAsk, nextPendingAsk, readSavedAsk, type SavedAsk } from '../../../electron/classroom/attendee-ask.js';
import { findRow } from '../../../electron/classroom/ask-diagnostics.js';
import { maskPaths, privatePathsOf } from '../../../electron/lab/diagnostics/mask-secrets.js';
import { writeDiagnostics } from '../../../electron/lab/diagnostics/diagnostics.js';
import type { LabSnapshot } from '../../../shared/lab-state.js';
import type { ClassroomView } from '../../../shared/classroom-rows.js';

const ASK = 'a'.repeat(32);
const KEY = 'f'.repeat(32);
const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'diag-ask-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});


describe('the ask and answer messages', () => {
  it('takes a well-formed ask and drops a malformed, oversized or later one', () => {
    const ask = { v: 1, ask: ASK, at: '2026-12-02T10:00:00Z', from: 'Class' };
    expect(judgeAsk(JSON.stringify(ask))).toEqual({ ok: true, value: ask });
    expect(judgeAsk('{"v":1')).toEqual({ ok: false, why: 'malformed' });
    expect(judgeAsk(JSON.stringify({ ...ask, extra: 1 }))).toEqual({ ok: false, why: 'malformed' });
    expect(judgeAsk(JSON.stringify({ ...ask, from: 'x'.repeat(ASK_MAX_BYTES) }))).toEqual({ ok: false, why: 'oversized' });
    expect(judgeAsk(JSON.stringify({ ...ask, v: 2 }))).toEqual({ ok: false, why: 'future-version' });
    expect(judgeAsk(Buffer.from(JSON.stringify(ask)))).toEqual({ ok: false, why: 'malformed' });
  });

  it('bounds a decline at 8 KB and a zip at its own limit', () => {
    const props = { v: 1, row: KEY, ask: ASK, answer: 'declined' };
    expect(judgeAnswer(props, 10).ok).toBe(true);
    expect(judgeAnswer(props, ASK_MAX_BYTES + 1)).toEqual({ ok: false, why: 'oversized' });
    expect(judgeAnswer({ ...props, answer: 'sent' }, DIAGNOSTICS_MAX_BYTES).ok).toBe(true);
    expect(judgeAnswer({ ...props, answer: 'sent' }, DIAGNOSTICS_MAX_BYTES + 1)).toEqual({ ok: false, why: 'oversized' });
    expect(judgeAnswer({ ...props, answer: 'maybe' }, 1)).toEqual({ ok: false, why: 'malformed' });
    expect(judgeAnswer({ ...props, v: 3 }, 1)).toEqual({ ok: false, why: 'future-version' });
    expect(judgeAnswer(null, 1)).toEqual({ ok: false, why: 'malformed' });
  });
});

describe("the instructor's ask, per row", () => {
  const at = '2026-12-02T10:00:00Z';
  it('goes asked -> declined or arrived, counting only an answer to the open ask, once', () => {
    const asked = nextAskState(null, { kind: 'asked', ask: ASK, at }).state!;
    expect(asked).toEqual({ ask: ASK, askedAt: at, state: 'asked', answeredAt: null, file: null } satisfies AskState);
    expect(nextAskState(asked, { kind: 'answered', ask: 'b'.repeat(32), answer: 'sent', at, file: '/x.zip' }).counted).toBe(false);
    expect(nextAskState(null, { kind: 'answered', ask: ASK, answer: 'sent', at }).counted).toBe(false);
    const arrived = nextAskState(asked, { kind: 'answered', ask: ASK, answer: 'sent', at, file: '/x.zip' });
    expect(arrived).toMatchObject({ counted: true, state: { state: 'arrived', file: '/x.zip' } });
    expect(nextAskState(arrived.state, { kind: 'answered', ask: ASK, answer: 'sent', at, file: '/y.zip' }).counted).toBe(false);
    expect(nextAskState(asked, { kind: 'answered', ask: ASK, answer: 'declined', at }).state).toMatchObject({ state: 'declined', file: null });
    // Asking again opens a new ask whatever came before.
    expect(nextAskState(arrived.state, { kind: 'asked', ask: 'c'.repeat(32), at }).state).toMatchObject({ state: 'asked', file: null });
  });

  it('keeps the asks in the hub dir, and names a zip safely', () => {
    const hubDir = tempDir();
    expect(recordAsk(hubDir, 'row1', { kind: 'answered', ask: ASK, answer: 'sent', at })).toBe(false);
    expect(readAsks(hubDir)).toEqual({});
    expect(recordAsk(hubDir, 'row1', { kind: 'asked', ask: ASK, at })).toBe(true);
    expect(recordAsk(hubDir, 'row1', { kind: 'answered', ask: ASK, answer: 'declined', at })).toBe(true);
    expect(readAsks(hubDir).row1?.state).toBe('declined');
    expect(zipFileName('../Bo Smith/é', 'ab12cd34', at)).toBe('Bo_Smith-ab12cd34-2026-12-02T10-00-00Z.zip');
  });

  it('finds a row by id or by a name only one has; anything else is one line', () => {
    const row = (id: string, name: string) => ({ id, event: { name } }) as ClassroomView['rows'][number];
    const view = { rows: [row('aaaa1111', 'Ada'), row('bbbb2222', 'Bo'), row('cccc3333', 'Bo')] } as ClassroomView;
    expect(findRow(view, 'ada').id).toBe('aaaa1111');
    expect(findRow(view, 'CCCC3333').id).toBe('cccc3333');
    expect(() => findRow(view, 'Bo')).toThrow('2 attendees are called Bo: ask by row (bbbb2222, cccc3333).');
    expect(() => findRow(view, 'Zed')).toThrow('No attendee "Zed" in the class (Ada [aaaa1111], Bo [bbbb2222], Bo [cccc3333]).');
    expect(() => findRow({ rows: [] } as unknown as ClassroomView, 'Zed')).toThrow('(nobody has joined)');
  });
});

describe("the attendee's ask", () => {
  const message = { v: 1 as const, ask: ASK, at: '2026-12-02T10:00:00Z', from: 'Class' };
  it('goes pending -> declined (told once) or sending -> sent / failed; an answer applies once', () => {
    const pending = nextPendingAsk(null, KEY, { kind: 'received', message })!;
    expect(pending).toMatchObject({ state: 'pending', answer: null, told: false });
    expect(nextPendingAsk(pending, KEY, { kind: 'received', message })).toBeNull();
    expect(nextPendingAsk(pending, KEY, { kind: 'sending' })).toBeNull();
    const declined = nextPendingAsk(pending, KEY, { kind: 'answered', accept: false })!;
    expect(declined).toMatchObject({ state: 'declined', answer: 'decline' });
    // Once declined, nothing moves it towards sending.
    expect(nextPendingAsk(declined, KEY, { kind: 'answered', accept: true })).toBeNull();
    expect(nextPendingAsk(declined, KEY, { kind: 'sending' })).toBeNull();
    expect(nextPendingAsk(declined, KEY, { kind: 'told' })).toMatchObject({ told: true });
    const yes = nextPendingAsk(pending, KEY, { kind: 'answered', accept: true })!;
    const sending = nextPendingAsk(yes, KEY, { kind: 'sending' })!;
    expect(nextPendingAsk(sending, KEY, { kind: 'sent', note: 'ok' })).toMatchObject({ state: 'sent', told: true });
    expect(nextPendingAsk(sending, KEY, { kind: 'failed', reason: 'full' })).toMatchObject({ state: 'failed', reason: 'full' });
    // A new ask starts over.
    expect(nextPendingAsk(declined, KEY, { kind: 'received', message: { ...message, ask: 'd'.repeat(32) } })).toMatchObject({ state: 'pending', answer: null });
  });

  it('declining returns at once and never asks for the diagnostics; no ask is one clear line', async () => {
    const dir = tempDir();
    await expect(answerAsk(false, KEY, async () => undefined, dir)).rejects.toThrow('The instructor has not asked for your diagnostics.');
    applyAskEvent(KEY, { kind: 'received', message }, dir);
    const answered = await answerAsk(false, KEY, async () => undefined, dir);
    expect(answered.state).toBe('declined');
    expect((readSavedAsk(dir, KEY) as SavedAsk).answer).toBe('decline');
    await expect(answerAsk(true, KEY, async () => undefined, dir)).rejects.toThrow('You already answered this ask (declined).');
    // Another row's ask (an old membership) is not this one's.
    expect(readSavedAsk(dir, 'e'.repeat(32))).toBeNull();
  });
});

describe('the zip the classroom sends', () => {
  it('is the lab diagnostics zip with the home, lab and installs folders replaced, JSON-escaped ones too', async () => {
    const home = tempDir();
    const labDir = path.join(home, 'labs', 'my lab');
    const installsDir = path.join(home, 'installs');
    fs.mkdirSync(labDir, { recursive: true });
    const snapshot = { labDir, installsDir, note: `see ${home}/notes and C:\\Users\\bo\\lab` } as unknown as LabSnapshot;
    const privatePaths = [...privatePathsOf(labDir, installsDir, home), { path: 'C:\\Users\\bo', as: '~' }];
    const out = path.join(tempDir(), 'd.zip');
    await writeDiagnostics({ labDir, config: null, snapshot, doctor: [], appVersion: '1.0.0', out, privatePaths });
    const files = await readZip(out);
    const all = [...files.values()].join('\n');
    expect(all).not.toContain(home);
    expect(all).not.toContain('Users\\\\bo');
    expect(files.get('snapshot.json')).toContain('"labDir": "<lab>"');
    expect(files.get('snapshot.json')).toContain('"installsDir": "<installs>"');
    expect(files.get('snapshot.json')).toContain('~/notes');
    expect(files.get('README.txt')).toContain('Folders replaced: <lab>, <installs>, ~');
    expect(maskPaths(`${labDir}/x ${home}/y`, privatePathsOf(labDir, installsDir, home))).toBe('<lab>/x ~/y');
  });
});
