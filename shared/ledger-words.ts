// The ledger in words, the same for every face.
import type { LedgerCheck } from './lab-state.js';

/** One line for a step detail or the CLI: "1000 sent, 1000 present, 0 lost, 0 duplicated". */
export function describeCheck(check: Pick<LedgerCheck, 'sent' | 'present' | 'lost' | 'duplicated'>): string {
  return `${check.sent} sent, ${check.present} present, ${check.lost} lost, ${check.duplicated} duplicated`;
}
