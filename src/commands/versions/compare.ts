import type { CommandContext } from '../../context.js';
import type { ChangesSummary } from '../../data/versions/index.js';
import {
  compareWorkflowData,
  type Change,
  type StructuralCounts,
  type WorkflowComparison,
} from '../../data/versions/index.js';
import type { VersionRef } from '../../data/versions/index.js';
import { normalizeVersionDetail, resolveVersionRef, type VersionDetail } from '../../data/versions/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderStat, renderSummary, renderUnifiedDiff, type DiffLabels } from '../../render/diff.js';
import type { EjsonMode } from '../../data/core/index.js';
import { loadExtendedJson, printJson, StoredDocument } from '../../render/json.js';
import { createTheme } from '../../render/theme.js';

export interface CompareSide {
  version: number;
  current: boolean;
  changedAt: Date | null;
  changedBy: string | null;
  description: string | null;
}

export interface CompareVersionsResult {
  workflow: { id: string; name: string };
  a: CompareSide;
  b: CompareSide;
  comparison: WorkflowComparison;
}

/** The --json shape: comparison without the line hunks, which the unified format prints. */
export interface CompareVersionsJson {
  workflow: { id: string; name: string };
  a: CompareSide;
  b: CompareSide;
  identical: boolean;
  counts: StructuralCounts;
  /** the backend's compare `changes_summary` of `diff` */
  summary: ChangesSummary;
  changes: Change[];
  /** DeepDiff(a, b, ignore_order=True) as the backend's compare returns it, as Extended JSON */
  diff: StoredDocument;
}

function side(v: VersionDetail): CompareSide {
  return {
    version: v.version,
    current: v.isCurrent,
    changedAt: v.changedAt,
    changedBy: v.changedBy,
    description: v.description,
  };
}

export async function runCompareVersions(
  input: { workflow: string; a: VersionRef; b: VersionRef; context: number; withoutLines?: boolean },
  ctx: CommandContext,
): Promise<CompareVersionsResult> {
  await loadExtendedJson();
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const a = normalizeVersionDetail(await resolveVersionRef(ds, wf.id, input.a));
  const b = normalizeVersionDetail(await resolveVersionRef(ds, wf.id, input.b));
  const comparison = compareWorkflowData(a.workflowData, b.workflowData, {
    context: input.context,
    withoutLines: input.withoutLines === true,
  });
  return { workflow: { id: wf.id, name: wf.name }, a: side(a), b: side(b), comparison };
}

export function compareJson(result: CompareVersionsResult, mode: EjsonMode = 'relaxed'): CompareVersionsJson {
  const c = result.comparison;
  return {
    workflow: result.workflow,
    a: result.a,
    b: result.b,
    identical: c.identical,
    counts: c.counts,
    summary: c.summary,
    changes: c.changes,
    diff: new StoredDocument(c.diff, mode),
  };
}

export function labelsFor(workflowId: string, a: number, b: number, name?: string | null): DiffLabels {
  return { old: `${workflowId}@${a}`, new: `${workflowId}@${b}`, ...(name && name !== workflowId ? { name } : {}) };
}

/** format: full (summary, then diff), unified, summary, stat or json. */
export function printCompareVersions(
  result: CompareVersionsResult,
  io: IOStreams,
  format: string,
  mode: EjsonMode = 'relaxed',
): void {
  if (format === 'json') return printJson(io, compareJson(result, mode));
  const t = createTheme(io.colorStdout);
  const labels = labelsFor(result.workflow.id, result.a.version, result.b.version, result.workflow.name);
  const c = result.comparison;
  if (c.identical) {
    if (format !== 'unified') io.out(renderSummary(c, labels, t));
    else io.note(renderSummary(c, labels, t));
    return;
  }
  if (format === 'stat') return io.out(renderStat(c, labels, t));
  if (format === 'full' || format === 'summary') io.out(renderSummary(c, labels, t));
  if (format === 'full') io.out('\n');
  if (format === 'full' || format === 'unified') io.out(renderUnifiedDiff(c.hunks, labels, t));
}
