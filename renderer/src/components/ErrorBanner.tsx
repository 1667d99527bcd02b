// The last failed request, in one line and its fix in this page's words; it goes by itself once
// its cause is gone (the store decides), or when dismissed.
import { fixLine } from '../fixes.js';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';

export function ErrorBanner() {
  const error = useLab((s) => s.error);
  const dismiss = useLab((s) => s.dismissError);
  const lab = useLabDefinition();
  if (!error) return null;
  const fix = fixLine(error, lab);
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{error.message}</strong>
        {fix ? <div>Fix: {fix}</div> : null}
        <div className="muted small mono">
          {error.action} · {error.code}
        </div>
      </div>
      <button type="button" className="ghost small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
