// A status light: colour plus a word, so the state never rests on colour alone.
export type LightTone = 'idle' | 'busy' | 'good' | 'warn' | 'bad' | 'skip';

const WORDS: Record<LightTone, string> = { idle: 'pending', busy: 'running', good: 'passed', warn: 'warning', bad: 'failed', skip: 'skipped' };

export function Light({ tone, label }: { tone: LightTone; label?: string }) {
  return (
    <span className={`light light-${tone}`} role="img" aria-label={label ?? WORDS[tone]}>
      <span className="light-dot" aria-hidden="true" />
    </span>
  );
}
