// The classroom's part of the contract: its own requests, kept in this file so contract.ts takes
// them with one spread and the dispatch with one route (electron/classroom/classroom-service.ts).
import { z } from 'zod';
import type { AskState, PendingAsk } from './classroom-ask.js';
import type { ClassroomView } from './classroom-rows.js';

const empty = z.object({}).strict();

export const classroomRequestSchemas = {
  /** The instructor's view of the hub this machine hosts; null when it hosts none. */
  'classroom.view': empty,
  /** This user's membership, as a face may show it (no code, no key); null when not in a classroom. */
  'classroom.membership': empty,
  'classroom.join': z
    .object({
      hub: z.string().min(3).max(300),
      code: z.string().min(1).max(40),
      pin: z.string().regex(/^[0-9a-fA-F]{16,64}$/).optional(),
      name: z.string().min(1).max(64).optional(),
    })
    .strict(),
  'classroom.leave': empty,
  'classroom.hand': z.object({ raised: z.boolean() }).strict(),
  /** The instructor asks one attendee (row id, or a name only one has) for their masked diagnostics zip. */
  'classroom.askDiagnostics': z.object({ row: z.string().min(1).max(64) }).strict(),
  /** The attendee answers the instructor's ask: `accept` sends the masked zip; declining sends nothing of theirs. */
  'classroom.answerAsk': z.object({ accept: z.boolean() }).strict(),
} as const;

/** The classroom's requests, answered beside a lab rather than by it. */
export type ClassroomMethod = keyof typeof classroomRequestSchemas;

export interface MembershipView {
  host: string;
  port: number;
  name: string;
  hand: boolean;
  /** connected / connecting / reconnecting: the pill; refused: the hub said no (code changed); not started: no agent runs. */
  state: 'connected' | 'connecting' | 'reconnecting' | 'refused' | 'closed' | 'not started';
  reason: string | null;
  lastAcceptedAt: string | null;
  /** The instructor's ask for diagnostics, waiting for an answer or answered; null: none. */
  ask: PendingAsk | null;
}

export interface ClassroomRequestResults {
  'classroom.view': ClassroomView | null;
  'classroom.membership': MembershipView | null;
  'classroom.join': MembershipView | null;
  'classroom.leave': null;
  'classroom.hand': MembershipView | null;
  'classroom.askDiagnostics': { row: string; name: string; ask: AskState };
  'classroom.answerAsk': MembershipView | null;
}
