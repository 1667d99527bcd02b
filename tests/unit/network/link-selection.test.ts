// Which links `link cut|heal|delay [A B]` touches, and the one line a typo gets.
import { describe, expect, it } from 'vitest';
import { selectLinks } from '../../../electron/lab/network/link-selection.js';

const links = [
  { from: 'backup', to: 'master' },
  { from: 'master', to: 'backup' },
  { from: 'backup2', to: 'master' },
];

describe('selectLinks', () => {
  it('takes every link when no broker is named', () => {
    expect(selectLinks(links, [])).toEqual([0, 1, 2]);
  });

  it('takes the links between two brokers in both directions, whatever the order named', () => {
    expect(selectLinks(links, ['master', 'backup'])).toEqual([0, 1]);
    expect(selectLinks(links, ['backup', 'master'])).toEqual([0, 1]);
    expect(selectLinks(links, ['master', 'backup2'])).toEqual([2]);
  });

  it('says what is wrong in one line, with an example that works', () => {
    expect(() => selectLinks(links, ['master'])).toThrow(/Name both ends/);
    expect(() => selectLinks(links, ['master', 'backup', 'backup2'])).toThrow(/Name both ends/);
    expect(() => selectLinks(links, ['master', 'bakup'])).toThrow(/"bakup" is not a broker of this lab \(backup, master, backup2\)/);
    expect(() => selectLinks(links, ['master', 'master'])).toThrow(/named twice/);
    let hint: string | null = null;
    try {
      selectLinks(links, ['backup', 'bakup']);
    } catch (error) {
      hint = (error as { hint: string }).hint;
    }
    expect(hint).toBe('For example `amq-ha-lab link cut backup master`.');
  });

  it("tells a broker of the lab with no link from a typo, using the lab's broker ids", () => {
    expect(() => selectLinks(links, ['backup', 'backup2'], ['master', 'backup', 'backup2'])).toThrow(/no link between backup and backup2/);
    expect(() => selectLinks(links, ['master', 'backup3'], ['master', 'backup', 'backup2'])).toThrow(/"backup3" is not a broker/);
  });
});
