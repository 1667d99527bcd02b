// What `link status` shows: each declared link, what the lab wants of it, and what its relay
// really does (null when no process relays it). Wanted and done side by side, so a cut that is
// recorded but not applied (no process running) never passes for a partition.
import type { LinksFile, LinksReport, LinksStatusFile } from '../../../shared/link-state.js';

export function linksReport(file: LinksFile | null, status: LinksStatusFile | null): LinksReport {
  const running = status?.state === 'running' ? status : null;
  const { links: _reported, checkTarget: served, ...process } = status ?? { links: [], checkTarget: null };
  return {
    revision: file?.revision ?? 0,
    process: status ? (process as LinksReport['process']) : null,
    links: (file?.links ?? []).map(({ cut, latencyMs, ...spec }) => {
      const r = running?.links.find((l) => l.from === spec.from && l.to === spec.to);
      const relay = r ? (({ from: _f, to: _t, targetPort: _p, ...rest }) => rest)(r) : null;
      return { ...spec, wanted: { cut, latencyMs }, relay };
    }),
    checkTarget: file?.checkTarget ? { wanted: file.checkTarget, served: running ? (served ?? null) : null } : null,
  };
}
