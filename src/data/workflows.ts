/**
 * custom_workflows: lookup by id or unique name, listing with filters, and
 * the latest execution of each workflow.
 */
import type { Filter } from 'mongodb';
import { AmbiguousWorkflowError, WorkflowNotFoundError } from '../errors.js';
import type { DataSource } from './connection.js';
import { escapeRegExp, normalizeWorkflow, toDate, toNumberOrNull, toStringOrNull } from './normalize.js';
import type { RawExecutionDoc, RawWorkflowDoc, Workflow } from './types.js';

/**
 * Finds a workflow by id, or by name when exactly one has it. The reference
 * is compared as a plain string: never parsed as a query or a pattern.
 */
export async function resolveWorkflow(ds: DataSource, ref: string): Promise<Workflow & { raw: RawWorkflowDoc }> {
  const byId = await ds.run('find workflow', () => ds.workflows.findOne({ id: { $eq: ref } }, ds.opts()));
  if (byId) return { ...normalizeWorkflow(byId), raw: byId };
  const byName = await ds.run('find workflow', () =>
    ds.workflows.find({ name: { $eq: ref } }, ds.opts()).project<RawWorkflowDoc>({}).limit(21).toArray(),
  );
  if (byName.length === 1 && byName[0]) return { ...normalizeWorkflow(byName[0]), raw: byName[0] };
  if (byName.length > 1) {
    const ids = byName.slice(0, 20).map((w) => toStringOrNull(w.id) ?? '?');
    throw new AmbiguousWorkflowError(
      `workflow name "${ref}" matches ${byName.length > 20 ? 'more than 20' : byName.length} workflows: ${ids.join(', ')}`,
      { hint: 'name the workflow by its id instead' },
    );
  }
  const suggestions = await closestWorkflows(ds, ref);
  throw new WorkflowNotFoundError(`workflow "${ref}" not found (looked for an id or a name)`, {
    ...(suggestions.length ? { hint: `closest: ${suggestions.join(', ')}` } : { hint: 'wfctl workflows list shows the workflows' }),
  });
}

/** Up to three ids or names nearest to a mistyped reference. */
async function closestWorkflows(ds: DataSource, ref: string): Promise<string[]> {
  const scored: Array<{ label: string; d: number }> = [];
  const cursor = ds.workflows.find({}, ds.opts()).project<{ id?: unknown; name?: unknown }>({ _id: 0, id: 1, name: 1 }).limit(50_000);
  const needle = ref.toLowerCase();
  for await (const w of cursor) {
    const id = toStringOrNull(w.id) ?? '';
    const name = toStringOrNull(w.name) ?? '';
    const d = Math.min(distance(needle, id.toLowerCase()), distance(needle, name.toLowerCase()));
    const label = name && name !== id ? `${id} (${name})` : id;
    scored.push({ label, d });
  }
  const limit = Math.max(2, Math.floor(ref.length / 2));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.label.localeCompare(b.label))
    .slice(0, 3)
    .map((s) => s.label);
}

/** Levenshtein distance, with a substring counting as close. */
function distance(a: string, b: string): number {
  if (!a || !b) return Math.max(a.length, b.length);
  if (b.includes(a) || a.includes(b)) return Math.abs(a.length - b.length) === 0 ? 0 : 1;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

export interface ListWorkflowsQuery {
  enabled?: boolean;
  /** plain-text substring of id or name, case-insensitive */
  search?: string;
  limit?: number;
}

export interface LastExecution {
  executionId: string | null;
  status: string | null;
  startedAt: Date | null;
  durationMs: number | null;
}

export interface WorkflowListItem extends Workflow {
  lastExecution: LastExecution | null;
}

export function workflowFilter(query: ListWorkflowsQuery): Filter<RawWorkflowDoc> {
  const and: Filter<RawWorkflowDoc>[] = [];
  if (query.enabled !== undefined) {
    // older backends wrote is_active instead of enabled
    and.push({
      $or: [{ enabled: query.enabled }, { enabled: { $exists: false }, is_active: query.enabled }],
    } as Filter<RawWorkflowDoc>);
  }
  if (query.search) {
    const re = new RegExp(escapeRegExp(query.search), 'i');
    and.push({ $or: [{ id: re }, { name: re }] } as Filter<RawWorkflowDoc>);
  }
  return and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
}

export async function listWorkflows(ds: DataSource, query: ListWorkflowsQuery): Promise<WorkflowListItem[]> {
  const docs = await ds.run('list workflows', () => {
    const cursor = ds.workflows.find(workflowFilter(query), ds.opts()).sort({ name: 1, id: 1 });
    if (query.limit) cursor.limit(query.limit);
    return cursor.toArray();
  });
  const workflows = docs.map(normalizeWorkflow);
  const last = await latestExecutions(
    ds,
    workflows.map((w) => w.id),
  );
  return workflows.map((w) => ({ ...w, lastExecution: last.get(w.id) ?? null }));
}

/**
 * The newest execution of each workflow: one indexed query per workflow
 * ({workflow_id, started_at:-1}), a few at a time.
 */
export async function latestExecutions(ds: DataSource, workflowIds: string[]): Promise<Map<string, LastExecution>> {
  const result = new Map<string, LastExecution>();
  const queue = [...workflowIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const wfId = id;
      const doc = await ds.run('find latest execution', () =>
        ds.executions
          .find({ workflow_id: wfId }, ds.opts())
          .sort({ started_at: -1 })
          .limit(1)
          .project<RawExecutionDoc>({ execution_id: 1, status: 1, started_at: 1, duration_ms: 1 })
          .next(),
      );
      if (doc) {
        result.set(wfId, {
          executionId: toStringOrNull(doc.execution_id),
          status: toStringOrNull(doc.status),
          startedAt: toDate(doc.started_at),
          durationMs: toNumberOrNull(doc.duration_ms),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, workflowIds.length) }, worker));
  return result;
}

/** Workflow ids, for shell completion: a narrow, short query. */
export async function listWorkflowIds(ds: DataSource, limit: number): Promise<string[]> {
  const docs = await ds.run('list workflow ids', () =>
    ds.workflows.find({}, ds.opts({ maxTimeMs: 2000 })).project<{ id?: unknown }>({ _id: 0, id: 1 }).sort({ id: 1 }).limit(limit).toArray(),
  );
  return docs.map((d) => d.id).filter((id): id is string => typeof id === 'string');
}
