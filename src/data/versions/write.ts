/**
 * Writing a version: the one write path of `versions create` and `rollback`,
 * safe with many writers at once and after a crash at any point, without
 * transactions.
 *
 * Order of the writes, each detectable by `db doctor` if it is the last one
 * a crashed process made, and each completed by the next write or by
 * `db doctor --repair`:
 *   1. insert version n = highest + 1 with is_current: false. The unique
 *      index {workflow_id, version_number} makes two writers taking the same n
 *      impossible: the loser re-reads and tries n + 1. Numbers stay gap-free
 *      because n is always the highest plus one.
 *   2. flags: set n current, clear every lower current one, then clear n
 *      again if n + 1 exists by then (its writer clears n otherwise).
 *   3. custom_workflows (addressed by its `_id`): set to n's state only while
 *      its current_version is below n (or missing, or not a number), so an
 *      older, slower writer never overwrites a newer state. created_by and
 *      created_at stay when n's data lacks them; the run counters the
 *      backend keeps on it (execution_count, last_execution) are never
 *      taken from a version.
 *   4. audit record, with an _id derived from (event, workflow, n): written
 *      at most once whoever writes it (the writer, a later writer, a repair).
 * Nothing here updates or deletes a version's workflow_data.
 *
 * The versions are what the backend writes itself (workflow_version_control.py):
 * the same fields, a `diff` equal to DeepDiff's of the previous version's data,
 * and for a rollback the backend's rollback_info and change description; plus
 * wfctl's rollback_of, reason, host and user_agent, which the backend ignores.
 * Values are copied with their BSON types (read with EXACT_TYPES).
 */
import { BSON, type Filter, type ObjectId } from 'mongodb';
import { CurrentVersionChangedError, RuntimeError, UsageError } from '../../errors.js';
import { isDuplicateKey, sleep } from '../core/retry.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { sameWorkflowData } from './compare.js';
import { isPlainObject, reviveTypesLike, toDate, toNumberOrNull } from '../core/normalize.js';
import type { Actor, RawVersionDoc, RawWorkflowDoc } from '../core/types.js';
import { computeVersionDiff, summarizeStoredDiff, type ChangesSummary, type StoredDiff } from './diff.js';
import { findLatestVersion } from './read.js';
import { findLiveWorkflow } from '../core/workflow-ref.js';
import { quoteInput } from '../../quote.js';
import { ensureAuditRecord, writtenByWfctl } from './version-audit.js';

export type WriteStep = 'inserted' | 'flagged' | 'workflow-updated' | 'audited';

export interface NewVersionInput {
  workflowId: string;
  data: Record<string, unknown>;
  description: string;
  actor: Actor;
  /** evidence: what the rollback decided on (version health, a regression test), kept on the version and in its audit record */
  rollback?: { to: number; reason: string; evidence?: Record<string, unknown> };
  /** refuse (exit 1, nothing written) unless the highest version is this one */
  expectCurrent?: number;
  /** write even when the data equals the current version's */
  allowEmpty?: boolean;
  /**
   * The highest version as the caller read it moments ago (a rollback's plan):
   * the first try builds on it instead of reading again. If it is stale, the
   * insert collides with the newer version and the next try reads afresh.
   */
  basis?: RawVersionDoc | null;
  /** called after each write step; tests use it to pause or crash a writer */
  onStep?: (step: WriteStep, version: number) => Promise<void> | void;
}

export type UnchangedReason = 'same-data' | 'already-current';

export interface WriteOutcome {
  status: 'created' | 'unchanged';
  /** the new version, or (unchanged) the current one */
  version: number;
  previous: number | null;
  unchangedReason?: UnchangedReason;
  /** change counts of the stored diff (the backend's change summary) */
  changes: ChangesSummary;
  /** versions another write had left unfinished, which this one finished first */
  completed: number[];
  /** false when custom_workflows already held a newer version */
  workflowUpdated: boolean;
  /** tries it took to get a version number */
  attempts: number;
}

const MAX_ATTEMPTS = 200;
/** A version document may not exceed 16 MB; a diff bigger than this keeps its paths and loses large values. */
const MAX_DIFF_CHARS = 2_000_000;

/** MongoDB's document limit (16 MiB), less room for the fields a version document holds beside the workflow. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;

function documentTooLarge(bytes: number): UsageError {
  return new UsageError(
    `the workflow is ${(bytes / 1024 / 1024).toFixed(1)} MB as a BSON document, and MongoDB stores documents up to 16 MB; nothing was written`,
    {
      hint: 'BSON takes more room than JSON for long arrays of small values (each element carries its index as a key); split the data out of the workflow',
    },
  );
}

/** "Rolled back to version 5. Reason: v6 broke invoices": the backend's description of a rollback. */
export function rollbackDescription(to: number, reason: string): string {
  return `Rolled back to version ${to}. Reason: ${reason}`;
}

/**
 * The state a new version stores, which custom_workflows then holds: the
 * given data without `_id` and wfctl's current_version, with `updated_at` the
 * time of the write; a rollback also gets the backend's `rollback_info`, as its
 * rollback_to_version stamps it.
 */
export function versionState(
  data: Record<string, unknown>,
  at: Date,
  actor: Actor,
  rollback: NewVersionInput['rollback'],
): Record<string, unknown> {
  const { _id, current_version, ...rest } = data;
  void _id;
  void current_version;
  const state: Record<string, unknown> = { ...rest, updated_at: at };
  if (rollback)
    state.rollback_info = {
      rolled_back_at: at,
      rolled_back_by: actor.user,
      from_version: rollback.to,
      reason: rollback.reason,
    };
  return state;
}

export async function writeVersion(ds: DataSource, input: NewVersionInput): Promise<WriteOutcome> {
  await ensureVersionIndex(ds);
  let data = input.data;
  const completed: number[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const latest =
      attempt === 1 && input.basis !== undefined ? input.basis : await findLatestVersion(ds, input.workflowId);
    const latestN = latest ? toNumberOrNull(latest.version_number) : null;
    const latestData = latest && isPlainObject(latest.workflow_data) ? latest.workflow_data : {};
    if (latest && latestN !== null) {
      if (await completeVersion(ds, latest, 'write', input.actor)) completed.push(latestN);
      // a file's text cannot say int64 for a small number, nor date for ISO text; a rollback copies exactly
      if (!input.rollback) data = reviveTypesLike(data, latestData);
      if (input.rollback && latestN === input.rollback.to) {
        return unchanged(latestN, 'already-current', completed, attempt);
      }
      if (sameWorkflowData(latestData, data) && (input.rollback || !input.allowEmpty)) {
        return unchanged(latestN, 'same-data', completed, attempt);
      }
    }
    if (input.expectCurrent !== undefined && (latestN ?? 0) !== input.expectCurrent) {
      throw new CurrentVersionChangedError(
        `the current version of ${quoteInput(input.workflowId)} is ${latestN ?? 'none'}, not ${input.expectCurrent} (--expect-current); nothing was written`,
        { hint: 'someone else changed it: look at wfctl versions list, then decide again' },
      );
    }
    const n = (latestN ?? 0) + 1;
    const at = new Date();
    const state = versionState(data, at, input.actor, input.rollback);
    // as the backend: against the previous version's data, a first version against {}
    const stateBytes = BSON.calculateObjectSize(state);
    if (stateBytes > MAX_DOCUMENT_BYTES) throw documentTooLarge(stateBytes);
    let diff = boundDiffSize(computeVersionDiff(latestData, state), stateBytes);
    const doc: RawVersionDoc = {
      workflow_id: input.workflowId,
      version_number: n,
      workflow_data: state,
      change_description: input.description,
      changed_by: input.actor.user,
      changed_at: at,
      diff: diff as Record<string, unknown>,
      is_current: false,
      ...(input.rollback ? { rollback_of: input.rollback.to, reason: input.rollback.reason } : {}),
      ...(input.rollback?.evidence ? { rollback_evidence: input.rollback.evidence } : {}),
      host: input.actor.host,
      user_agent: input.actor.userAgent,
      ...(typeof input.actor.authenticatedUser === 'string'
        ? { authenticated_user: input.actor.authenticatedUser }
        : {}),
    };
    if (BSON.calculateObjectSize(doc) > MAX_DOCUMENT_BYTES) {
      // the diff's values take more room in BSON than its JSON text said: keep its paths only
      diff = boundDiffSize(diff, Number.MAX_SAFE_INTEGER);
      doc.diff = diff as Record<string, unknown>;
      if (BSON.calculateObjectSize(doc) > MAX_DOCUMENT_BYTES) throw documentTooLarge(stateBytes);
    }
    const id = await insertVersion(ds, doc);
    if (id === null) {
      // another writer took n: read again and try n + 1
      await sleep(Math.random() * Math.min(100, 5 * attempt));
      continue;
    }
    await input.onStep?.('inserted', n);
    const written = { ...doc, _id: id };
    await settleFlags(ds, written);
    await input.onStep?.('flagged', n);
    const workflowUpdated = await syncWorkflowDocument(ds, written);
    await input.onStep?.('workflow-updated', n);
    await ensureAuditRecord(ds, written);
    await input.onStep?.('audited', n);
    return {
      status: 'created',
      version: n,
      previous: latestN,
      changes: summarizeStoredDiff(diff),
      completed,
      workflowUpdated,
      attempts: attempt,
    };
  }
  throw new RuntimeError(
    `could not get a version number for ${quoteInput(input.workflowId)} after ${MAX_ATTEMPTS} tries: too many writers at once; nothing was written`,
  );
}

function unchanged(version: number, reason: UnchangedReason, completed: number[], attempts: number): WriteOutcome {
  return {
    status: 'unchanged',
    version,
    previous: version,
    unchangedReason: reason,
    changes: { values_changed: 0, items_added: 0, items_removed: 0 },
    completed,
    workflowUpdated: false,
    attempts,
  };
}

/** Inserts the version; null when its number is taken. */
async function insertVersion(ds: DataSource, doc: RawVersionDoc): Promise<ObjectId | null> {
  return ds.run('insert version', async () => {
    try {
      const r = await ds.versions.insertOne(doc);
      return r.insertedId as ObjectId;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // a retried insert whose first try went through finds its own document
      if (doc._id) {
        const own = await ds.versions.findOne({ _id: doc._id }, { ...ds.opts(), projection: { _id: 1 } });
        if (own) return doc._id;
      }
      return null;
    }
  });
}

/**
 * Makes the version current unless a higher one exists, and clears the flag
 * of every lower one. Run by the writer and by anyone completing its write.
 */
export async function settleFlags(ds: DataSource, doc: RawVersionDoc & { _id?: unknown }): Promise<void> {
  const wf = doc.workflow_id;
  const n = doc.version_number;
  const self = (
    doc._id !== undefined ? { _id: doc._id } : { workflow_id: { $eq: wf }, version_number: { $eq: n } }
  ) as Filter<RawVersionDoc>;
  await ds.run('mark version current', () => ds.versions.updateOne(self, { $set: { is_current: true } }, ds.opts()));
  // one read finds both the older versions still flagged and a newer version, if any
  // (a writer of n + 1 that cleared lower flags before we set ours would leave two current)
  const others = await ds.run('read current flags', () =>
    ds.versions
      .find(
        {
          workflow_id: { $eq: wf },
          $or: [{ is_current: true, version_number: { $lt: n } }, { version_number: { $eq: n + 1 } }],
        } as Filter<RawVersionDoc>,
        ds.opts(),
      )
      .project<{ _id: unknown; version_number: number }>({ _id: 1, version_number: 1 })
      .toArray(),
  );
  for (const o of others.filter((x) => x.version_number < n)) {
    await ds.run('clear older current flag', () =>
      ds.versions.updateOne({ _id: o._id } as Filter<RawVersionDoc>, { $set: { is_current: false } }, ds.opts()),
    );
  }
  const higher = others.some((x) => x.version_number === n + 1);
  if (higher)
    await ds.run('clear current flag', () => ds.versions.updateOne(self, { $set: { is_current: false } }, ds.opts()));
}

/**
 * Fields of the live document that a version's data may lack (the backend's
 * versions and older files do not always carry them): making such a version
 * current keeps the live values instead of dropping them.
 */
export const KEPT_LIVE_FIELDS = ['created_by', 'created_at'] as const;

/**
 * The run counters the backend's executor keeps on the live document
 * (`$inc` of execution_count, `$set` of last_execution). They describe runs,
 * not the workflow's definition: a version (often saved long ago) never
 * overwrites them, and comparisons of states leave them out.
 */
export const RUNTIME_FIELDS = ['execution_count', 'last_execution'] as const;

/**
 * custom_workflows is behind version n: its current_version is lower, missing,
 * or not a number at all (a legacy string such as "5", which `$lt` never matches).
 */
function behindFilter(liveId: unknown, n: number): Filter<RawWorkflowDoc> {
  return {
    _id: liveId,
    $or: [{ current_version: { $lt: n } }, { current_version: { $not: { $type: 'number' } } }],
  } as Filter<RawWorkflowDoc>;
}

/**
 * Writes the version's state to custom_workflows unless it already holds this
 * or a newer one: `$set` of every field of the state and `$unset` of the
 * fields it no longer has, so that a run the executor counts at the same
 * moment (`$inc`) is not lost. `created_by` and `created_at` of the live
 * document stay when the version's data lacks them, and so do its run
 * counters and a tolerated string `id`. False when there is no live document
 * (a deleted workflow) or it already holds this or a newer version.
 */
export async function syncWorkflowDocument(ds: DataSource, doc: RawVersionDoc): Promise<boolean> {
  const n = doc.version_number;
  const live = await findLiveWorkflow(ds, doc.workflow_id);
  if (!live) return false;
  const data = isPlainObject(doc.workflow_data) ? doc.workflow_data : {};
  const keep = new Set<string>(['_id', 'id', ...RUNTIME_FIELDS, ...KEPT_LIVE_FIELDS.filter((k) => !(k in data))]);
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data))
    if (k !== '_id' && k !== 'current_version' && !RUNTIME_FIELDS.includes(k as never)) set[k] = v;
  // the live document changed when the version was saved (a rollback's data says the same)
  set.updated_at = toDate(doc.changed_at) ?? new Date();
  set.current_version = n;
  const unset: Record<string, ''> = {};
  for (const k of Object.keys(live)) if (!(k in set) && !keep.has(k)) unset[k] = '';
  const update: Record<string, unknown> = { $set: set };
  if (Object.keys(unset).length > 0) update.$unset = unset;
  const r = await ds.run('update workflow', () => ds.workflows.updateOne(behindFilter(live._id, n), update, ds.opts()));
  return r.modifiedCount > 0;
}

/**
 * Finishes a version's write if a crash (or a writer still at work) left it
 * unfinished: flags, custom_workflows, audit record. Safe to run at any time
 * and by many at once. True when something was missing.
 */
export async function completeVersion(
  ds: DataSource,
  doc: RawVersionDoc,
  _by: 'write' | 'repair',
  actor?: Actor,
): Promise<boolean> {
  let did = false;
  if (doc.is_current !== true) {
    await settleFlags(ds, doc);
    did = true;
  } else {
    // killed between setting its own flag and clearing the older ones
    const r = await ds.run('clear older current flags', () =>
      ds.versions.updateMany(
        {
          workflow_id: { $eq: doc.workflow_id },
          is_current: true,
          version_number: { $lt: doc.version_number },
        } as Filter<RawVersionDoc>,
        { $set: { is_current: false } },
        ds.opts(),
      ),
    );
    if (r.modifiedCount > 0) did = true;
  }
  const wf = await findLiveWorkflow(ds, doc.workflow_id, { current_version: 1 });
  const cv = wf ? toNumberOrNull(wf.current_version) : null;
  // only wfctl's own writes can be unfinished here: a version the backend saved leaves custom_workflows
  // to the backend (its rollback sets it, its updates go through the workflow API)
  if (wf && writtenByWfctl(doc) && (cv === null || cv < doc.version_number)) {
    if (await syncWorkflowDocument(ds, doc)) did = true;
  }
  if (writtenByWfctl(doc) && (await ensureAuditRecord(ds, doc, actor))) did = true;
  return did;
}

// ---- the unique index that makes concurrent writers safe ------------------

const indexChecked = new WeakSet<DataSource>();

function isVersionKey(key: Record<string, unknown>): boolean {
  const entries = Object.entries(key);
  return (
    entries.length === 2 &&
    entries[0]?.[0] === 'workflow_id' &&
    entries[1]?.[0] === 'version_number' &&
    Math.abs(Number(entries[1]?.[1])) === 1
  );
}

/**
 * Creates the unique index {workflow_id: 1, version_number: -1} when it is
 * missing; refuses to write when a non-unique one is in its place, since
 * only uniqueness keeps two writers from taking the same number.
 */
export async function ensureVersionIndex(ds: DataSource): Promise<void> {
  if (indexChecked.has(ds)) return;
  let indexes: Array<{ key: Record<string, unknown>; unique?: boolean; name?: string }> = [];
  try {
    indexes = (await ds.run('list version indexes', () => ds.versions.listIndexes().toArray())) as typeof indexes;
  } catch (err) {
    if (!/ns ?not ?found|does not exist|NamespaceNotFound/i.test(String((err as Error).message))) throw err;
  }
  const matching = indexes.filter((ix) => isVersionKey(ix.key));
  if (matching.some((ix) => ix.unique === true)) {
    indexChecked.add(ds);
    return;
  }
  if (matching.length > 0) {
    throw new RuntimeError(
      `the index ${matching[0]!.name ?? 'on {workflow_id, version_number}'} of workflow_versions is not unique, so concurrent writers could take the same version number; nothing was written`,
      { hint: 'drop it, then run wfctl db indexes --apply (wfctl db doctor shows the details)' },
    );
  }
  try {
    await ds.run('create the unique version index', () =>
      ds.versions.createIndex(
        { workflow_id: 1, version_number: -1 },
        { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), unique: true, name: 'workflow_id_1_version_number_-1' },
      ),
    );
  } catch (err) {
    // another writer may have created it at the same moment
    const again = (await ds.run('list version indexes', () => ds.versions.listIndexes().toArray())) as typeof indexes;
    if (again.some((ix) => isVersionKey(ix.key) && ix.unique === true)) {
      indexChecked.add(ds);
      return;
    }
    throw new RuntimeError(
      `cannot create the unique index {workflow_id, version_number} on workflow_versions, which concurrent writes need: ${ds.keychain.redact((err as Error).message)}; nothing was written`,
      { hint: 'duplicate version numbers prevent it: wfctl db doctor lists them', cause: err },
    );
  }
  indexChecked.add(ds);
}

/**
 * Keeps a version document under MongoDB's 16 MB limit: a diff bigger than
 * its budget (2 MB, less when the workflow itself is large) first loses its
 * values above 1 KB, then all values (paths and counts stay), and only then
 * entries, with a `truncated` note of how many there were.
 */
export function boundDiffSize(diff: StoredDiff, dataChars = 0): StoredDiff {
  const budget = Math.max(100_000, Math.min(MAX_DIFF_CHARS, 15_000_000 - dataChars));
  const size = (d: unknown) => JSON.stringify(d).length;
  if (size(diff) <= budget) return diff;
  const shrink = (limit: number) => (v: unknown) => {
    const n = JSON.stringify(v ?? null).length;
    return n > limit ? `(omitted: ${n} characters)` : v;
  };
  const mapValues = (note: (v: unknown) => unknown): StoredDiff => {
    const out: StoredDiff = { ...diff };
    for (const group of ['iterable_item_added', 'iterable_item_removed'] as const) {
      const g = diff[group];
      if (g) out[group] = Object.fromEntries(Object.entries(g).map(([p, v]) => [p, note(v)]));
    }
    if (diff.values_changed) {
      out.values_changed = Object.fromEntries(
        Object.entries(diff.values_changed).map(([p, v]) => [
          p,
          { old_value: note(v.old_value), new_value: note(v.new_value) },
        ]),
      );
    }
    if (diff.type_changes) {
      out.type_changes = Object.fromEntries(
        Object.entries(diff.type_changes).map(([p, v]) => [
          p,
          { ...v, old_value: note(v.old_value), new_value: note(v.new_value) },
        ]),
      );
    }
    return out;
  };
  const large = mapValues(shrink(1024));
  if (size(large) <= budget) return large;
  const pathsOnly = mapValues(shrink(0));
  const total = size(pathsOnly);
  if (total <= budget) return pathsOnly;
  // keep the same share of every group
  const share = budget / total;
  const out: Record<string, unknown> = {};
  let entries = 0;
  let kept = 0;
  for (const [group, value] of Object.entries(pathsOnly)) {
    const items = Array.isArray(value) ? value : Object.entries(value as Record<string, unknown>);
    const keep = Math.floor(items.length * share);
    entries += items.length;
    kept += keep;
    out[group] = Array.isArray(value)
      ? items.slice(0, keep)
      : Object.fromEntries((items as Array<[string, unknown]>).slice(0, keep));
  }
  out.truncated = { entries, kept };
  return out as StoredDiff;
}
