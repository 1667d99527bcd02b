// A command an attendee can copy into a terminal, as the seed's README showed them.
import { useState } from 'react';

export function CopyCommand({ command, label = 'Equivalent command' }: { command: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="command">
      <pre className="mono" aria-label={label}>
        {command}
      </pre>
      <button
        type="button"
        className="ghost small"
        onClick={() => {
          void navigator.clipboard?.writeText(command).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            () => undefined,
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
