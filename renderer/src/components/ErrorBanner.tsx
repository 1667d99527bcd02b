import { useLab } from '../store-context.js';

export function ErrorBanner() {
  const error = useLab((s) => s.error);
  const dismiss = useLab((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{error.message}</strong>
        {error.hint ? <div>Fix: {error.hint}</div> : null}
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
