// Where the wire sits, from the topology alone: each wired broker is dialled through its relay
// port (acceptor + 1000) and announces it; a broker without a wire is dialled directly; a lab
// whose wire would pass port 65535 or joins a broker twice is refused.
import { describe, expect, it } from 'vitest';
import type { LabDefinition } from '../../../shared/labs/lab-definition.js';
import { findLab } from '../../../shared/labs/index.js';
import { labProblems } from '../../../shared/labs/topology.js';
import { announcedPort, checkTargetUrl, dialPort, highestWirePort, wireSpecs } from '../../../shared/labs/wire.js';

const lab = findLab('split-brain')!;
const ports: Record<string, number> = { primary: 61616, backup: 61716 };
const acceptor = (id: string) => ports[id]!;

describe('the wire of a lab', () => {
  it('relays each direction through the far broker\'s acceptor + 1000', () => {
    expect(wireSpecs(lab.topology, acceptor)).toEqual([
      { from: 'primary', to: 'backup', listenPort: 62716, targetPort: 61716 },
      { from: 'backup', to: 'primary', listenPort: 62616, targetPort: 61616 },
    ]);
    expect(dialPort(lab.topology, 'backup', 'primary', acceptor)).toBe(62616);
    expect(announcedPort(lab.topology, 'primary', acceptor)).toBe(62616);
    expect(checkTargetUrl(62600, 'backup')).toBe('http://127.0.0.1:62600/backup');
  });

  it('leaves labs without a wire alone', () => {
    const seed = findLab('replicated-pair')!;
    expect(wireSpecs(seed.topology, (id) => (id === 'master' ? 61616 : 61716))).toEqual([]);
    expect(dialPort(seed.topology, 'backup', 'master', (id) => (id === 'master' ? 61616 : 61716))).toBe(61616);
    expect(announcedPort(seed.topology, 'master', () => 61616)).toBeNull();
    expect(highestWirePort(seed.topology, () => 61616, 0)).toBe(0);
  });

  it('says how high the wire reaches for a port offset', () => {
    expect(highestWirePort(lab.topology, (id) => acceptor(id) + 2900, 2900)).toBe(65616);
  });

  it('refuses a broker on two wires, or a wire between brokers that do not connect', () => {
    const bad: LabDefinition = {
      ...lab,
      topology: {
        brokers: [...lab.topology.brokers, { id: 'third', label: 'Third', instance: 'third', role: 'member', ha: 'none', portOffset: 200, connectsTo: [] }],
        wires: [{ between: ['primary', 'backup'] }, { between: ['backup', 'third'] }],
      },
    };
    expect(labProblems(bad)).toEqual([
      'split-brain: backup is on two wires (a broker announces one address to its cluster).',
      'split-brain: the wire backup–third joins brokers that do not connect to each other.',
    ]);
  });
});
