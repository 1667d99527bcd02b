// What changed in a lab, as a feed of small facts: the store emits one whenever a snapshot it
// emits differs from the one before in a way an instructor follows (shared/derive/changes.ts).
// Plain JSON, each with its type, that type's version, when and which lab, so a feed can be sent
// over a broker and read by a later version: a change to a type's fields is a new `v`.
import type { LedgerCheck, BrokerName } from './lab-state.js';

interface ChangeBase {
  /** When the lab saw it (ISO time of the snapshot that first showed it). */
  at: string;
  /** The lab definition's id (shared/labs), e.g. "replicated-pair". */
  lab: string;
}

export type LabChange =
  /** Another lab now in this dir (chosen, or set up over the old one): every step starts again. */
  | (ChangeBase & { type: 'lab-chosen'; v: 1; from: string })
  /** A step began (the story runs it): the current step, and since when. */
  | (ChangeBase & { type: 'step-started'; v: 1; step: string })
  | (ChangeBase & { type: 'step-passed'; v: 1; step: string; ms: number | null; detail: string | null })
  | (ChangeBase & { type: 'step-failed'; v: 1; step: string; ms: number | null; detail: string | null })
  | (ChangeBase & { type: 'step-skipped'; v: 1; step: string })
  /** A step back to pending (the steps restarted). */
  | (ChangeBase & { type: 'step-reset'; v: 1; step: string })
  /** live: serving clients; backup: running and passive; stopped: not running (crashed: it died or was killed). */
  | (ChangeBase & { type: 'broker-became'; v: 1; broker: BrokerName; as: 'live' | 'backup' | 'stopped'; crashed: boolean })
  /** A live broker's stop -> another broker of its HA group live (group: the primary's id). */
  | (ChangeBase & { type: 'failover-timed'; v: 1; group: string; ms: number; from: BrokerName | null; to: BrokerName | null })
  /** The displaced primary restarted -> live again. */
  | (ChangeBase & { type: 'failback-timed'; v: 1; group: string; ms: number; broker: BrokerName | null })
  | (ChangeBase & { type: 'split-brain-raised'; v: 1; group: string; brokers: BrokerName[] })
  | (ChangeBase & { type: 'split-brain-cleared'; v: 1; group: string })
  | (ChangeBase & { type: 'ledger-check'; v: 1; check: LedgerCheck });

export type LabChangeType = LabChange['type'];
