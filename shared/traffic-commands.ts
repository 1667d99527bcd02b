// The broker's own clients doing what the lab's traffic does, for attendees to copy: the core
// protocol's failover URL lists every broker, `ha=true` follows the topology the live broker
// announces, and `reconnectAttempts=-1` retries for ever.
import { TRAFFIC_QUEUE } from './traffic-state.js';

export interface TrafficCommandInput {
  /** Every broker's acceptor port, in the topology's order. */
  ports: number[];
  user: string;
  /** As shown: the default in clear, any other masked (shownPassword). */
  password: string;
  rate: number;
  /** `bin/artemis` to run; plain `artemis` when omitted. */
  artemis?: string;
}

export function failoverUrl(ports: number[]): string {
  return `(${ports.map((p) => `tcp://127.0.0.1:${p}`).join(',')})?ha=true&reconnectAttempts=-1`;
}

export function trafficClientCommands(input: TrafficCommandInput): { producer: string; consumer: string } {
  const artemis = input.artemis ?? 'artemis';
  const common = `--url '${failoverUrl(input.ports)}' --destination queue://${TRAFFIC_QUEUE} --user ${input.user} --password ${input.password}`;
  const sleepMs = Math.max(0, Math.round(1000 / Math.max(1, input.rate)));
  return {
    producer: `${artemis} producer ${common} --message-count 100000 --sleep ${sleepMs}`,
    consumer: `${artemis} consumer ${common} --message-count 100000`,
  };
}
