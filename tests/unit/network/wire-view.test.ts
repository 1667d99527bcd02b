// The wire in the snapshot: both directions of a pair as one line, the worse state speaking for
// it, and a cut that was asked for but that no relay applies shown as not relayed.
import { describe, expect, it } from 'vitest';
import type { WiresFile, WiresStatusFile } from '../../../shared/wire-state.js';
import { wireView } from '../../../electron/lab/network/wire-view.js';

const file: WiresFile = {
  revision: 3,
  updatedAt: '',
  wires: [
    { from: 'primary', to: 'backup', listenPort: 62716, targetPort: 61716, cut: true, latencyMs: 0 },
    { from: 'backup', to: 'primary', listenPort: 62616, targetPort: 61616, cut: true, latencyMs: 0 },
  ],
  checkTarget: { port: 62600, unreachable: ['backup'] },
};
const relay = (state: 'open' | 'cut', connections: number) => ({ state, listenPort: 0, targetPort: 0, connections, accepted: 0, bytesToTarget: 0, bytesFromTarget: 0, latencyMs: 0, cuts: 0, lastError: null });

describe('wireView', () => {
  it('merges a pair into one line and shows who is cut off', () => {
    const status: WiresStatusFile = {
      pid: 1,
      state: 'running',
      startedAt: '',
      updatedAt: '',
      appliedRevision: 3,
      wires: [
        { from: 'primary', to: 'backup', ...relay('open', 2) },
        { from: 'backup', to: 'primary', ...relay('cut', 0) },
      ],
      lastError: null,
    };
    expect(wireView(file, status)).toEqual({
      wires: [{ a: 'primary', b: 'backup', cut: true, latencyMs: 0, state: 'cut', connections: 2, lastError: null }],
      unreachable: ['backup'],
      relayRunning: true,
    });
  });

  it('shows a pair only half relayed as not relayed, not as open', () => {
    const half: WiresStatusFile = { pid: 1, state: 'running', startedAt: '', updatedAt: '', appliedRevision: 3, wires: [{ from: 'backup', to: 'primary', ...relay('open', 1) }], lastError: null };
    expect(wireView(file, half)?.wires[0]?.state).toBe('not-relayed');
  });

  it('shows a wire no relay process carries as not relayed, and no wire as null', () => {
    expect(wireView(file, null)?.wires[0]?.state).toBe('not-relayed');
    expect(wireView(file, null)?.relayRunning).toBe(false);
    expect(wireView(null, null)).toBeNull();
  });
});
