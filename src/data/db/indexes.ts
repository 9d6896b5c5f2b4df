/**
 * The recommended indexes (the backend write-up's set, plus the few that
 * wfctl's own queries need), what a database has of them, and creating the
 * missing ones. Index keys are compared by field order and direction.
 */
import type { IndexDescription } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { COLLECTIONS } from '../core/types.js';
import { CHANGE_MARKS, CHANGE_REQUESTS } from '../actions/request-store.js';

export interface RecommendedIndex {
  collection: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  /** why it exists: the backend's write-up, or a wfctl query */
  source: 'backend' | 'wfctl';
  purpose: string;
}

export const RECOMMENDED_INDEXES: RecommendedIndex[] = [
  {
    collection: COLLECTIONS.attempts,
    key: { workflow_id: 1, timestamp: -1 },
    source: 'backend',
    purpose: 'error statistics by workflow and time',
  },
  {
    collection: COLLECTIONS.attempts,
    key: { workflow_id: 1, action_name: 1 },
    source: 'backend',
    purpose: 'error statistics by action',
  },
  {
    collection: COLLECTIONS.versions,
    key: { workflow_id: 1, version_number: -1 },
    unique: true,
    source: 'backend',
    purpose: 'version history; unique: two writers can never take the same number',
  },
  {
    collection: COLLECTIONS.versions,
    key: { workflow_id: 1, is_current: 1 },
    source: 'backend',
    purpose: 'the current version',
  },
  {
    collection: COLLECTIONS.audit,
    key: { workflow_id: 1, timestamp: -1 },
    source: 'backend',
    purpose: 'audit trail of a workflow',
  },
  {
    collection: COLLECTIONS.audit,
    key: { user_id: 1, timestamp: -1 },
    source: 'backend',
    purpose: 'activity of a user',
  },
  {
    collection: COLLECTIONS.audit,
    key: { event_type: 1, timestamp: -1 },
    source: 'backend',
    purpose: 'audit events by type',
  },
  {
    collection: COLLECTIONS.executions,
    key: { workflow_id: 1, created_at: -1 },
    source: 'backend',
    purpose: 'runs of a workflow in a window (and its latest run)',
  },
  {
    collection: COLLECTIONS.executions,
    key: { created_at: -1 },
    source: 'backend',
    purpose: 'runs of all workflows in a window',
  },
  {
    collection: COLLECTIONS.executions,
    key: { started_at: -1 },
    source: 'wfctl',
    purpose:
      'runs without created_at (the flat shape), placed by started_at: the window query branch that the index on created_at cannot answer',
  },
  { collection: COLLECTIONS.workflows, key: { id: 1 }, source: 'wfctl', purpose: 'workflow lookup by id' },
  {
    collection: COLLECTIONS.audit,
    key: { timestamp: 1, _id: 1 },
    source: 'wfctl',
    purpose: 'audit export order (timestamp, _id) and unfiltered audit lists, newest first',
  },
  {
    collection: COLLECTIONS.attempts,
    key: { workflow_id: 1, action_name: 1, timestamp: -1 },
    source: 'wfctl',
    purpose: 'stats errors --action: attempts of one action in a window',
  },
  {
    collection: COLLECTIONS.attempts,
    key: { timestamp: -1 },
    source: 'wfctl',
    purpose: 'analytics report: failed attempts of all workflows in a window',
  },
  {
    collection: COLLECTIONS.versions,
    key: { changed_at: -1 },
    source: 'wfctl',
    purpose: 'analytics and check rollbacks: versions saved in a window',
  },
  {
    collection: COLLECTIONS.versions,
    key: { changed_by: 1 },
    source: 'wfctl',
    purpose:
      "audit subject and audit erase: the versions a user saved (the user's audit records use {user_id, timestamp})",
  },
  {
    // wfctl's own collection (data/audit/holds.ts); named here, since a wing imports data/core only
    collection: 'wfctl_legal_holds',
    key: { released_at: 1, created_at: 1 },
    source: 'wfctl',
    purpose: 'legal holds in force (read by every archive and erasure)',
  },
  {
    collection: CHANGE_REQUESTS,
    key: { status: 1, created_at: -1 },
    source: 'wfctl',
    purpose: 'requests list by status, newest first (two-person approval)',
  },
  {
    collection: CHANGE_REQUESTS,
    key: { 'plan.workflow_id': 1, created_at: -1 },
    source: 'wfctl',
    purpose: "requests list --workflow: a workflow's change requests",
  },
  {
    collection: CHANGE_MARKS,
    key: { request_id: 1, kind: 1 },
    source: 'wfctl',
    purpose: "a change request's approvals (each step that must happen once is an insert under a fixed _id)",
  },
];

export interface IndexState extends RecommendedIndex {
  present: boolean;
  /** name of the existing index with this key, if any */
  name: string | null;
  /** present, but without the unique option the recommendation asks for */
  uniqueMismatch: boolean;
}

export function indexName(key: Record<string, number>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_');
}

function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && Number(eb[i]?.[1]) === Number(v));
}

async function existingIndexes(ds: DataSource, collection: string): Promise<IndexDescription[]> {
  try {
    return (await ds.run(`list indexes of ${collection}`, () =>
      ds.collection(collection).listIndexes().toArray(),
    )) as IndexDescription[];
  } catch (err) {
    // a collection that does not exist yet has no indexes
    if (/ns ?not ?found|does not exist|NamespaceNotFound/i.test(String((err as Error).message))) return [];
    throw err;
  }
}

export async function indexStatus(ds: DataSource): Promise<IndexState[]> {
  const byCollection = new Map<string, IndexDescription[]>();
  for (const c of new Set(RECOMMENDED_INDEXES.map((i) => i.collection)))
    byCollection.set(c, await existingIndexes(ds, c));
  return RECOMMENDED_INDEXES.map((rec) => {
    const found = byCollection.get(rec.collection)?.find((ix) => sameKey(ix.key as Record<string, unknown>, rec.key));
    return {
      ...rec,
      // always said, true or false, in machine output
      unique: rec.unique === true,
      present: found !== undefined,
      name: found?.name ?? null,
      uniqueMismatch: found !== undefined && rec.unique === true && found.unique !== true,
    };
  });
}

export interface ApplyIndexesResult {
  created: IndexState[];
  failed: Array<{ index: IndexState; error: string }>;
}

/** Creates the missing recommended indexes; running it again changes nothing. */
export async function applyIndexes(ds: DataSource): Promise<ApplyIndexesResult> {
  const status = await indexStatus(ds);
  const result: ApplyIndexesResult = { created: [], failed: [] };
  for (const ix of status.filter((s) => !s.present)) {
    try {
      const name = await ds.run(`create index on ${ix.collection}`, () =>
        ds.collection(ix.collection).createIndex(ix.key, {
          // a build over a big collection may take long: the server's limit (and the wait for its reply) is a scan's
          ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }),
          name: indexName(ix.key),
          ...(ix.unique ? { unique: true } : {}),
        }),
      );
      result.created.push({ ...ix, present: true, name });
    } catch (err) {
      result.failed.push({ index: ix, error: ds.keychain.redact(err instanceof Error ? err.message : String(err)) });
    }
  }
  return result;
}
