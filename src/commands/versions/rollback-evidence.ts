/**
 * How the rollback's evidence reads (the data layer gathers it:
 * data/actions/evidence.ts).
 */
import { formatPercent } from '../../data/core/index.js';
import type { EvidenceSide } from '../../data/actions/index.js';
import { formatLive } from '../../render/time.js';

export type { EvidenceSide, RollbackEvidence } from '../../data/actions/index.js';

/** "current v6: 40 runs, 60.0% ok, live 2h 00m" */
export function describeEvidenceSide(role: string, s: EvidenceSide | null): string {
  if (!s) return `${role}: none`;
  const rate = s.successRate === null ? 'no finished runs' : `${formatPercent(s.successRate)} ok`;
  const live =
    s.liveMs === null
      ? 'never live (no changed_at)'
      : s.liveUntil === null && s.liveMs > 0
        ? `live ${formatLive(s.liveMs)} so far`
        : `live ${formatLive(s.liveMs)}`;
  return `${role} v${s.version}: ${s.runs} run${s.runs === 1 ? '' : 's'}${s.runs > 0 ? `, ${rate}` : ''}, ${live}`;
}
