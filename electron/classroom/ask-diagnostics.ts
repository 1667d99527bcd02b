// The instructor asks one attendee for their diagnostics: the row found by name or id, one small
// ask sent to the queue named by that attendee's secret row key (the send creates it: only the
// instructor may), the ask recorded in the hub dir. The answer comes back through the view.
import crypto from 'node:crypto';
import { askAddress, askMessageSchema, ASK_VERSION, type AskState } from '../../shared/classroom-ask.js';
import type { ClassroomRow, ClassroomView } from '../../shared/classroom-rows.js';
import { LabError } from '../lab/lab-error.js';
import { readAsks, recordAsk } from './asks.js';
import { hubDirOf, INSTRUCTOR_USER, type HubConfig } from './hub-config.js';
import { openHubConnection } from './hub-connection.js';
import { instructorAddress } from './hub.js';

const SEND_BOUND_MS = 5000;

/** The one row `ref` names: its id, or a name only one attendee has. Anything else is one clear line. */
export function findRow(view: ClassroomView, ref: string): ClassroomRow {
  const byId = view.rows.find((r) => r.id === ref.toLowerCase());
  if (byId) return byId;
  const named = view.rows.filter((r) => r.event.name.toLowerCase() === ref.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new LabError('BAD_REQUEST', `${named.length} attendees are called ${ref}: ask by row (${named.map((r) => r.id).join(', ')}).`);
  const rows = view.rows.map((r) => `${r.event.name} [${r.id}]`).join(', ');
  throw new LabError('BAD_REQUEST', `No attendee "${ref}" in the class${rows ? ` (${rows})` : ' (nobody has joined)'}.`);
}

/** Sends the ask and records it; returns the row's ask as the instructor now sees it. */
export async function askDiagnostics(config: HubConfig, view: ClassroomView, keyOf: (rowId: string) => string | null, ref: string): Promise<{ row: ClassroomRow; ask: AskState }> {
  const row = findRow(view, ref);
  if (row.event.left) throw new LabError('BAD_REQUEST', `${row.event.name} [${row.id}] left the classroom: nobody is there to answer.`);
  const key = keyOf(row.id);
  if (!key) throw new LabError('BAD_REQUEST', `The view has not read ${row.event.name} [${row.id}] from the hub yet.`);
  const message = askMessageSchema.parse({ v: ASK_VERSION, ask: crypto.randomBytes(16).toString('hex'), at: new Date().toISOString(), from: config.title.slice(0, 120) });
  const connection = await openHubConnection(instructorAddress(config), INSTRUCTOR_USER, config.instructorPassword, 'ask');
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LabError('TIMEOUT', `The hub did not take the ask within ${SEND_BOUND_MS / 1000} s.`)), SEND_BOUND_MS);
      const sender = connection.open_sender({ target: { address: askAddress(key) } });
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new LabError('COMMAND_FAILED', `The hub refused the ask (${why}).`, 'A hub made before asks existed lacks them: `classroom stop`, then `classroom host` rewrites its broker.xml.'));
      };
      sender.once('sendable', () => sender.send({ durable: true, content_type: 'application/json', body: JSON.stringify(message) }));
      sender.once('accepted', () => {
        clearTimeout(timer);
        resolve();
      });
      sender.once('rejected', (ctx) => fail(String((ctx.delivery.remote_state as { error?: { condition?: string } } | undefined)?.error?.condition ?? 'rejected')));
      sender.once('sender_error', (ctx) => fail(String(ctx.sender.error ?? 'no reason')));
    });
  } finally {
    connection.close();
  }
  const hubDir = hubDirOf(config);
  recordAsk(hubDir, row.id, { kind: 'asked', ask: message.ask, at: message.at });
  return { row, ask: readAsks(hubDir)[row.id]! };
}
