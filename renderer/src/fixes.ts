// A fix the lab names (ErrorInfo.fix, StepState.fix) in this page's words: the control here that
// does it, where the CLI names a command; and when the fix is done, so an error whose cause is
// gone stops being shown.
import type { FixAction, LabSnapshot, ZipCandidate } from '../../shared/lab-state.js';
import type { LabDefinition, StepAction } from '../../shared/labs/lab-definition.js';

/** What the page knows that tells whether a fix is done. */
export interface PageFacts {
  snapshot: LabSnapshot | null;
  /** installs/ as last listed; null while not listed (or being listed again). */
  zips: ZipCandidate[] | null;
}

interface Fix {
  words: (lab: LabDefinition) => string;
  /** Absent: only the lab can tell (the banner stays until dismissed or the action succeeds). */
  done?: (page: PageFacts) => boolean;
}

/** The title of the lab's step that does `action`, for words that point at it. */
function stepTitle(lab: LabDefinition, does: StepAction['do'], fallback: string): string {
  return lab.story.find((s) => s.act.some((a) => a.do === does))?.title ?? fallback;
}

const running = (s: LabSnapshot | null) => (s?.brokers ?? []).filter((n) => n.process !== 'stopped' && n.process !== 'crashed');

const FIXES: Record<FixAction, Fix> = {
  'download-broker': {
    words: (lab) => `Press Download Apache Artemis in the “${stepTitle(lab, 'setup', 'Unpack the broker')}” step, or drop a broker zip there.`,
    done: (p) => !!p.snapshot?.config || !!p.zips?.some((z) => !z.problem),
  },
  'set-up': {
    words: (lab) => `Press Do it for me in the “${stepTitle(lab, 'setup', 'Unpack the broker')}” step first.`,
    done: (p) => !!p.snapshot?.config,
  },
  'check-prerequisites': {
    words: (lab) => `Run the checks in the “${stepTitle(lab, 'doctor', 'Check prerequisites')}” step: they name the cause and its fix.`,
  },
  'reset-lab': {
    words: () => 'Press Reset lab… at the top (the old lab is moved aside, nothing is deleted), then take the steps again.',
  },
  'stop-brokers': {
    words: () => 'Stop the brokers first: Stop on each broker card.',
    done: (p) => !!p.snapshot && running(p.snapshot).length === 0,
  },
  'start-broker': {
    words: () => 'Start a broker first: Start on its broker card.',
    done: (p) => !!p.snapshot?.brokers.some((n) => n.live),
  },
  'send-messages': {
    words: (lab) => `Send some messages first: Do it for me in the “${stepTitle(lab, 'send', 'Send messages')}” step.`,
    done: (p) => (p.snapshot?.ledger.sent ?? 0) > 0,
  },
  'start-traffic': {
    words: () => 'Press Start traffic under Live traffic.',
    done: (p) => p.snapshot?.traffic?.state === 'running',
  },
  'stop-traffic': {
    words: () => 'Press Stop traffic under Live traffic first.',
    done: (p) => !p.snapshot?.traffic || p.snapshot.traffic.state === 'stopped',
  },
};

/** The fix in this page's words, or null when the lab named none (the hint, in the CLI's words, stands). */
export function fixWords(fix: FixAction | null | undefined, lab: LabDefinition): string | null {
  return fix ? (FIXES[fix]?.words(lab) ?? null) : null;
}

/** One line for an error's or a failed step's fix: the page's words when the lab named the fix, else its hint. */
export function fixLine(info: { fix?: FixAction | null; hint: string | null }, lab: LabDefinition): string | null {
  return fixWords(info.fix, lab) ?? info.hint;
}

/** The fix is done now (a zip is there, the brokers are stopped…): the error it fixes is no longer true. */
export function fixDone(fix: FixAction | null | undefined, page: PageFacts): boolean {
  return !!fix && !!FIXES[fix]?.done?.(page);
}
