// The picture an attendee looks at while the story happens: a box per broker coloured by what it
// is doing now, replication lines (green while a synchronized backup copies the live journal),
// cluster bridges dashed, and a shared journal drawn as the one disk its group stands on.
// Drawn from the lab's data alone, so any lab (1-4 brokers, any HA kind) gets its picture; small,
// it is the picker's thumbnail.
import { useId } from 'react';
import type { LabView, NodeSnapshot } from '../../../shared/lab-state.js';
import type { BrokerDef, LabDefinition } from '../../../shared/labs/lab-definition.js';
import { nodeViewState, stateWords, type NodeViewState } from '../node-view-state.js';
import { FULL_SIZE, layoutTopology, SMALL_SIZE, type BoxPlace } from '../topology-layout.js';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';

const ROLE_WORD: Record<BrokerDef['role'], string> = { primary: 'primary', backup: 'backup', member: 'member' };

/** Acceptor and console port once set up; before, the lab's offset on top of an unknown --port-offset would mislead. */
function portsOf(b: BrokerDef, node: NodeSnapshot | undefined, config: LabView | null | undefined): string | null {
  const c = config?.nodes[b.id];
  const acceptor = node?.ports.acceptor ?? c?.acceptorPort;
  const consolePort = node?.ports.console ?? c?.consolePort;
  return acceptor && consolePort ? `${acceptor} · ${consolePort}` : null;
}

/** A thumbnail's box is narrow: a long label goes on two lines, split at the space nearest its middle. */
export function twoLines(label: string): string[] {
  if (label.length <= 11 || !label.includes(' ')) return [label];
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  const cut = spaces.reduce((best, i) => (Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2) ? i : best));
  return [label.slice(0, cut), label.slice(cut + 1)];
}

function Box({ place, w, h, state, small, ports }: { place: BoxPlace; w: number; h: number; state: NodeViewState | null; small: boolean; ports: string | null }) {
  const b = place.broker;
  const words = state ? stateWords(state, b.ha) : null;
  const { x, y } = place;
  return (
    <g className={`topo-node state-${state ?? 'plan'}`} data-topo-node={b.id} data-state={state ?? 'plan'}>
      <title>{`${b.label} (${b.instance}, ${ROLE_WORD[b.role]})${words ? `: ${words.word}. ${words.explain}` : ''}`}</title>
      <rect className="topo-box" x={x} y={y} width={w} height={h} rx={small ? 5 : 8} />
      {small ? (
        <text className="topo-label" x={x + w / 2} y={y + h / 2 + 4} textAnchor="middle">
          {twoLines(b.label).map((line, i, all) => (
            <tspan key={i} x={x + w / 2} dy={i === 0 ? (all.length > 1 ? -6 : 0) : 13}>
              {line}
            </tspan>
          ))}
        </text>
      ) : (
        <>
          <text className="topo-label" x={x + 10} y={y + 20}>
            {b.label}
          </text>
          <text className="topo-instance" x={x + 10} y={y + 36}>
            {b.instance}
          </text>
          <text className="topo-meta" x={x + 10} y={y + 54}>
            {ROLE_WORD[b.role]}
            {ports ? ` · ${ports}` : ''}
          </text>
          <circle className="topo-dot" cx={x + 15} cy={y + 72} r={5} />
          <text className="topo-state" x={x + 26} y={y + 76}>
            {words?.word ?? ''}
          </text>
        </>
      )}
    </g>
  );
}

function Disk({ cx, cy, small }: { cx: number; cy: number; small: boolean }) {
  const rx = small ? 16 : 30;
  const ry = small ? 4 : 7;
  const h = small ? 10 : 18;
  const top = cy - h / 2;
  return (
    <g className="topo-disk">
      <path d={`M ${cx - rx} ${top} L ${cx - rx} ${top + h} A ${rx} ${ry} 0 0 0 ${cx + rx} ${top + h} L ${cx + rx} ${top} Z`} />
      <ellipse cx={cx} cy={top} rx={rx} ry={ry} />
      {small ? null : (
        <text className="topo-meta" x={cx} y={top + h + ry + 14} textAnchor="middle">
          shared journal
        </text>
      )}
    </g>
  );
}

export function TopologyPicture({
  lab,
  nodes,
  config,
  small = false,
}: {
  lab: LabDefinition;
  /** The brokers now; absent for a plan (the picker), which draws no state. */
  nodes?: NodeSnapshot[] | null;
  config?: LabView | null;
  small?: boolean;
}) {
  const id = useId();
  const layout = layoutTopology(lab.topology, small ? SMALL_SIZE : FULL_SIZE);
  const live = nodes !== undefined;
  const stateOf = (b: BrokerDef): NodeViewState | null => (live ? nodeViewState(nodes?.find((n) => n.name === b.id)) : null);
  const labelOf = (bid: string) => lab.topology.brokers.find((b) => b.id === bid)?.label ?? bid;
  // A replication line is busy while a synchronized backup copies from the live broker at its other end.
  const copying = (from: string, to: string) => {
    const [a, b] = [stateOf(lab.topology.brokers.find((x) => x.id === from)!), stateOf(lab.topology.brokers.find((x) => x.id === to)!)];
    return (a === 'live' && b === 'synced-backup') || (a === 'synced-backup' && b === 'live');
  };
  const desc = [
    ...layout.boxes.map(({ broker: b }) => {
      const s = stateOf(b);
      return `${b.label} (${b.instance}, ${ROLE_WORD[b.role]})${s ? `: ${stateWords(s, b.ha).word}` : ''}.`;
    }),
    ...layout.lines.map((l) => `${labelOf(l.from)} and ${labelOf(l.to)}: ${l.kind === 'bridge' ? 'cluster bridge' : 'replication'}${live && l.kind === 'replication' && copying(l.from, l.to) ? ', copying now' : ''}.`),
    ...layout.disks.map((d) => `${layout.boxes.filter((p) => p.broker.group === d.group).map((p) => p.broker.label).join(' and ')} share one journal on a shared disk.`),
  ].join(' ');
  return (
    <svg
      className={`topology-svg ${small ? 'small' : ''}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      style={{ maxWidth: layout.width }}
      role="img"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-d`}
      data-topology={lab.id}
    >
      <title id={`${id}-t`}>{`${lab.title}: ${lab.topology.brokers.length} brokers${live ? ', as they are now' : ''}`}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {layout.disks.map((d) =>
        d.spokes.map((s) => <path key={`${d.group}-${s.broker}`} className="topo-link link-shared-store" d={s.d} data-link="shared-store" data-from={s.broker} data-to={`disk:${d.group}`} />),
      )}
      {layout.lines.map((l) => (
        <path
          key={`${l.from}-${l.to}`}
          className={`topo-link link-${l.kind} ${live && l.kind === 'replication' && copying(l.from, l.to) ? 'copying' : ''}`}
          d={l.d}
          data-link={l.kind}
          data-from={l.from}
          data-to={l.to}
        />
      ))}
      {layout.disks.map((d) => (
        <Disk key={d.group} cx={d.cx} cy={d.cy} small={small} />
      ))}
      {layout.boxes.map((p) => (
        <Box key={p.broker.id} place={p} w={layout.boxW} h={layout.boxH} state={stateOf(p.broker)} small={small} ports={portsOf(p.broker, nodes?.find((n) => n.name === p.broker.id), config)} />
      ))}
    </svg>
  );
}

/** The current lab's picture, live from the snapshot, with a legend for the kinds of line it has. */
export function Topology() {
  const lab = useLabDefinition();
  const nodes = useLab((s) => s.snapshot?.nodes ?? null);
  const config = useLab((s) => s.snapshot?.config ?? null);
  const layout = layoutTopology(lab.topology);
  const kinds = new Set([...layout.lines.map((l) => l.kind), ...(layout.disks.length ? ['shared-store'] : [])]);
  return (
    <figure className="topology" aria-label="Topology">
      <TopologyPicture lab={lab} nodes={nodes && nodes.length ? nodes : null} config={config} />
      <figcaption className="topology-legend muted small">
        {kinds.has('replication') ? (
          <span>
            <svg width="26" height="8" aria-hidden="true">
              <line className="topo-link link-replication copying" x1="1" y1="4" x2="25" y2="4" />
            </svg>{' '}
            replication (green: a synchronized backup copies the live journal)
          </span>
        ) : null}
        {kinds.has('bridge') ? (
          <span>
            <svg width="26" height="8" aria-hidden="true">
              <line className="topo-link link-bridge" x1="1" y1="4" x2="25" y2="4" />
            </svg>{' '}
            cluster bridge
          </span>
        ) : null}
        {kinds.has('shared-store') ? <span>disk: one journal on shared storage</span> : null}
        <span className="topology-states">
          <i className="swatch state-live" /> live <i className="swatch state-synced-backup" /> synchronized backup <i className="swatch state-waiting-backup" /> waiting backup{' '}
          <i className="swatch state-stopped" /> stopped <i className="swatch state-crashed" /> crashed
        </span>
      </figcaption>
    </figure>
  );
}
