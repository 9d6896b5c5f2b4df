/**
 * The shapes the rollback's files share (rollback.ts runs, rollback-ask.ts
 * asks, rollback-print.ts prints): the flags, the result, and the plan as
 * the screen shows it.
 */
import type {
  ChangesSummary,
  RollbackPlan,
  StructuralCounts,
  VersionRef,
  WorkflowComparison,
} from '../../data/versions/index.js';
import type { RegressionResult } from '../../data/metrics/index.js';
import type { RollbackEvidence } from '../../data/actions/index.js';

/** The flags of `rollback` (commands/rollback/index.ts defines them). */
export interface RollbackFlags {
  /** 'previous': with --if-regressed, the version the check compared with */
  to?: VersionRef | 'previous';
  reason?: string;
  yes?: boolean;
  dryRun?: boolean;
  /** the full diff inline (on a terminal it is otherwise offered through the pager) */
  diff?: boolean;
  expectCurrent?: number;
  json?: boolean;
  ifRegressed?: boolean;
  confidence?: number;
  minRuns?: number;
  baseline?: number;
  /** on a target that requires approvals: roll back without them, on record */
  breakGlass?: boolean;
  /** after the rollback: follow the restored version's runs this long (ms), then judge them */
  waitHealthy?: number;
  pollInterval?: number;
}

export interface RollbackCommandInput extends RollbackFlags {
  workflow: string;
}

export type UnchangedWhy =
  'already-current' | 'same-data' | 'not-regressed' | 'insufficient-data' | 'automatic-rollback' | 'current-changed';

export interface RollbackResult {
  status: 'rolled_back' | 'unchanged' | 'dry_run';
  workflow: { id: string; name: string };
  /** the version current before (rolled_back, dry_run); null when unchanged */
  from: number | null;
  /** the version whose data is restored (--if-regressed without a version to compare with: null) */
  to: number | null;
  /** rolled_back: the new version; dry_run: the number it would most likely get; unchanged: the current one (null: no versions) */
  version: number | null;
  reason: string | null;
  /**
   * unchanged: why. --if-regressed adds not-regressed, insufficient-data (the
   * check could not judge), automatic-rollback (the current version is one
   * --if-regressed wrote) and current-changed (someone wrote meanwhile)
   */
  unchangedReason: UnchangedWhy | null;
  /** --if-regressed: the check's verdict in one line */
  message: string | null;
  /** how the current and the target version ran while live; null when nothing was planned */
  evidence: RollbackEvidence | null;
  /** --if-regressed: the regression check */
  regression: RegressionResult | null;
  /**
   * the backend's counts (its compare's changes_summary) of the version the rollback writes (dry_run:
   * would write): the counts of its stored diff, which its audit record keeps and `versions compare
   * <from> <version>` shows; with the updated_at and rollback_info it stamps
   */
  summary: ChangesSummary;
  /** what changes in the definition, current -> target, by path (the stamps left out) */
  counts: StructuralCounts;
  /** versions an interrupted write had left unfinished, finished first */
  completed: number[];
}

/** The plan as the screen shows it before the question. */
export interface PlanView {
  workflow: { id: string; name: string };
  plan: RollbackPlan;
  /** current -> target */
  cmp: WorkflowComparison;
  evidence: RollbackEvidence | null;
  /** the backend's counts of the version it writes (plannedChanges) */
  summary: ChangesSummary;
}

/** How the run shows the plan; the wiring gives it rollback-print.ts's functions. */
export interface RollbackScreen {
  /** the header, the evidence and what changes; `diff`: the full diff inline after it; `compact`: sized to stay on one screen with the question */
  plan(view: PlanView, options: { diff: boolean; compact: boolean }): void;
  /** the full diff, through the pager unless `inline` */
  diff(view: PlanView, options: { inline: boolean }): Promise<void>;
}
