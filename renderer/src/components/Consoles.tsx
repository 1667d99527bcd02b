// Both web consoles side by side, as the seed's attendees had them in two browser tabs. They come
// through the shell's loopback proxies: already logged in, and opened on haQueue where it exists.
// The frame reloads when the broker's role or haQueue's depth changes, so a backup that just went
// live shows its queue without the attendee hunting for a refresh button.
import { useState } from 'react';
import type { NodeName, NodeSnapshot } from '../../../shared/lab-state.js';
import { HA_QUEUE } from '../../../shared/lab-state.js';
import { consoleEmbedUrl } from '../../../shared/shell-info.js';
import { useBridge, useLab } from '../store-context.js';
import { roleOf } from './BrokerCards.js';

function ConsolePane({ name, node }: { name: NodeName; node: NodeSnapshot | undefined }) {
  const shell = useLab((s) => s.shell);
  const bridge = useBridge();
  const [manual, setManual] = useState(0);
  const embed = shell?.consoles[name];
  const hasQueue = node?.queues.haQueue != null;
  const url = embed ? consoleEmbedUrl(embed, hasQueue ? HA_QUEUE : null) : null;
  // A new depth reloads the frame too: hawtio's Browse view is a one-time read, and the 10
  // messages usually arrive after the queue was created (and first shown empty).
  const key = `${node?.process}-${node?.live}-${node?.queues.haQueue ?? 'none'}-${node?.pid}-${manual}`;
  const title = name === 'master' ? 'Master console' : 'Backup console';
  return (
    <section className="console-pane" data-console={name} aria-label={title}>
      <header className="console-head">
        <h3>
          {title} <span className="muted">{node ? `(${roleOf(node).word})` : ''}</span>
        </h3>
        <span className="muted mono">{node ? `:${node.ports.console}` : ''}</span>
        <button type="button" className="ghost small" onClick={() => setManual((m) => m + 1)} disabled={!url}>
          Reload
        </button>
        <button type="button" className="ghost small" disabled={!url} onClick={() => url && void bridge.openExternal(url)}>
          Open in browser
        </button>
      </header>
      {url && node && node.process !== 'stopped' && node.process !== 'crashed' ? (
        <div className="console-frame">
          <iframe key={key} src={url} title={`${title}: Artemis web console`} referrerPolicy="no-referrer" />
        </div>
      ) : (
        <div className="console-empty muted">{node ? `The ${name} is ${node.process}: its console comes back when it runs.` : `The ${name} broker is not created yet.`}</div>
      )}
    </section>
  );
}

export function Consoles({ wide, onWide }: { wide: boolean; onWide: (wide: boolean) => void }) {
  const nodes = useLab((s) => s.snapshot?.nodes);
  return (
    <div className="consoles-wrap">
      <div className="toolbar consoles-bar">
        <span className="muted small">Logged in as the lab’s admin user. Each console opens on haQueue where the broker has it.</span>
        <button type="button" className="ghost small" aria-pressed={wide} onClick={() => onWide(!wide)}>
          {wide ? 'Show the steps' : 'Wider consoles'}
        </button>
      </div>
    <div className="consoles">
      <ConsolePane name="master" node={nodes?.find((n) => n.name === 'master')} />
      <ConsolePane name="backup" node={nodes?.find((n) => n.name === 'backup')} />
    </div>
    </div>
  );
}
