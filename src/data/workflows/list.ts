/**
 * `workflows list` and `show`: custom_workflows with filters, each workflow's
 * current version (its highest number) and its latest run.
 */
import type { Document, Filter } from 'mongodb';
import type { DataSource } from '../core/connection.js';
import { readRun, RUN_PROJECTION, type RunOutcome } from '../core/runs.js';
import { escapeRegExp, normalizeWorkflow, toStringOrNull, workflowIdOf } from '../core/normalize.js';
import type { RawWorkflowDoc, Workflow } from '../core/types.js';
import { idPrefixRange, isIdPrefix } from '../core/workflow-ref.js';
import { latestVersionNumber } from '../versions/read.js';

export interface ListWorkflowsQuery {
  enabled?: boolean;
  /** plain-text substring of the name or a string id, case-insensitive, or an id prefix (6+ hex characters) */
  search?: string;
  limit?: number;
  /**
   * Read each workflow's newest run from workflow_execution_logs (its status
   * and time). Without it the listing reads only custom_workflows and the
   * versions, so its cost does not grow with the runs; the backend's own
   * counters (`execution_count`, `last_execution`) still come with each workflow.
   */
  lastRun?: boolean;
}

export interface LastExecution {
  executionId: string | null;
  /** the stored status */
  status: string | null;
  /** what the status counts as: succeeded-with-failed-actions is a success whose actions partly failed */
  outcome: RunOutcome;
  startedAt: Date | null;
  durationMs: number | null;
  failedActions: number;
}

export interface WorkflowListItem extends Workflow {
  /** the newest logged run; null when none, undefined when not asked for (lastRun false) */
  lastExecution?: LastExecution | null;
}

export function workflowFilter(
  query: ListWorkflowsQuery,
  idRange?: { low: unknown; high: unknown },
): Filter<RawWorkflowDoc> {
  const and: Filter<RawWorkflowDoc>[] = [];
  if (query.enabled !== undefined) {
    // older backends wrote is_active instead of enabled
    and.push({
      $or: [{ enabled: query.enabled }, { enabled: { $exists: false }, is_active: query.enabled }],
    } as Filter<RawWorkflowDoc>);
  }
  if (query.search) {
    const re = new RegExp(escapeRegExp(query.search), 'i');
    // an id prefix of 6+ hex characters also finds the workflows whose ObjectId starts with it
    const or: Filter<RawWorkflowDoc>[] = [{ id: re }, { name: re }];
    if (idRange) or.push({ _id: { $gte: idRange.low, $lte: idRange.high } } as Filter<RawWorkflowDoc>);
    and.push({ $or: or } as Filter<RawWorkflowDoc>);
  }
  return and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
}

export async function listWorkflows(
  ds: DataSource,
  query: ListWorkflowsQuery,
  onStep?: (what: string) => void,
): Promise<WorkflowListItem[]> {
  const idRange = query.search && isIdPrefix(query.search) ? await idPrefixRange(query.search) : undefined;
  const docs = await ds.run('list workflows', () => {
    const cursor = ds.workflows.find(workflowFilter(query, idRange), ds.opts()).sort({ name: 1, _id: 1 });
    if (query.limit) cursor.limit(query.limit);
    return cursor.toArray();
  });
  const workflows = docs.map(normalizeWorkflow);
  const ids = workflows.map((w) => w.id);
  onStep?.(`Reading the current version of ${ids.length} workflows (workflow_versions)`);
  const versions = await currentVersions(ds, ids);
  const withVersions = workflows.map((w) => ({ ...w, currentVersion: versions.get(w.id) ?? w.currentVersion }));
  if (!query.lastRun) return withVersions;
  onStep?.(`Reading the newest run of ${ids.length} workflows (a search of workflow_execution_logs)`);
  const last = await latestExecutions(ds, ids);
  return withVersions.map((w) => ({ ...w, lastExecution: last.get(w.id) ?? null }));
}

/**
 * The newest run of each workflow, a few workflows at a time: per workflow one
 * query on the index {workflow_id, created_at:-1}, and one for flat documents
 * of other tools (no created_at: placed by started_at), usually empty.
 */
export async function latestExecutions(ds: DataSource, workflowIds: string[]): Promise<Map<string, LastExecution>> {
  const result = new Map<string, LastExecution>();
  const queue = [...workflowIds];
  const newest = (wfId: string, filter: Document, sort: Record<string, -1>) =>
    ds.run('find latest execution', () =>
      ds.executions
        .find({ workflow_id: { $eq: wfId }, ...filter }, ds.opts())
        .sort(sort)
        .limit(1)
        .project<Document>(RUN_PROJECTION)
        .next(),
    );
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const wfId = id;
      const logged = await newest(wfId, { created_at: { $exists: true } }, { created_at: -1 });
      const flat = await newest(wfId, { created_at: { $exists: false } }, { started_at: -1 });
      const runs = [logged, flat].filter((d): d is Document => d !== null).map(readRun);
      runs.sort((a, b) => (b.loggedAt ?? -Infinity) - (a.loggedAt ?? -Infinity));
      const run = runs[0];
      if (run) {
        result.set(wfId, {
          executionId: run.executionId,
          status: run.status,
          outcome: run.outcome,
          startedAt: run.startedAt === null ? null : new Date(run.startedAt),
          durationMs: run.durationMs,
          failedActions: run.failedActions,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, workflowIds.length) }, worker));
  return result;
}

/**
 * The current version of each workflow: its highest version number (the one
 * that is current once writes settle, whoever wrote it), one query on the
 * unique index per workflow, a few at a time.
 */
export async function currentVersions(ds: DataSource, workflowIds: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const queue = [...workflowIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const n = await latestVersionNumber(ds, id);
      if (n !== null) result.set(id, n);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, workflowIds.length) }, worker));
  return result;
}

/** Workflow ids and names, for shell completion: a narrow, short query. */
export async function listWorkflowIds(
  ds: DataSource,
  limit: number,
): Promise<Array<{ id: string; name: string | null }>> {
  const docs = await ds.run('list workflow ids', () =>
    ds.workflows
      .find({}, ds.opts({ maxTimeMs: 1000 }))
      .project<{ _id?: unknown; id?: unknown; name?: unknown }>({ _id: 1, id: 1, name: 1 })
      .limit(limit)
      .toArray(),
  );
  return docs.map((d) => ({ id: workflowIdOf(d), name: toStringOrNull(d.name) })).filter((w) => w.id !== '');
}
