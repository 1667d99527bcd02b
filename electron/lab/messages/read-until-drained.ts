// Reading everything a queue holds now, told by the broker itself: credit and a drain, round after
// round. How Artemis answers a drain (ProtonServerSenderContext.flushDrain, docs/brokers.md
// "Browsing a queue without consuming it") shapes the rounds:
// - no answer when the messages used up the credit, so the credit outlasts the queue;
// - a drain asked while one is in flight is ignored, and the first drains whatever credit is there
//   when it runs, so a new round starts only on the answer to the last;
// - an early answer, messages still queued, while its socket is full (this process slow to read),
//   so only a round that brought nothing ends the read.
import type { Receiver } from 'rhea';

/** More than any lab queue or class holds. */
const ROUND_CREDIT = 1_000_000;

/** Calls `done` once a round brought nothing. Open the receiver with `credit_window: 0`. */
export function readUntilDrained(receiver: Receiver, done: () => void, credit = ROUND_CREDIT): void {
  let roundReceived = 0;
  let finished = false;
  const round = () => {
    roundReceived = 0;
    receiver.add_credit(credit);
    receiver.drain_credit();
  };
  receiver.on('message', () => {
    roundReceived += 1;
    // Past the credit there is no answer for this round (see above); carry on.
    if (roundReceived === credit) round();
  });
  receiver.on('receiver_drained', () => {
    receiver.drain = false;
    if (finished) return;
    if (roundReceived > 0) return round();
    finished = true;
    done();
  });
  if (receiver.is_open()) round();
  else receiver.once('receiver_open', round);
}
