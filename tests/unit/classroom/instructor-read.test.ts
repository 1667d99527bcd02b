// `classroom status` reads the class once: every row the hub holds, even when the hub answers the
// first drain early (its socket full) — against a peer that answers drains the way Artemis does.
// The real hub is in tests/integration/classroom.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rhea from 'rhea';
import { afterEach, describe, expect, it } from 'vitest';
import { InstructorView } from '../../../electron/classroom/instructor-view.js';
import type { HubConfig } from '../../../electron/classroom/hub-config.js';
import { CLASSROOM_ADDRESS, CLASSROOM_QUEUE, encodeEvent, ROW_KEY } from '../../../shared/classroom-event.js';
import { answerDrainsLikeArtemis, listenPeer, type Listening } from '../amqp-peer.js';
import { classroomEvent } from './classroom-event-fixture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function hubOf(names: string[], firstRoundCutAt: number): Promise<HubConfig> {
  const container = rhea.create_container({ id: 'artemis-like-hub' });
  container.sasl_server_mechanisms.enable_plain(() => true);
  const rows = names.map((name, i) => ({ body: encodeEvent(classroomEvent(name)), application_properties: { [ROW_KEY]: `key-${i}`.padEnd(32, 'x') } }));
  answerDrainsLikeArtemis(container, (address) => (address === `${CLASSROOM_ADDRESS}::${CLASSROOM_QUEUE}` ? rows : []), { firstRoundCutAt });
  const listening: Listening = await listenPeer(container);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-read-'));
  cleanups.push(listening.close, () => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    schema: 1,
    title: 'Room 1',
    bind: '127.0.0.1',
    port: listening.port,
    consolePort: 0,
    code: 'AAA-BBB',
    instructorPassword: 'secret',
    tls: null,
    broker: { version: '2.44.0', label: 'Apache Artemis 2.44.0', home: dir, zip: '' },
    javaHome: null,
    dir: path.join(dir, 'instance'),
    createdAt: '2026-01-01T09:00:00.000Z',
  };
}

describe('the instructor reading the class once', () => {
  it('shows every attendee when the hub answers the first drain after one row', async () => {
    const view = await new InstructorView(await hubOf(['Ada', 'Grace', 'Linus'], 1)).readOnce();
    expect(view.rows.map((r) => r.event.name).sort()).toEqual(['Ada', 'Grace', 'Linus']);
    expect(view.connected).toBe(true);
  });
});
