// An attendee's recent changes as the instructor reads them ("failover 1.4 s, master → backup"):
// one line each, shared by the page's row detail and the CLI's `classroom status` / `watch`.
import type { ClassroomEvent, RecentChange } from './classroom-event.js';

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function describeRecent(change: RecentChange, event: Pick<ClassroomEvent, 'steps'>): string {
  switch (change.type) {
    case 'failover-timed':
      return `failover ${duration(change.ms)}${change.from || change.to ? `, ${change.from ?? '?'} → ${change.to ?? '?'}` : ''}`;
    case 'failback-timed':
      return `failback ${duration(change.ms)}${change.broker ? `, ${change.broker} live again` : ''}`;
    case 'broker-became':
      return `${change.broker} ${change.as === 'backup' ? 'standing by' : change.as === 'stopped' && change.crashed ? 'crashed' : change.as}`;
    case 'split-brain-raised':
      return `split brain: ${list(change.brokers)} both live`;
    case 'split-brain-cleared':
      return 'split brain over';
    case 'ledger-check':
      return `ledger ${change.label}: ${change.present} of ${change.sent} there${change.lost ? `, ${change.lost} lost` : ''}${change.duplicated ? `, ${change.duplicated} twice` : ''}`;
    default: {
      const title = event.steps.find((s) => s.id === change.step)?.title ?? change.step;
      const word = { 'step-started': 'started', 'step-passed': 'passed', 'step-failed': 'failed', 'step-skipped': 'skipped' }[change.type];
      return `"${title}" ${word}${change.ms !== null && change.type !== 'step-started' ? ` (${duration(change.ms)})` : ''}`;
    }
  }
}
