/**
 * custom_workflows: resolving what a user types to a workflow (id, id
 * prefix, name, or the full id of a deleted one). Every wing names workflows
 * this way; listing them is workflows/list.ts.
 */
import type { Document, Filter } from 'mongodb';
import { AmbiguousWorkflowError, UsageError, WorkflowNotFoundError } from '../../errors.js';
import { EXACT_TYPES, type DataSource } from './connection.js';
import { escapeRegExp, normalizeWorkflow, toNumberOrNull, toStringOrNull, workflowIdOf } from './normalize.js';
import type { RawWorkflowDoc, Workflow } from './types.js';
import { quoteInput } from '../../quote.js';

/** A full workflow id: the 24-hex text of an ObjectId `_id`. */
const FULL_ID = /^[0-9a-f]{24}$/i;
/** A short id: a prefix of at least 6 hex characters, as git and docker accept. */
const ID_PREFIX = /^[0-9a-f]{6,23}$/i;
const HEX_TOO_SHORT = /^[0-9a-f]{1,5}$/i;

export type ResolvedWorkflow = Workflow & {
  /** the live document; null for a deleted workflow */
  raw: RawWorkflowDoc | null;
};

/**
 * Finds a workflow by what a user types (the document is read with its exact
 * BSON types): its full id, a unique prefix of it
 * (6+ hex characters), its name when exactly one workflow has it, or a
 * tolerated string `id`; failing those, its name in any case when exactly one
 * workflow has it so. A deleted workflow, known only to its versions or
 * audit records, resolves by its full id. References are compared as plain
 * strings or as an escaped, anchored pattern, never parsed as a query.
 */
export async function resolveWorkflow(ds: DataSource, ref: string): Promise<ResolvedWorkflow> {
  const exact = await findLiveWorkflow(ds, ref);
  if (exact) return { ...normalizeWorkflow(exact), raw: exact };
  const found = new Map<string, RawWorkflowDoc>();
  const byName = await ds.run('find workflow', () =>
    ds.workflows
      .find({ name: { $eq: ref } }, { ...ds.opts(), ...EXACT_TYPES })
      .limit(21)
      .toArray(),
  );
  for (const w of byName) found.set(workflowIdOf(w), w);
  if (ID_PREFIX.test(ref)) for (const w of await findByIdPrefix(ds, ref)) found.set(workflowIdOf(w), w);
  if (found.size === 1) {
    const only = [...found.values()][0]!;
    return { ...normalizeWorkflow(only), raw: only };
  }
  if (found.size > 1)
    throw ambiguous(ref, [...found.values()], '', 'name the workflow by a longer id prefix or its full id');
  const anyCase = await findByNameAnyCase(ds, ref);
  if (anyCase.length === 1) return { ...normalizeWorkflow(anyCase[0]!), raw: anyCase[0]! };
  if (anyCase.length > 1)
    throw ambiguous(ref, anyCase, ' by name in any case', 'give the name in its exact case, or the id');
  if (FULL_ID.test(ref)) {
    const deleted = await findDeletedWorkflow(ds, ref.toLowerCase());
    if (deleted) return deleted;
  }
  if (HEX_TOO_SHORT.test(ref)) {
    throw new UsageError(
      `${quoteInput(ref)} is not a workflow name, and an id prefix needs at least 6 hex characters`,
      {
        hint: 'give more of the id (wfctl workflows list shows them), or the whole name',
      },
    );
  }
  const suggestions = await closestWorkflows(ds, ref);
  throw new WorkflowNotFoundError(`workflow ${quoteInput(ref)} not found (looked for an id, an id prefix and a name)`, {
    ...(suggestions.length
      ? { hint: `closest: ${suggestions.join(', ')}` }
      : { hint: 'wfctl workflows list shows the workflows' }),
  });
}

function ambiguous(ref: string, docs: RawWorkflowDoc[], how: string, hint: string): AmbiguousWorkflowError {
  const labels = docs.slice(0, 20).map(workflowLabel);
  return new AmbiguousWorkflowError(
    `${quoteInput(ref)} matches ${docs.length > 20 ? 'more than 20' : docs.length} workflows${how}: ${labels.join(', ')}`,
    { hint },
  );
}

/**
 * Workflows whose name equals `ref` but for case: an escaped pattern anchored at
 * both ends with the 'i' flag (the server folds Unicode case), then checked
 * here again, since a server's `$` also matches before a final newline.
 */
async function findByNameAnyCase(ds: DataSource, ref: string): Promise<RawWorkflowDoc[]> {
  // a pattern is a C string in BSON: a NUL cannot be sent, and no name the backend writes holds one
  if (ref === '' || ref.includes('\u0000')) return [];
  const pattern = new RegExp(`^${escapeRegExp(ref)}$`, 'i');
  const docs = await ds.run('find workflow by name', () =>
    ds.workflows
      .find({ name: pattern }, { ...ds.opts(), ...EXACT_TYPES })
      .limit(21)
      .toArray(),
  );
  const folded = ref.toLowerCase();
  return docs.filter((w) => {
    const name = toStringOrNull(w.name);
    return name !== null && (name.toLowerCase() === folded || name.toUpperCase() === ref.toUpperCase());
  });
}

/** "6b0e7c92ed9c955c3bbc0372 (Invoice sync)" */
function workflowLabel(w: { _id?: unknown; id?: unknown; name?: unknown }): string {
  const id = workflowIdOf(w);
  const name = toStringOrNull(w.name);
  return name && name !== id ? `${id} (${name})` : id;
}

/**
 * The live document of a workflow id: by `_id` when the id is 24-hex (one
 * index lookup), else (or when that finds nothing) by a tolerated string `id`.
 */
export async function findLiveWorkflow(
  ds: DataSource,
  workflowId: string,
  projection?: Document,
): Promise<RawWorkflowDoc | null> {
  const options = { ...ds.opts(), ...EXACT_TYPES, ...(projection ? { projection } : {}) };
  if (FULL_ID.test(workflowId)) {
    const { ObjectId } = await import('mongodb'); // loaded with the connection already
    const byOid = await ds.run('find workflow', () =>
      ds.workflows.findOne({ _id: new ObjectId(workflowId.toLowerCase()) }, options),
    );
    if (byOid) return byOid;
  }
  return ds.run('find workflow', () => ds.workflows.findOne({ id: { $eq: workflowId } }, options));
}

/** True for text that may be an id prefix: 6 to 23 hex characters. */
export function isIdPrefix(text: string): boolean {
  return ID_PREFIX.test(text);
}

/** The `_id` range of the ObjectIds that start with a hex prefix: one bounded range, served by the `_id` index. */
export async function idPrefixRange(prefix: string): Promise<{ low: unknown; high: unknown }> {
  const { ObjectId } = await import('mongodb');
  const p = prefix.toLowerCase();
  return { low: new ObjectId(p.padEnd(24, '0')), high: new ObjectId(p.padEnd(24, 'f')) };
}

/** Workflows whose ObjectId starts with a hex prefix. */
async function findByIdPrefix(ds: DataSource, prefix: string): Promise<RawWorkflowDoc[]> {
  const { low, high } = await idPrefixRange(prefix);
  return ds.run('find workflow by id prefix', () =>
    ds.workflows
      .find({ _id: { $gte: low, $lte: high } } as Filter<RawWorkflowDoc>, { ...ds.opts(), ...EXACT_TYPES })
      .limit(21)
      .toArray(),
  );
}

/**
 * A workflow that custom_workflows no longer holds but whose history does:
 * named after its newest version (or its newest audit record that names it).
 */
async function findDeletedWorkflow(ds: DataSource, workflowId: string): Promise<ResolvedWorkflow | null> {
  const version = await ds.run('find versions of a deleted workflow', () =>
    ds.versions
      .find({ workflow_id: { $eq: workflowId } }, ds.opts())
      .sort({ version_number: -1 })
      .limit(1)
      .project<{ workflow_data?: { name?: unknown }; version_number?: unknown }>({
        _id: 0,
        'workflow_data.name': 1,
        version_number: 1,
      })
      .next(),
  );
  let name: string | null = version ? toStringOrNull(version.workflow_data?.name) : null;
  if (!version) {
    const record = await ds.run('find audit records of a deleted workflow', () =>
      ds.audit
        .find({ workflow_id: { $eq: workflowId } }, ds.opts())
        .sort({ timestamp: -1 })
        .limit(1)
        .project<{ details?: { name?: unknown; template_name?: unknown } }>({ _id: 0, details: 1 })
        .next(),
    );
    if (!record) return null;
    name = toStringOrNull(record.details?.name) ?? toStringOrNull(record.details?.template_name);
  }
  return {
    id: workflowId,
    name: name ?? '(deleted)',
    description: null,
    enabled: false,
    triggerType: null,
    actionCount: 0,
    actions: [],
    tags: [],
    createdBy: null,
    createdAt: null,
    updatedAt: null,
    executionCount: null,
    lastExecutionAt: null,
    currentVersion: version ? toNumberOrNull(version.version_number) : null,
    deleted: true,
    raw: null,
  };
}

/** Up to three ids or names nearest to a mistyped reference. */
async function closestWorkflows(ds: DataSource, ref: string): Promise<string[]> {
  const scored: Array<{ label: string; d: number }> = [];
  const cursor = ds.workflows
    .find({}, ds.opts())
    .project<{ _id?: unknown; id?: unknown; name?: unknown }>({ _id: 1, id: 1, name: 1 })
    .limit(50_000);
  const needle = ref.toLowerCase();
  for await (const w of cursor) {
    const id = workflowIdOf(w);
    const name = toStringOrNull(w.name) ?? '';
    const d = Math.min(distance(needle, id.toLowerCase()), distance(needle, name.toLowerCase()));
    scored.push({ label: workflowLabel(w), d });
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

/**
 * The names of workflows by id, for output that people read: one query on
 * custom_workflows (by `_id` for 24-hex ids, by the tolerated string `id`
 * otherwise). An id without a live workflow (deleted, or a foreign id) is
 * absent from the map.
 */
export async function workflowNames(
  ds: DataSource,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const { ObjectId } = await import('mongodb');
  const oids = wanted.filter((id) => FULL_ID.test(id)).map((id) => new ObjectId(id.toLowerCase()));
  const or: Filter<RawWorkflowDoc>[] = [{ id: { $in: wanted } } as Filter<RawWorkflowDoc>];
  if (oids.length > 0) or.push({ _id: { $in: oids } } as Filter<RawWorkflowDoc>);
  const docs = await ds.run('find workflow names', () =>
    ds.workflows
      .find({ $or: or } as Filter<RawWorkflowDoc>, ds.opts())
      .project<{ _id?: unknown; id?: unknown; name?: unknown }>({ _id: 1, id: 1, name: 1 })
      .toArray(),
  );
  const lower = new Map(wanted.map((id) => [id.toLowerCase(), id]));
  for (const d of docs) {
    const name = toStringOrNull(d.name);
    if (name === null) continue;
    const id = workflowIdOf(d);
    const asked = wanted.includes(id) ? id : lower.get(id.toLowerCase());
    if (asked !== undefined) names.set(asked, name);
    const own = toStringOrNull(d.id);
    if (own !== null && wanted.includes(own)) names.set(own, name);
  }
  return names;
}
