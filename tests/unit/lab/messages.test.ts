import { describe, expect, it } from 'vitest';
import { connectionFailure, equivalentProducerCommand, messageBody, readIdentity } from '../../../electron/lab/messages/messages.js';

const endpoint = { host: '127.0.0.1', port: 61716, user: 'admin', password: 'admin', broker: 'backup' };

describe('equivalentProducerCommand', () => {
  it('is the seed-style producer line', () => {
    expect(equivalentProducerCommand({ host: '127.0.0.1', port: 61616, user: 'admin', password: 'secret', queue: 'haQueue', count: 10 })).toBe(
      'artemis producer --message-count 10 --url tcp://127.0.0.1:61616 --user admin --password secret --destination queue://haQueue',
    );
  });
});

describe('message identity', () => {
  it('reads run id and sequence number from application properties', () => {
    expect(readIdentity({ body: '', application_properties: { runId: 'r1', seq: 7 } })).toEqual({ runId: 'r1', seq: 7 });
    expect(readIdentity({ body: '', application_properties: { runId: 'r1', seq: '8' } })).toEqual({ runId: 'r1', seq: 8 });
  });

  it('treats messages someone else sent as unknown rather than failing', () => {
    expect(readIdentity({ body: 'hello' })).toEqual({ runId: null, seq: null });
    expect(readIdentity(undefined)).toEqual({ runId: null, seq: null });
  });

  it('has a body an attendee can read in the console', () => {
    expect(messageBody('haQueue', 'abc', 3)).toBe('haQueue message 3 of run abc');
  });
});

describe('connectionFailure', () => {
  it('explains a refused connection as a stopped broker or passive backup, naming the broker and port', () => {
    const error = connectionFailure(endpoint, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:61716' }, false);
    expect(error.code).toBe('NOT_RUNNING');
    expect(error.message).toContain('backup (127.0.0.1:61716)');
    expect(error.hint).toMatch(/passive backup/);
  });

  it('says when the user and password were refused', () => {
    const error = connectionFailure(endpoint, { condition: 'amqp:unauthorized-access', description: 'Failed to authenticate: 1' }, false);
    expect(error.message).toMatch(/refused the lab's user and password/);
  });

  it('says the connection was lost when an open connection drops', () => {
    const error = connectionFailure(endpoint, new Error('read ECONNRESET'), true);
    expect(error.code).toBe('BROKER_DIED');
  });
});
