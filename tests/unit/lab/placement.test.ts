// Where a split pair left each message: one row per run of sequence numbers sent to the same
// broker and found on the same brokers, in the words an attendee reads after the heal.
import { describe, expect, it } from 'vitest';
import { placeMessages, placementCounts } from '../../../electron/lab/messages/placement.js';

const batches = [
  { at: '', broker: 'primary', firstSeq: 1, count: 10 },
  { at: '', broker: 'primary', firstSeq: 11, count: 5 },
  { at: '', broker: 'backup', firstSeq: 16, count: 5 },
];
const range = (a: number, b: number) => new Set(Array.from({ length: b - a + 1 }, (_, i) => a + i));

describe('placeMessages', () => {
  it('tells both sides, each side alone, and nowhere apart', () => {
    const primary = range(1, 15);
    const backup = new Set([...range(1, 10), ...range(16, 19)]);
    const p = placeMessages('r1', batches, [
      { broker: 'primary', seqs: primary },
      { broker: 'backup', seqs: backup },
    ]);
    expect(p.rows).toEqual([
      { firstSeq: 1, lastSeq: 10, sentTo: 'primary', on: ['primary', 'backup'] },
      { firstSeq: 11, lastSeq: 15, sentTo: 'primary', on: ['primary'] },
      { firstSeq: 16, lastSeq: 19, sentTo: 'backup', on: ['backup'] },
      { firstSeq: 20, lastSeq: 20, sentTo: 'backup', on: [] },
    ]);
    expect(placementCounts(p)).toEqual({ everywhere: 10, stranded: { primary: 5, backup: 4 }, nowhere: 1 });
  });
});
