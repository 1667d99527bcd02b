// The serve-mode WebSocket speaks ClientMessage / ServerMessage from shared/contract.ts.
import type { LabService, ServerMessage } from '../../shared/contract.js';

/** Answers one raw client frame; null when the frame is not even a request (dropped). */
export async function handleClientMessage(lab: LabService, raw: string): Promise<ServerMessage | null> {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!message || typeof message !== 'object') return null;
  const m = message as { type?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (m.type !== 'request' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return null;
  return { type: 'response', id: m.id, response: await lab.answer(m.method, m.params) };
}
