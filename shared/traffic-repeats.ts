// A message that came again, in words for the CLI and the traffic panel, from the account's
// evidence: which broker delivered it, when, and from which send attempt.
import type { TrafficRepeat } from './traffic-state.js';

/** ISO time to the clock the reader knows (the panel's local time, the CLI's UTC). */
export type Clock = (iso: string) => string;

const utcClock: Clock = (iso) => iso.slice(11, 23);

function sends(r: TrafficRepeat): string {
  return r.sends === 1 ? 'sent once' : `sent ${r.sends} times`;
}

/** Acknowledged, then delivered again: the same stored message, its acknowledgement lost with a broker. */
export function describeRedeliveredAfterAck(r: TrafficRepeat, clock: Clock = utcClock): string {
  const first = r.first ? `received on the ${r.first.broker} at ${clock(r.first.at)}` : 'received';
  const acked = r.acknowledgedAt ? `, acknowledged at ${clock(r.acknowledgedAt)}` : ', acknowledged';
  return `message ${r.seq}: ${first}${acked}, delivered again by the ${r.again.broker} at ${clock(r.again.at)}; the same stored message (send attempt ${r.again.attempt}, ${sends(r)}), processed once`;
}

/** Two stored copies: arrivals from two send attempts. */
export function describeDuplicate(r: TrafficRepeat, clock: Clock = utcClock): string {
  const first = r.first ? `from send attempt ${r.first.attempt} on the ${r.first.broker} at ${clock(r.first.at)}` : 'first';
  return `message ${r.seq}: ${first}, again from send attempt ${r.again.attempt} on the ${r.again.broker} at ${clock(r.again.at)}; two stored copies, a resend duplicate detection did not drop`;
}
