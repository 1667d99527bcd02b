// The red alarm over the brokers when one HA group has two live brokers: the failure the HA
// configuration exists to prevent, shown whatever step (or hand) caused it.
import { joinLabels, splitBrainGroups } from '../split-brain-view.js';
import { useLab } from '../store-context.js';

export function SplitBrainAlarm() {
  const snapshot = useLab((s) => s.snapshot);
  const groups = splitBrainGroups(snapshot);
  if (!groups.length) return null;
  return (
    <div className="split-brain-alarm" role="alert" data-testid="split-brain-alarm">
      {groups.map((g) => (
        <p key={g.group} data-group={g.group}>
          <strong>
            Split brain: {joinLabels(g.labels)} are {g.labels.length === 2 ? 'both' : 'all'} live
          </strong>{' '}
          — each takes messages the other never sees. Healing the network will not merge them: one side's messages are lost when you choose the other.
        </p>
      ))}
    </div>
  );
}
