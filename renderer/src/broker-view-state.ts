// What a broker is doing, in the few states the pictures (topology, cards) tell apart. A backup's
// two faces matter for HA: a synchronized replica can take over, a waiting one cannot yet.
import type { BrokerSnapshot } from '../../shared/lab-state.js';
import type { HaKind } from '../../shared/labs/lab-definition.js';

export type BrokerViewState = 'not-created' | 'stopped' | 'crashed' | 'starting' | 'stopping' | 'live' | 'synced-backup' | 'waiting-backup' | 'stood-down' | 'hung' | 'silent' | 'running';

export function brokerViewState(n: BrokerSnapshot | undefined): BrokerViewState {
  if (!n) return 'not-created';
  if (n.process === 'stopped') return 'stopped';
  if (n.process === 'crashed') return 'crashed';
  if (n.process === 'starting') return 'starting';
  if (n.process === 'stopping') return 'stopping';
  // A broker its pinger stopped inside a running JVM answers no broker MBean: that is why it is quiet.
  if (n.serverDown) return 'stood-down';
  if (n.hung) return n.hung.why === 'stopped' ? 'hung' : 'silent';
  if (n.live) return 'live';
  if (n.replicaSync === true) return 'synced-backup';
  if (n.backup) return 'waiting-backup';
  return 'running';
}

/** The words shown in the box and read by screen readers: the state never rests on colour alone. */
export function stateWords(state: BrokerViewState, ha: HaKind): { word: string; explain: string } {
  switch (state) {
    case 'not-created':
      return { word: 'not created', explain: 'Created by the setup step.' };
    case 'stopped':
      return { word: 'stopped', explain: 'Not running.' };
    case 'crashed':
      return { word: 'crashed', explain: 'The process died or was killed.' };
    case 'starting':
      return { word: 'starting', explain: 'The JVM is starting.' };
    case 'stopping':
      return { word: 'stopping', explain: 'Shutting down.' };
    case 'live':
      return { word: 'live', explain: 'Serving clients.' };
    case 'synced-backup':
      return { word: 'synchronized backup', explain: 'Passive, with a complete copy of the live journal: ready to take over.' };
    case 'waiting-backup':
      return ha === 'shared-store'
        ? { word: 'waiting backup', explain: 'Passive: waits for the shared journal’s lock.' }
        : { word: 'waiting backup', explain: 'Passive, not synchronized: it cannot take over yet.' };
    case 'stood-down':
      return { word: 'broker stopped', explain: 'The JVM runs but its broker stopped itself (its pinger lost the network, AMQ201001/AMQ222213); it starts again when the network is back.' };
    case 'hung':
      return { word: 'hung', explain: 'The JVM runs but answers nothing: to its peers it looks dead once their connection TTL runs out.' };
    case 'silent':
      return { word: 'not answering', explain: 'The JVM runs but has not answered for seconds: busy (a failback’s last handshake holds the journal), starved, or hung.' };
    case 'running':
      return { word: 'running', explain: 'Running; role not known yet.' };
  }
}
