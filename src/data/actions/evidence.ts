/**
 * The evidence a rollback shows and keeps: how the current and the target
 * version ran while they were live (version health), and for --if-regressed
 * the test that said worse.
 */
import type { DataSource } from '../core/connection.js';
import type { RollbackPlan } from '../versions/rollback.js';
import {
  healthFigures,
  readVersionStamps,
  versionHealth,
  type HealthFigures,
  type RegressionResult,
  type VersionHealth,
} from '../metrics/index.js';

/** How a version ran while it was live, as the plan shows it and the audit record keeps it. */
export type EvidenceSide = HealthFigures & { version: number };

export interface RollbackEvidence {
  /** 'if-regressed': written by --if-regressed, which never rolls back such a version itself */
  trigger: 'manual' | 'if-regressed';
  current: EvidenceSide | null;
  target: EvidenceSide;
  /** --if-regressed: the test that said worse */
  regression?: Omit<RegressionResult, 'workflowId' | 'message'>;
}

/** How the current and the target version ran while live: one read of the versions, one of the runs since the target went live. */
export async function evidenceFor(
  ds: DataSource,
  plan: RollbackPlan,
  now: Date,
  regression: RegressionResult | null,
): Promise<RollbackEvidence> {
  const stamps = await readVersionStamps(ds, plan.workflowId);
  const above = stamps.filter((s) => s.version >= plan.target.version);
  const health = await versionHealth(ds, { workflowId: plan.workflowId, versions: above, now });
  const sideOf = (version: number | undefined): EvidenceSide | null => {
    const h = health.find((x) => x.version === version);
    return h ? { version: h.version, ...healthFigures(h) } : null;
  };
  const target = sideOf(plan.target.version) ?? {
    version: plan.target.version,
    ...healthFigures(emptyHealth(plan.target.version)),
  };
  const evidence: RollbackEvidence = {
    trigger: regression ? 'if-regressed' : 'manual',
    current: sideOf(plan.current?.version),
    target,
  };
  if (regression) {
    const { workflowId, message, ...test } = regression;
    void workflowId;
    void message;
    evidence.regression = test;
  }
  return evidence;
}

function emptyHealth(version: number): VersionHealth {
  return {
    version,
    liveFrom: null,
    liveUntil: null,
    liveMs: null,
    runs: 0,
    succeeded: 0,
    succeededWithFailedActions: 0,
    failed: 0,
    other: 0,
    successRate: null,
    p95DurationMs: null,
    p95Exact: true,
  };
}
