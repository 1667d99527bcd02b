import { describe, expect, it } from 'vitest';
import { formatTable, formatValue, summarizeSection, type SectionResult } from '../../../bench/report.js';
import { RssSampler, type RssReading } from '../../../bench/rss.js';
import { statusFieldBytes } from '../../../electron/lab/processes/process-utils.js';
import { parseArgs } from '../../../bench/run.js';
import { meetsGoal, median, summarize } from '../../../bench/stats.js';

describe('median and summary', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('leaves runs without a figure out of the median, and counts them', () => {
    expect(summarize([1200, null, 800, undefined, 1000])).toEqual({ median: 1000, min: 800, max: 1200, n: 3, missing: 2 });
    expect(summarize([null, null])).toEqual({ median: null, min: null, max: null, n: 0, missing: 2 });
  });

  it('judges a goal only when there is a figure and a goal', () => {
    expect(meetsGoal(4_900, { max: 5_000 })).toBe(true);
    expect(meetsGoal(5_001, { max: 5_000 })).toBe(false);
    expect(meetsGoal(null, { max: 5_000 })).toBeNull();
    expect(meetsGoal(1, undefined)).toBeNull();
  });
});

describe('report', () => {
  const result: SectionResult = {
    name: 'crash',
    title: 'Workshop, master killed',
    metrics: [
      { key: 'failoverMs', label: 'crash failover', unit: 'ms', goal: { max: 5_000, text: '<= 5 s' } },
      { key: 'labPeakMb', label: 'whole lab', unit: 'MB', goal: { max: 1_536, text: '<= 1.5 GB' } },
    ],
    runs: [
      { figures: { failoverMs: 4_000, labPeakMb: 1_700 }, error: null, ms: 1 },
      { figures: { failoverMs: 6_000, labPeakMb: 1_600 }, error: null, ms: 1 },
      { figures: {}, error: 'workshop step "failback" failed', ms: 1 },
    ],
  };

  it('formats milliseconds, seconds and megabytes', () => {
    expect(formatValue(240, 'ms')).toBe('240 ms');
    expect(formatValue(4_210, 'ms')).toBe('4.21 s');
    expect(formatValue(1_023.6, 'MB')).toBe('1024 MB');
    expect(formatValue(null, 'ms')).toBe('—');
  });

  it('puts medians next to goals and flags a missed goal', () => {
    const [failover, memory] = summarizeSection(result);
    expect(failover).toMatchObject({ median: 5_000, n: 2, missing: 1, meetsGoal: true });
    expect(memory).toMatchObject({ median: 1_650, meetsGoal: false });
    const table = formatTable([result], 3);
    expect(table).toMatch(/crash failover\s+5\.00 s\s+4\.00 s\s+6\.00 s\s+2\/3\s+<= 5 s\s+ok/);
    expect(table).toMatch(/whole lab\s+1650 MB.*MISSED/);
    expect(table).toContain('(1 of 3 runs failed)');
    expect(table).toContain('run 3, Workshop, master killed: workshop step "failback" failed');
  });
});

describe('rss', () => {
  it('reads kB fields of /proc/<pid>/status as bytes', () => {
    const status = 'Name:\tjava\nVmHWM:\t  612340 kB\nVmRSS:\t  500000 kB\n';
    expect(statusFieldBytes(status, 'VmHWM')).toBe(612_340 * 1024);
    expect(statusFieldBytes(status, 'VmRSS')).toBe(500_000 * 1024);
    expect(statusFieldBytes('Name: x', 'VmHWM')).toBeNull();
  });

  it('keeps each broker\'s largest peak across a restart (new pid) and the largest concurrent sum', async () => {
    const readings = new Map<number, RssReading>([
      [100, { current: 300, peak: 400 }],
      [200, { current: 200, peak: 250 }],
    ]);
    let pids: Record<string, number | null> = { master: 100, backup: 200 };
    const sampler = new RssSampler(() => pids, 60_000, async (pid) => readings.get(pid) ?? null);
    await sampler.sample();
    // The master is killed and restarted: a new, smaller process.
    pids = { master: 101, backup: 200 };
    readings.set(101, { current: 100, peak: 150 });
    readings.set(200, { current: 350, peak: 350 });
    await sampler.sample();
    expect(sampler.peakOf('master')).toBe(400);
    expect(sampler.peakOf('backup')).toBe(350);
    expect(sampler.concurrentPeakBytes()).toBe(500);
    expect(sampler.peakOf('nobody')).toBeNull();
  });

  it('skips stopped brokers and processes that vanished', async () => {
    const sampler = new RssSampler(() => ({ master: null, backup: 999 }), 60_000, async () => null);
    await sampler.sample();
    expect(sampler.peakOf('backup')).toBeNull();
    expect(sampler.concurrentPeakBytes()).toBe(0);
  });
});

describe('bench arguments', () => {
  it('defaults to 3 runs of everything', () => {
    expect(parseArgs([])).toEqual({ runs: 3, only: null, keep: false });
  });

  it('reads --runs, --only and --keep', () => {
    expect(parseArgs(['--runs', '5', '--only=crash,seed', '--keep'])).toEqual({ runs: 5, only: ['crash', 'seed'], keep: true });
    expect(parseArgs(['--runs=1'])).toMatchObject({ runs: 1 });
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => parseArgs(['--runs', '0'])).toThrow(/whole number/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
  });
});
