// Which wires `wire cut|heal|delay [A B]` touches, and the one line a typo gets.
import { describe, expect, it } from 'vitest';
import { selectWires } from '../../../electron/lab/network/wire-selection.js';

const wires = [
  { from: 'backup', to: 'master' },
  { from: 'master', to: 'backup' },
  { from: 'backup2', to: 'master' },
];

describe('selectWires', () => {
  it('takes every wire when no broker is named', () => {
    expect(selectWires(wires, [])).toEqual([0, 1, 2]);
  });

  it('takes the wires between two brokers in both directions, whatever the order named', () => {
    expect(selectWires(wires, ['master', 'backup'])).toEqual([0, 1]);
    expect(selectWires(wires, ['backup', 'master'])).toEqual([0, 1]);
    expect(selectWires(wires, ['master', 'backup2'])).toEqual([2]);
  });

  it('says what is wrong in one line, with an example that works', () => {
    expect(() => selectWires(wires, ['master'])).toThrow(/Name both ends/);
    expect(() => selectWires(wires, ['master', 'backup', 'backup2'])).toThrow(/Name both ends/);
    expect(() => selectWires(wires, ['master', 'bakup'])).toThrow(/"bakup" is not a broker of this lab \(backup, master, backup2\)/);
    expect(() => selectWires(wires, ['master', 'master'])).toThrow(/named twice/);
    let hint: string | null = null;
    try {
      selectWires(wires, ['backup', 'bakup']);
    } catch (error) {
      hint = (error as { hint: string }).hint;
    }
    expect(hint).toBe('For example `amq-ha-lab wire cut backup master`.');
  });

  it("tells a broker of the lab with no wire from a typo, using the lab's broker ids", () => {
    expect(() => selectWires(wires, ['backup', 'backup2'], ['master', 'backup', 'backup2'])).toThrow(/no wire between backup and backup2/);
    expect(() => selectWires(wires, ['master', 'backup3'], ['master', 'backup', 'backup2'])).toThrow(/"backup3" is not a broker/);
  });
});
