// What `wire status` shows: each declared wire, what the lab wants of it, and what its relay
// really does (null when no process relays it). Wanted and done side by side, so a cut that is
// recorded but not applied (no process running) never passes for a partition.
import type { WiresFile, WiresReport, WiresStatusFile } from '../../../shared/wire-state.js';

export function wiresReport(file: WiresFile | null, status: WiresStatusFile | null): WiresReport {
  const running = status?.state === 'running' ? status : null;
  const { wires: _reported, checkTarget: served, ...process } = status ?? { wires: [], checkTarget: null };
  return {
    revision: file?.revision ?? 0,
    process: status ? (process as WiresReport['process']) : null,
    wires: (file?.wires ?? []).map(({ cut, latencyMs, ...spec }) => {
      const r = running?.wires.find((l) => l.from === spec.from && l.to === spec.to);
      const relay = r ? (({ from: _f, to: _t, targetPort: _p, ...rest }) => rest)(r) : null;
      return { ...spec, wanted: { cut, latencyMs }, relay };
    }),
    checkTarget: file?.checkTarget ? { wanted: file.checkTarget, served: running ? (served ?? null) : null } : null,
  };
}
