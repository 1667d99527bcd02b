// Two live brokers in one HA group: the split brain a partition causes. Said in the timeline
// once it has held for 0.5 s — two Jolokia rounds, so one stale reading is not taken for one (a
// failback hands over through the log's AMQ221002 before the other's AMQ221007, so the two never
// overlap longer) — and again when it ends. Not longer: "Do it for me" heals and repairs within
// 1.5-2 s of the second broker going live (bench: the alarm came in 1 run of 3 at 1.5 s).
export const SPLIT_BRAIN_CONFIRM_MS = 500;

export interface GroupLiveness {
  group: string;
  /** Running brokers of the group whose Active is true now. */
  live: string[];
}

export interface SplitBrainNews {
  group: string;
  started: boolean;
  live: string[];
}

/** Remembers since when each group has had two live brokers; returns what became news now. */
export class SplitBrainWatch {
  private readonly since = new Map<string, number>();
  private readonly told = new Set<string>();

  observe(groups: readonly GroupLiveness[], now = Date.now()): SplitBrainNews[] {
    const news: SplitBrainNews[] = [];
    for (const { group, live } of groups) {
      if (live.length >= 2) {
        const since = this.since.get(group) ?? now;
        this.since.set(group, since);
        if (!this.told.has(group) && now - since >= SPLIT_BRAIN_CONFIRM_MS) {
          this.told.add(group);
          news.push({ group, started: true, live });
        }
      } else {
        this.since.delete(group);
        if (this.told.delete(group)) news.push({ group, started: false, live });
      }
    }
    return news;
  }
}

export function splitBrainText(n: SplitBrainNews, labelOf: (id: string) => string): string {
  const names = n.live.map(labelOf).join(' and ');
  return n.started
    ? `Split brain: ${names} are both live. Each takes messages the other never sees; clients on either side carry on.`
    : n.live.length === 1
      ? `Split brain over: only ${names} is live now.`
      : 'Split brain over: no broker of the pair is live now.';
}
