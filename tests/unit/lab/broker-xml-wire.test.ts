// broker.xml for a pair wired through the lab's relay, on both dialects: the peer is dialled
// through the relay, the broker announces the relay's address (so replication crosses it too),
// the seed's missing guards are written as asked, and the pinger is switched on and off again.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editBrokerXml } from '../../../electron/lab/instances/broker-xml.js';
import { LAB_HA_TUNING, type BrokerXmlPlan } from '../../../electron/lab/instances/broker-xml-plan.js';
import { childElements, firstChild, parseXml, textOf } from '../../../electron/lab/instances/xml-dom.js';

const read = (rel: string) => fs.readFileSync(path.resolve(__dirname, '../../fixtures', rel), 'utf8');

const CASES = [
  { file: 'artemis-2.44.0/primary-broker.xml', dialect: 'primary-backup', role: 'primary' },
  { file: 'artemis-2.31.2/master-broker.xml', dialect: 'master-slave', role: 'master' },
] as const;

function plan(dialect: BrokerXmlPlan['dialect'], settings: BrokerXmlPlan['settings']): BrokerXmlPlan {
  return {
    role: 'primary',
    ha: 'replication',
    dialect,
    host: '127.0.0.1',
    selfPort: 61616,
    peers: [{ name: 'splitBackup', port: 62716, throughWire: true }],
    haTuning: LAB_HA_TUNING,
    announcePort: 62616,
    networkCheckUrl: 'http://127.0.0.1:62600/primary',
    settings,
  };
}

const core = (xml: string) => firstChild(parseXml(xml).root, 'core')!;

describe.each(CASES)('a wired primary from $file', (c) => {
  const created = editBrokerXml(read(c.file), plan(c.dialect, { voteOnReplicationFailure: false, networkCheck: false }));
  const edited = core(created.xml);

  it('dials its peer and announces itself through the relay; clients keep the direct acceptor', () => {
    const connectors = childElements(firstChild(edited, 'connectors')!, 'connector').map((n) => [n.getAttribute('name'), textOf(n)]);
    expect(connectors).toEqual([
      ['artemis', 'tcp://127.0.0.1:61616'],
      ['through-the-wire', 'tcp://127.0.0.1:62616'],
      ['splitBackup', 'tcp://127.0.0.1:62716'],
    ]);
    const cc = firstChild(firstChild(edited, 'cluster-connections')!, 'cluster-connection')!;
    expect(textOf(firstChild(cc, 'connector-ref'))).toBe('through-the-wire');
    expect(created.changes.join('\n')).toContain("reached through the lab's relay");
  });

  it('undoes the guard create writes (vote-on-replication-failure) and has no pinger', () => {
    const role = firstChild(firstChild(firstChild(edited, 'ha-policy')!, 'replication')!, c.role)!;
    expect(textOf(firstChild(role, 'vote-on-replication-failure'))).toBe('false');
    expect(firstChild(edited, 'network-check-URL-list')).toBeNull();
  });

  it('switches the pinger on at the lab\'s check target, and off again', () => {
    const on = editBrokerXml(created.xml, plan(c.dialect, { voteOnReplicationFailure: false, networkCheck: true }));
    expect(textOf(firstChild(core(on.xml), 'network-check-URL-list'))).toBe('http://127.0.0.1:62600/primary');
    expect(textOf(firstChild(core(on.xml), 'network-check-period'))).toBe('1000');
    expect(on.changes).toEqual([expect.stringContaining('pinger: network-check-URL-list=http://127.0.0.1:62600/primary')]);
    const off = editBrokerXml(on.xml, plan(c.dialect, { voteOnReplicationFailure: false, networkCheck: false }));
    expect(firstChild(core(off.xml), 'network-check-URL-list')).toBeNull();
    expect(firstChild(core(off.xml), 'network-check-period')).toBeNull();
    // Editing again changes nothing: the file is stable.
    expect(editBrokerXml(off.xml, plan(c.dialect, { voteOnReplicationFailure: false, networkCheck: false })).changes).toEqual([]);
  });
});
