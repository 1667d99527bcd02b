// The hub's broker.xml as a security review reads it: one AMQP acceptor, attendees who may only
// send their state and answers and read their own asks, no queue or address anyone else could make,
// every address bounded and refusing (FAIL) when full, the class in a durable last-value queue.
// The real hub enforcing it is in tests/integration/classroom.test.ts.
import { describe, expect, it } from 'vitest';
import { ATTENDEE_ROLE, hubAcceptorUrl, hubBrokerXml, INSTRUCTOR_ROLE, type HubXmlPlan } from '../../../electron/classroom/hub-broker-xml.js';
import { childElements, firstChild, parseXml, textOf } from '../../../electron/lab/instances/xml-dom.js';
import { ANSWER_ADDRESS, ASK_ADDRESS_PREFIX } from '../../../shared/classroom-ask.js';
import { CLASSROOM_ADDRESS, CLASSROOM_QUEUE, ROW_KEY } from '../../../shared/classroom-event.js';

const plan: HubXmlPlan = { bind: '192.168.1.20', port: 5673, tls: { keyStorePath: '/hub/etc/hub.p12', keyStorePassword: 'p&ss<word>' }, connectionsAllowed: 200 };

function core(xml: string): Element {
  const c = firstChild(parseXml(xml).root, 'core');
  if (!c) throw new Error('no <core>');
  return c;
}

/** match → permission type → roles. */
function permissions(c: Element): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const setting of childElements(firstChild(c, 'security-settings')!, 'security-setting')) {
    const perms = new Map<string, string[]>();
    for (const p of childElements(setting, 'permission')) perms.set(p.getAttribute('type')!, p.getAttribute('roles')!.split(','));
    out.set(setting.getAttribute('match')!, perms);
  }
  return out;
}

describe("the hub's broker.xml", () => {
  const c = core(hubBrokerXml(plan));

  it('has one acceptor, AMQP only, on the bind address, with TLS when there is a keystore', () => {
    const acceptors = childElements(firstChild(c, 'acceptors')!, 'acceptor');
    expect(acceptors).toHaveLength(1);
    const url = textOf(acceptors[0]!)!;
    expect(url.startsWith('tcp://192.168.1.20:5673?')).toBe(true);
    expect(url).toContain('protocols=AMQP;');
    expect(url).toContain('sslEnabled=true');
    // The keystore password survives the XML (escaped in the file, read back whole).
    expect(url).toContain('keyStorePassword=p&ss<word>');
    expect(hubAcceptorUrl({ ...plan, tls: null })).not.toContain('sslEnabled');
    expect(hubAcceptorUrl({ ...plan, bind: '::' })).toMatch(/^tcp:\/\/\[::\]:5673\?/);
  });

  it('lets attendees only send state and answers and read their own asks; nobody but the instructor makes anything', () => {
    expect(textOf(firstChild(c, 'security-enabled'))).toBe('true');
    const perms = permissions(c);
    const attendeeMay = new Map<string, string[]>();
    for (const [match, types] of perms) {
      for (const [type, roles] of types) {
        if (roles.includes(ATTENDEE_ROLE)) attendeeMay.set(match, [...(attendeeMay.get(match) ?? []), type]);
        // Every grant goes to the two roles the hub knows, and the instructor has each one.
        expect(roles.every((r) => r === ATTENDEE_ROLE || r === INSTRUCTOR_ROLE)).toBe(true);
        expect(roles).toContain(INSTRUCTOR_ROLE);
      }
    }
    expect(Object.fromEntries(attendeeMay)).toEqual({
      [CLASSROOM_ADDRESS]: ['send'],
      [`${ASK_ADDRESS_PREFIX}#`]: ['consume'],
      [ANSWER_ADDRESS]: ['send'],
    });
    // Creating queues or addresses: only on the ask prefix, only the instructor.
    for (const [match, types] of perms) {
      for (const create of ['createAddress', 'createDurableQueue', 'createNonDurableQueue', 'deleteAddress', 'deleteDurableQueue']) {
        if (types.has(create)) expect([match, types.get(create)]).toEqual([`${ASK_ADDRESS_PREFIX}#`, [INSTRUCTOR_ROLE]]);
      }
    }
  });

  it('bounds every address and refuses (FAIL) when one is full; only ask queues are created on demand', () => {
    const settings = childElements(firstChild(c, 'address-settings')!, 'address-setting');
    expect(settings.map((s) => s.getAttribute('match')).sort()).toEqual(['#', ANSWER_ADDRESS, CLASSROOM_ADDRESS, `${ASK_ADDRESS_PREFIX}#`].sort());
    for (const s of settings) {
      expect(textOf(firstChild(s, 'address-full-policy'))).toBe('FAIL');
      expect(Number(textOf(firstChild(s, 'max-size-bytes')))).toBeGreaterThan(0);
      const autoCreate = textOf(firstChild(s, 'auto-create-queues'));
      expect(autoCreate).toBe(s.getAttribute('match') === `${ASK_ADDRESS_PREFIX}#` ? 'true' : 'false');
    }
    // The zips' address is bounded by count: large messages barely count towards its bytes.
    const answers = settings.find((s) => s.getAttribute('match') === ANSWER_ADDRESS)!;
    expect(Number(textOf(firstChild(answers, 'max-size-messages')))).toBeGreaterThan(0);
  });

  it('keeps the class in a durable, non-destructive last-value queue keyed by the row', () => {
    const address = childElements(firstChild(c, 'addresses')!, 'address').find((a) => a.getAttribute('name') === CLASSROOM_ADDRESS)!;
    const queue = firstChild(firstChild(address, 'multicast')!, 'queue')!;
    expect(queue.getAttribute('name')).toBe(CLASSROOM_QUEUE);
    expect(queue.getAttribute('last-value-key')).toBe(ROW_KEY);
    expect(queue.getAttribute('non-destructive')).toBe('true');
    expect(textOf(firstChild(queue, 'durable'))).toBe('true');
    expect(textOf(firstChild(c, 'persistence-enabled'))).toBe('true');
  });
});
