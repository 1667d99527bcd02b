// The brokers' web consoles side by side, as the seed's attendees had them in browser tabs. They come
// through the shell's loopback proxies: already logged in, and opened on haQueue where it exists.
// The frame reloads when the broker's role or haQueue's depth changes, so a backup that just went
// live shows its queue without the attendee hunting for a refresh button.
import { useState } from 'react';
import type { BrokerName, BrokerSnapshot } from '../../../shared/lab-state.js';
import { HA_QUEUE } from '../../../shared/lab-state.js';
import { consoleEmbedUrl } from '../../../shared/shell-info.js';
import { useBridge, useLab } from '../store-context.js';
import { roleOf } from './BrokerCards.js';
import { useLabDefinition } from '../lab-definition.js';

function ConsolePane({ name, slot, label, broker }: { name: BrokerName; slot: number; label: string; broker: BrokerSnapshot | undefined }) {
  const shell = useLab((s) => s.shell);
  const bridge = useBridge();
  const [manual, setManual] = useState(0);
  // The shell proxies consoles by position in the lab's topology (a lab switch keeps the proxies).
  const embed = shell?.consoles[slot];
  const hasQueue = broker?.queues.haQueue != null;
  const url = embed ? consoleEmbedUrl(embed, hasQueue ? HA_QUEUE : null) : null;
  // A new depth reloads the frame too: hawtio's Browse view is a one-time read, and the 10
  // messages usually arrive after the queue was created (and first shown empty).
  const key = `${broker?.process}-${broker?.live}-${broker?.queues.haQueue ?? 'none'}-${broker?.pid}-${manual}`;
  const title = `${label} console`;
  return (
    <section className="console-pane" data-console={name} aria-label={title}>
      <header className="console-head">
        <h3>
          {title} <span className="muted">{broker ? `(${roleOf(broker).word})` : ''}</span>
        </h3>
        <span className="muted mono">{broker ? `:${broker.ports.console}` : ''}</span>
        <button type="button" className="ghost small" onClick={() => setManual((m) => m + 1)} disabled={!url}>
          Reload
        </button>
        <button type="button" className="ghost small" disabled={!url} onClick={() => url && void bridge.openExternal(url)}>
          Open in browser
        </button>
      </header>
      {url && broker && broker.process !== 'stopped' && broker.process !== 'crashed' ? (
        <div className="console-frame">
          <iframe key={key} src={url} title={`${title}: Artemis web console`} referrerPolicy="no-referrer" />
        </div>
      ) : (
        <div className="console-empty muted">{broker ? `${label} is ${broker.process}: its console comes back when it runs.` : `${label} is not created yet.`}</div>
      )}
    </section>
  );
}

export function Consoles({ wide, onWide }: { wide: boolean; onWide: (wide: boolean) => void }) {
  const brokers = useLab((s) => s.snapshot?.brokers);
  const lab = useLabDefinition();
  return (
    <div className="consoles-wrap">
      <div className="toolbar consoles-bar">
        <span className="muted small">Logged in as the lab’s admin user. Each console opens on haQueue where the broker has it.</span>
        <button type="button" className="ghost small" aria-pressed={wide} onClick={() => onWide(!wide)}>
          {wide ? 'Show the steps' : 'Wider consoles'}
        </button>
      </div>
    <div className="consoles" data-count={lab.topology.brokers.length}>
      {lab.topology.brokers.map((b, slot) => (
        <ConsolePane key={b.id} name={b.id} slot={slot} label={b.label} broker={brokers?.find((n) => n.name === b.id)} />
      ))}
    </div>
    </div>
  );
}
