// One section per lab beyond the seed's (which has its graceful and crash sections): the lab's whole
// story on a fresh lab dir, kill -9 where it stops a broker, with setup + up, each HA group's
// failover and failback, and the whole lab's memory (goal: <= 1.5 GB for three brokers and the app).
import { LABS, DEFAULT_LAB_ID } from '../../shared/labs/index.js';
import { haGroups } from '../../shared/labs/topology.js';
import { hasWire } from '../../shared/labs/wire.js';
import type { BenchSection, MetricSpec } from '../types.js';
import { GOALS, workshopSection } from './workshop.js';

export const labSections: BenchSection[] = LABS.filter((l) => l.id !== DEFAULT_LAB_ID).map((lab) => {
  const groups = [...haGroups(lab.topology).keys()];
  const perGroup: MetricSpec[] =
    groups.length > 1
      ? groups.flatMap((g) => [
          { key: `${g}FailoverMs`, label: `${g}: failover, by our snapshot`, unit: 'ms' as const },
          { key: `${g}FailbackMs`, label: `${g}: failback`, unit: 'ms' as const },
        ])
      : [];
  const metrics: MetricSpec[] = [
    { key: 'setupMs', label: `setup (zip -> ${lab.topology.brokers.length} instances)`, unit: 'ms' },
    { key: 'upMs', label: 'start steps (each broker until live / standing by)', unit: 'ms' },
    { key: 'setupUpMs', label: 'setup + start steps', unit: 'ms' },
    ...(groups.length > 0
      ? [
          { key: 'failoverMs', label: 'latest failover, by our snapshot', unit: 'ms' as const },
          { key: 'failoverLogMs', label: "latest failover, by the new live broker's log", unit: 'ms' as const },
          { key: 'failbackMs', label: 'latest failback', unit: 'ms' as const },
        ]
      : []),
    ...perGroup,
    ...lab.story
      .flatMap((step) => step.act)
      .flatMap((a) => (a.do === 'time-sends' ? a.latencies : []))
      .map((ms) => ({ key: `roundTrip${ms}Ms`, label: `durable send round trip, ${ms} ms on the wire (median)`, unit: 'ms' as const })),
    ...(hasWire(lab.topology)
      ? [
          { key: 'cutToSecondLiveMs', label: 'wire cut -> a second broker live (its AMQ221007)', unit: 'ms' as const },
          { key: 'cutToAlarmMs', label: "wire cut -> the lab's split-brain alarm", unit: 'ms' as const },
        ]
      : []),
    ...lab.topology.brokers.map((b) => ({ key: `${b.id}PeakMb`, label: `${b.label} JVM peak RSS`, unit: 'MB' as const })),
    { key: 'labPeakMb', label: 'whole lab, sum of peaks', unit: 'MB', goal: GOALS.wholeLab },
    { key: 'labConcurrentPeakMb', label: 'whole lab, largest sampled moment', unit: 'MB', goal: GOALS.wholeLab },
  ];
  return workshopSection({ name: `lab-${lab.id}`, lab: lab.id, title: `Lab ${lab.id}: ${lab.title} (kill -9 where it stops a broker)`, crash: true, haTuning: true, metrics });
});
