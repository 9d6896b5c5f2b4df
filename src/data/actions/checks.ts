/**
 * `db doctor`'s check of the change requests (wfctl_change_requests): a request claimed for applying
 * (pending -> applying) is settled by the same apply within seconds (applied, stale, or back to
 * pending on a failure). One still "applying" after STUCK_APPLYING_MS was left by an apply that
 * stopped part-way (killed, or its connection lost): no one else may apply it, so it is named.
 */
import type { ConsistencyCheck, Finding } from '../core/consistency.js';
import type { DataSource } from '../core/connection.js';
import { requests } from './request-store.js';

/** How long a request may stay "applying" before doctor names it. */
export const STUCK_APPLYING_MS = 15 * 60_000;

export const changeRequestsCheck: ConsistencyCheck = {
  name: 'change-requests',
  description: 'change requests stuck in "applying" (an apply that stopped part-way)',
  async run(ds: DataSource): Promise<Finding[]> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - STUCK_APPLYING_MS);
    const stuck = await ds.run('read the change requests being applied', () =>
      requests(ds)
        .find({ status: { $eq: 'applying' } }, ds.opts())
        .project<{
          _id: string;
          workflow_name?: string;
          plan?: { kind?: string; workflow_id?: string; new_version?: number };
          applying?: { by?: { id?: string }; at?: unknown };
          updated_at?: unknown;
        }>({ data: 0, evidence: 0, approvals: 0 })
        .toArray(),
    );
    const findings: Finding[] = [];
    for (const r of stuck) {
      // the claim's time; a request without one (written by hand, or an older wfctl) by its last update
      const at = r.applying?.at instanceof Date ? r.applying.at : r.updated_at instanceof Date ? r.updated_at : null;
      if (at && at.getTime() > cutoff.getTime()) continue;
      const minutes = at ? Math.floor((now.getTime() - at.getTime()) / 60_000) : null;
      const wf = r.plan?.workflow_id ?? '?';
      const n = r.plan?.new_version;
      findings.push({
        check: 'change-requests',
        severity: 'warning',
        message: `change request ${r._id} (${r.plan?.kind ?? 'change'} of ${r.workflow_name ?? wf}) has been "applying" ${at ? `since ${at.toISOString()} (${minutes} min)` : 'with no time recorded'}, claimed by ${r.applying?.by?.id ?? 'someone'}: its apply stopped part-way`,
        fix: `see whether the change was written (wfctl versions list ${wf}${n ? `: version ${n}` : ''}); if it was not, file the change again`,
        data: {
          requestId: r._id,
          workflowId: wf,
          claimedBy: r.applying?.by?.id ?? null,
          since: at ? at.toISOString() : null,
          minutes,
        },
      });
    }
    return findings;
  },
};
