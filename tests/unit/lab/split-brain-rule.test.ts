// The split-brain alarm: two live brokers in one group become news only once they have stayed so
// for a few seconds (a failback's overlap of two Jolokia polls is not a split brain), and its
// end is news too. The memory is plain data the store keeps; each step is pure.
import { describe, expect, it } from 'vitest';
import { advanceSplitBrain, SPLIT_BRAIN_CONFIRM_MS, splitBrainText, type GroupLiveness, type SplitBrainMemory } from '../../../shared/derive/split-brain.js';

describe('advanceSplitBrain', () => {
  it('says nothing for a moment of overlap, then raises the alarm once, then says when it ends', () => {
    let memory: Record<string, SplitBrainMemory> = {};
    const observe = (groups: GroupLiveness[], now: number) => {
      const next = advanceSplitBrain(memory, groups, now);
      memory = next.memory;
      return next.news;
    };
    const both = [{ group: 'primary', live: ['primary', 'backup'] }];
    expect(observe(both, 0)).toEqual([]);
    expect(observe([{ group: 'primary', live: ['backup'] }], 1000)).toEqual([]);
    expect(observe(both, 2000)).toEqual([]);
    expect(observe(both, 2000 + SPLIT_BRAIN_CONFIRM_MS - 1)).toEqual([]);
    const alarm = observe(both, 2000 + SPLIT_BRAIN_CONFIRM_MS);
    expect(alarm).toEqual([{ group: 'primary', started: true, live: ['primary', 'backup'] }]);
    expect(observe(both, 60_000)).toEqual([]);
    const over = observe([{ group: 'primary', live: ['primary'] }], 61_000);
    expect(over).toEqual([{ group: 'primary', started: false, live: ['primary'] }]);
    const label = (id: string) => (id === 'primary' ? 'Primary' : 'Backup');
    expect(splitBrainText(alarm[0]!, label)).toMatch(/^Split brain: Primary and Backup are both live\./);
    expect(splitBrainText(over[0]!, label)).toBe('Split brain over: only Primary is live now.');
  });
});
