/**
 * Each server plan's main query is answered by the index `db indexes`
 * recommends for it. Runs where `explain` names the index a query used
 * (FerretDB 2 and MongoDB); elsewhere (FerretDB 1.24 uses no index) it is
 * skipped, by asking the server, never by its name.
 */
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, legacyStringsNear, nearWindow, probeServer } from '../../../src/data/core/index.js';
import {
  ATTEMPT_GROUPS_PROBE,
  attemptCountPipeline,
  attemptFailurePipeline,
  changeCountPipeline,
  errorsByWorkflowPipeline,
  rollbackCandidatesInWindow,
} from '../../../src/data/metrics/index.js';
import { auditGroupPipeline, legacyAuditStrings } from '../../../src/data/audit/index.js';
import { applyIndexes, indexName, RECOMMENDED_INDEXES } from '../../../src/data/db/index.js';
import { ROLLBACK_CANDIDATES } from '../../../src/data/versions/index.js';
import { useTestDatabase } from '../../support/db.js';
import { prng } from '../../support/generator.js';

const t = useTestDatabase('pipeline_indexes');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const w = { from: new Date(NOW.getTime() - DAY), to: NOW };

/** The name of a recommended index, which must exist in the list (db indexes creates it). */
function recommended(collection: string, key: Record<string, 1 | -1>): string {
  const found = RECOMMENDED_INDEXES.find(
    (r) => r.collection === collection && JSON.stringify(r.key) === JSON.stringify(key),
  );
  expect(found, `db indexes recommends ${JSON.stringify(key)} on ${collection}`).toBeDefined();
  return indexName(key);
}

async function seed(): Promise<void> {
  const rnd = prng(5);
  const attempts: Document[] = [];
  const versions: Document[] = [];
  const audit: Document[] = [];
  for (let i = 0; i < 20_000; i++) {
    const timestamp = new Date(NOW.getTime() - Math.floor(rnd() * 90 * DAY));
    const wf = `wf-${i % 200}`;
    attempts.push({
      workflow_id: wf,
      action_name: `a${i % 5}`,
      attempt: 1,
      success: rnd() < 0.7,
      error: 'x',
      timestamp,
    });
    audit.push({ event_type: `e${i % 7}`, workflow_id: wf, user_id: `u${i % 50}`, timestamp, details: {} });
    if (i % 4 === 0)
      versions.push({
        workflow_id: wf,
        version_number: i,
        changed_by: 'ann',
        changed_at: timestamp,
        change_description: 'edit',
      });
  }
  await t.ds.db.collection(COLLECTIONS.attempts).insertMany(attempts);
  await t.ds.db.collection(COLLECTIONS.audit).insertMany(audit);
  await t.ds.db.collection(COLLECTIONS.versions).insertMany(versions);
  const applied = await applyIndexes(t.ds);
  expect(applied.failed).toEqual([]);
}

/** Whether the server's explain names the index a query used (a hinted query on a known index). */
async function explainNamesIndexes(): Promise<boolean> {
  try {
    const plan = await t.ds.attempts.find({ workflow_id: 'wf-1' }).hint({ workflow_id: 1, timestamp: -1 }).explain();
    return JSON.stringify(plan).includes('workflow_id_1_timestamp_-1');
  } catch {
    return false;
  }
}

let namesIndexes = false;
beforeAll(async () => {
  await seed();
  namesIndexes = await explainNamesIndexes();
}, 120_000);

async function explainAggregate(collection: string, pipeline: Document[]): Promise<string> {
  return JSON.stringify(await t.ds.db.collection(collection).aggregate(pipeline).explain());
}
async function explainFind(collection: string, filter: Document): Promise<string> {
  return JSON.stringify(await t.ds.db.collection(collection).find(filter).explain());
}

const attempts = COLLECTIONS.attempts;

/** The plan names one of `names` and reads no collection from end to end. */
function usesIndex(what: string, plan: string, names: string[]): void {
  expect(
    names.some((n) => plan.includes(`"${n}"`)),
    `${what}: ${names.join(' or ')} in ${plan.slice(0, 2000)}`,
  ).toBe(true);
  expect(plan, `${what}: a full scan`).not.toMatch(/Seq Scan|COLLSCAN/);
}

const NO_INDEX_PLANS = "the server's explain names no index (it uses none)";

describe('the server plans use their recommended indexes', () => {
  it('are checked wherever the server runs the plans: a server that groups names its indexes', async () => {
    // the skip below must not hide a server whose plans matter: where the grouped plans run, explain must be read
    expect(namesIndexes).toBe((await probeServer(t.ds, ATTEMPT_GROUPS_PROBE)).supported);
  });

  it('stats errors, --action, and the report errors', async (ctx) => {
    if (!namesIndexes) return ctx.skip(NO_INDEX_PLANS);
    const byTime = recommended(COLLECTIONS.attempts, { workflow_id: 1, timestamp: -1 });
    const byAction = recommended(COLLECTIONS.attempts, { workflow_id: 1, action_name: 1, timestamp: -1 });
    const all = recommended(COLLECTIONS.attempts, { timestamp: -1 });
    const wf = { workflow_id: { $eq: 'wf-3' } };
    const action = { ...wf, action_name: { $eq: 'a3' } };
    // by workflow and time: either index whose prefix is the workflow and that ranges over the time
    const either = [byTime, byAction];
    const strings = { ...wf, ...legacyStringsNear('timestamp', w) };
    usesIndex('stats errors: counts', await explainAggregate(attempts, attemptCountPipeline(wf, w, false)), either);
    usesIndex('stats errors: failures', await explainAggregate(attempts, attemptFailurePipeline(wf, w)), either);
    usesIndex('stats errors: strings', await explainFind(attempts, strings), either);
    usesIndex('stats errors --action', await explainAggregate(attempts, attemptCountPipeline(action, w, true)), either);
    usesIndex('report errors', await explainAggregate(attempts, errorsByWorkflowPipeline(w)), [all]);
  });

  it('analytics changes and check rollbacks', async (ctx) => {
    if (!namesIndexes) return ctx.skip(NO_INDEX_PLANS);
    const changed = recommended(COLLECTIONS.versions, { changed_at: -1 });
    const versions = COLLECTIONS.versions;
    usesIndex('analytics changes', await explainAggregate(versions, changeCountPipeline(w)), [changed]);
    usesIndex('rollback candidates', await explainFind(versions, rollbackCandidatesInWindow(w)), [changed]);
    const check = { $and: [ROLLBACK_CANDIDATES, nearWindow('changed_at', w)] };
    usesIndex('check rollbacks', await explainFind(versions, check), [changed]);
  });

  it('audit summary, audit user, audit stats', async (ctx) => {
    if (!namesIndexes) return ctx.skip(NO_INDEX_PLANS);
    const f = { since: w.from, until: w.to };
    const cases: Array<[Document, Record<string, 1 | -1>]> = [
      [
        { ...f, workflowId: 'wf-3' },
        { workflow_id: 1, timestamp: -1 },
      ],
      [
        { ...f, userId: 'u3' },
        { user_id: 1, timestamp: -1 },
      ],
      [f, { timestamp: 1, _id: 1 }],
    ];
    for (const [filter, key] of cases) {
      const name = recommended(COLLECTIONS.audit, key);
      const q = { filter: filter as typeof f, keys: { type: '$event_type' }, time: 'day' as const };
      usesIndex(`audit groups ${name}`, await explainAggregate(COLLECTIONS.audit, auditGroupPipeline(q)), [name]);
      usesIndex(`audit strings ${name}`, await explainFind(COLLECTIONS.audit, legacyAuditStrings(q.filter)), [name]);
    }
  });
});
