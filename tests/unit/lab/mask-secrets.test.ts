// What leaves the machine in a diagnostics zip must not carry a password, in any of the shapes a
// lab keeps them.
import { describe, expect, it } from 'vitest';
import { MASK, maskJson, maskKnownValues, maskText } from '../../../electron/lab/diagnostics/mask-secrets.js';

describe('masking secrets', () => {
  it('masks secret-named JSON keys at any depth and keeps the rest', () => {
    const out = JSON.parse(maskJson(JSON.stringify({ user: 'admin', password: 'p1', nested: { clusterPassword: 'p2', token: 't', port: 1 }, list: [{ apiSecret: 's' }] })));
    expect(out).toEqual({ user: 'admin', password: MASK, nested: { clusterPassword: MASK, token: MASK, port: 1 }, list: [{ apiSecret: MASK }] });
  });

  it('masks broker.xml elements and attributes, properties lines and command options', () => {
    const xml = '<cluster-user>clusterUser</cluster-user>\n      <cluster-password>hunter22</cluster-password>\n<password>ENC(abc)</password>\n<user name="a" password="pw9"/>';
    const masked = maskText(xml);
    expect(masked).toContain('<cluster-user>clusterUser</cluster-user>');
    expect(masked).not.toMatch(/hunter22|ENC\(abc\)|pw9/);
    expect(maskText('key.store.password=changeit\nhost=x')).toBe(`key.store.password=${MASK}\nhost=x`);
    expect(maskText('artemis producer --user admin --password hunter22 --url tcp://x')).toBe(`artemis producer --user admin --password ${MASK} --url tcp://x`);
    expect(maskText('--cluster-password="a b"')).toBe(`--cluster-password=${MASK}`);
  });

  it('masks known values anywhere, but not short ones or ones equal to a user name', () => {
    expect(maskKnownValues('login with Sup3rS3cret failed', ['Sup3rS3cret'])).toBe(`login with ${MASK} failed`);
    expect(maskKnownValues('user admin', ['admin'], ['admin'])).toBe('user admin');
    expect(maskKnownValues('a b c', ['b'])).toBe('a b c');
  });
});
