// The red alarm over the brokers while a broker's JVM runs but answers nothing: the fault a kill
// does not show. A hung broker is neither dead nor serving; its peers find out only when their
// connection TTL runs out, and what they do then (take over, give up a synchronization) follows.
import { useLab } from '../store-context.js';
import { useNow } from './BrokerCards.js';

/** Beyond the 30 s a synchronization's handshake may take (initial-replication-sync-timeout), silence is a hang. */
const SILENT_ALARM_MS = 30_000;

export function HungAlarm() {
  const brokers = useLab((s) => s.snapshot?.brokers);
  const now = useNow(1000);
  // Silence alone is not an alarm: a live broker finishing a failback's handshake is silent for
  // seconds (its card says "not answering"); a process the OS holds stopped, or silence past
  // SILENT_ALARM_MS, is.
  const hung = (brokers ?? []).filter(
    (n) => n.hung && !n.serverDown && n.process !== 'stopped' && n.process !== 'crashed' && (n.hung.why === 'stopped' || now - Date.parse(n.hung.since) >= SILENT_ALARM_MS),
  );
  if (!hung.length) return null;
  return (
    <div className="hung-alarm" role="alert" data-testid="hung-alarm">
      {hung.map((n) => (
        <p key={n.name} data-broker={n.name}>
          <strong>
            {n.label} is hung: its JVM runs but has answered nothing for {Math.max(0, Math.floor((now - Date.parse(n.hung!.since)) / 1000))} s
          </strong>{' '}
          {n.hung!.why === 'stopped' ? '(the process is stopped, as by SIGSTOP or a debugger)' : '(Jolokia gets no answer)'} — its peers see only silence, and
          once their connection TTL runs out they act as if it were gone.
        </p>
      ))}
    </div>
  );
}
