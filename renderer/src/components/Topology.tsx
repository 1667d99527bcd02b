// The picture an attendee looks at while the story happens: a box per broker coloured by what it
// is doing now, replication lines (green while a synchronized backup copies the live journal),
// cluster bridges dashed, and a shared journal drawn as the one disk its group stands on.
// Drawn from the lab's data alone, so any lab (1-4 brokers, any HA kind) gets its picture; small,
// it is the picker's thumbnail. A lab's wire (its relay between two brokers) is drawn on its line:
// open, cut (a gap with scissors), or not relayed, with a Cut/Heal button over the line.
import { useId } from 'react';
import type { LabView, BrokerSnapshot } from '../../../shared/lab-state.js';
import type { BrokerDef, LabDefinition } from '../../../shared/labs/lab-definition.js';
import type { WireSnapshot } from '../../../shared/wire-state.js';
import { hasWire } from '../../../shared/labs/wire.js';
import { brokerViewState, stateWords, type BrokerViewState } from '../broker-view-state.js';
import { FULL_SIZE, layoutTopology, SMALL_SIZE, WIRED_SIZE, type BoxPlace, type LayoutSize, type LinePlace } from '../topology-layout.js';
import { wireButton, wireLabel, wireOf, wireSentence } from '../wire-view.js';
import { RoundTrips } from './RoundTrips.js';
import { useLabDefinition } from '../lab-definition.js';
import { useLab } from '../store-context.js';

const ROLE_WORD: Record<BrokerDef['role'], string> = { primary: 'primary', backup: 'backup', member: 'member' };

/** Acceptor and console port once set up; before, the lab's offset on top of an unknown --port-offset would mislead. */
function portsOf(b: BrokerDef, broker: BrokerSnapshot | undefined, config: LabView | null | undefined): string | null {
  const c = config?.brokers[b.id];
  const acceptor = broker?.ports.acceptor ?? c?.acceptorPort;
  const consolePort = broker?.ports.console ?? c?.consolePort;
  return acceptor && consolePort ? `${acceptor} · ${consolePort}` : null;
}

/** A thumbnail's box is narrow: a long label goes on two lines, split at the space nearest its middle. */
export function twoLines(label: string): string[] {
  if (label.length <= 11 || !label.includes(' ')) return [label];
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  const cut = spaces.reduce((best, i) => (Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2) ? i : best));
  return [label.slice(0, cut), label.slice(cut + 1)];
}

function sizeOf(lab: LabDefinition, small: boolean): LayoutSize {
  return small ? SMALL_SIZE : hasWire(lab.topology) ? WIRED_SIZE : FULL_SIZE;
}

const CUT_OFF = 'network cut off';

function Box({ place, w, h, state, small, ports, cutOff }: { place: BoxPlace; w: number; h: number; state: BrokerViewState | null; small: boolean; ports: string | null; cutOff: boolean }) {
  const b = place.broker;
  const words = state ? stateWords(state, b.ha) : null;
  const { x, y } = place;
  return (
    <g className={`topo-broker state-${state ?? 'plan'}`} data-topo-broker={b.id} data-state={state ?? 'plan'} data-cut-off={cutOff || undefined}>
      <title>{`${b.label} (${b.instance}, ${ROLE_WORD[b.role]})${words ? `: ${words.word}. ${words.explain}` : ''}${cutOff ? ` Its ${CUT_OFF}: the lab makes its pinger's check fail.` : ''}`}</title>
      <rect className="topo-box" x={x} y={y} width={w} height={h} rx={small ? 5 : 8} />
      {cutOff ? (
        <g className="topo-cut-off">
          <rect x={x + w - 104} y={y - 9} width={100} height={18} rx={9} />
          <text x={x + w - 54} y={y + 4} textAnchor="middle">
            {CUT_OFF}
          </text>
        </g>
      ) : null}
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

/** A wired line as the relay has it: dotted when nothing relays it, broken with scissors when cut. */
function WireLine({ line, className, sentence, label, state }: { line: LinePlace; className: string; sentence: string; label: string; state: string }) {
  const { x, y } = line.mid;
  return (
    <g className={`topo-wire wire-${state}`} data-wire={line.wire!.join('|')} data-wire-state={state}>
      <title>{sentence}</title>
      <path className={`${className} link-wire`} d={line.d} data-link={line.kind} data-from={line.from} data-to={line.to} />
      {state === 'cut' ? (
        <g className="topo-wire-gap">
          <rect x={x - 13} y={y - 12} width={26} height={24} />
          <text x={x} y={y + 6} textAnchor="middle" aria-hidden="true">
            ✂
          </text>
        </g>
      ) : null}
      <text className="topo-wire-label" x={x} y={y - 14} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}

export function TopologyPicture({
  lab,
  brokers,
  config,
  wire,
  small = false,
}: {
  lab: LabDefinition;
  /** The brokers now; absent for a plan (the picker), which draws no state. */
  brokers?: BrokerSnapshot[] | null;
  config?: LabView | null;
  /** The lab's wire now (labs with links); absent or null: lines drawn as the plan has them. */
  wire?: WireSnapshot | null;
  small?: boolean;
}) {
  const id = useId();
  const layout = layoutTopology(lab.topology, sizeOf(lab, small));
  const live = brokers !== undefined;
  const stateOf = (b: BrokerDef): BrokerViewState | null => (live ? brokerViewState(brokers?.find((n) => n.name === b.id)) : null);
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
    ...layout.lines.map((l) => {
      const w = l.wire && !small ? wireOf(wire, l.wire) : undefined;
      return `${labelOf(l.from)} and ${labelOf(l.to)}: ${l.kind === 'bridge' ? 'cluster bridge' : 'replication'}${live && l.kind === 'replication' && copying(l.from, l.to) ? ', copying now' : ''}.${w ? ` ${wireSentence(w, l.wire!, labelOf)}` : ''}`;
    }),
    ...(small ? [] : (wire?.unreachable ?? []).map((b) => `${labelOf(b)}: ${CUT_OFF}.`)),
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
      {layout.lines.map((l) => {
        const className = `topo-link link-${l.kind} ${live && l.kind === 'replication' && copying(l.from, l.to) ? 'copying' : ''}`;
        const w = l.wire && !small ? wireOf(wire, l.wire) : undefined;
        if (w) return <WireLine key={`${l.from}-${l.to}`} line={l} className={className} sentence={wireSentence(w, l.wire!, labelOf)} label={wireLabel(w)} state={w.state} />;
        return <path key={`${l.from}-${l.to}`} className={className} d={l.d} data-link={l.kind} data-from={l.from} data-to={l.to} />;
      })}
      {layout.disks.map((d) => (
        <Disk key={d.group} cx={d.cx} cy={d.cy} small={small} />
      ))}
      {layout.boxes.map((p) => (
        <Box key={p.broker.id} place={p} w={layout.boxW} h={layout.boxH} state={stateOf(p.broker)} small={small} ports={portsOf(p.broker, brokers?.find((n) => n.name === p.broker.id), config)} cutOff={!small && !!wire?.unreachable.includes(p.broker.id)} />
      ))}
    </svg>
  );
}

/**
 * The Cut/Heal button of each wired line, over the line's middle: HTML over the SVG (a button
 * inside role="img" would be hidden from assistive technology), placed in the picture's units.
 */
function WireButtons({ lab, wire }: { lab: LabDefinition; wire: WireSnapshot }) {
  const call = useLab((s) => s.call);
  const busy = useLab((s) => !!s.busy['wire.change']);
  const layout = layoutTopology(lab.topology, sizeOf(lab, false));
  const labelOf = (bid: string) => lab.topology.brokers.find((b) => b.id === bid)?.label ?? bid;
  return (
    <>
      {layout.lines.map((l) => {
        const link = l.wire ? wireOf(wire, l.wire) : undefined;
        if (!link) return null;
        const button = wireButton(link, l.wire!, labelOf);
        return (
          <button
            key={`${l.from}-${l.to}`}
            type="button"
            className={`small wire-button ${button.cut ? 'danger' : ''}`}
            style={{ left: `${(l.mid.x / layout.width) * 100}%`, top: `${((l.mid.y + 16) / layout.height) * 100}%` }}
            aria-label={button.name}
            title={button.name}
            disabled={busy}
            data-wire-button={l.wire!.join('|')}
            onClick={() => void call('wire.change', { ends: [l.wire![0], l.wire![1]], cut: button.cut })}
          >
            {button.text}
          </button>
        );
      })}
    </>
  );
}

/** The current lab's picture, live from the snapshot, with a legend for the kinds of line it has. */
export function Topology() {
  const lab = useLabDefinition();
  const brokers = useLab((s) => s.snapshot?.brokers ?? null);
  const config = useLab((s) => s.snapshot?.config ?? null);
  const wire = useLab((s) => s.snapshot?.wire ?? null);
  const roundTrips = useLab((s) => s.snapshot?.roundTrips);
  const layout = layoutTopology(lab.topology, sizeOf(lab, false));
  const kinds = new Set([...layout.lines.map((l) => l.kind), ...(layout.disks.length ? ['shared-store'] : [])]);
  const picture = <TopologyPicture lab={lab} brokers={brokers && brokers.length ? brokers : null} config={config} wire={wire} />;
  return (
    <figure className="topology" aria-label="Topology">
      {wire ? (
        <div className="topology-stage" style={{ maxWidth: layout.width }}>
          {picture}
          <WireButtons lab={lab} wire={wire} />
        </div>
      ) : (
        picture
      )}
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
        {wire ? <span>wire: the lab's relay between two brokers (✂ cut, dotted: not relayed)</span> : null}
        <span className="topology-states">
          <i className="swatch state-live" /> live <i className="swatch state-synced-backup" /> synchronized backup <i className="swatch state-waiting-backup" /> waiting backup{' '}
          <i className="swatch state-stopped" /> stopped <i className="swatch state-crashed" /> crashed
        </span>
      </figcaption>
      {roundTrips?.length ? <RoundTrips series={roundTrips} /> : null}
    </figure>
  );
}
