/**
 * Each server plan's main query is answered by the index `db indexes`
 * recommends for it. Runs where `explain` names the index a query used
 * (FerretDB 2 and MongoDB); elsewhere (FerretDB 1.24 uses no index) it is
 * skipped, by asking the server, never by its name.
 */
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, legacyStringsNear, nearWindow } from '../../../src/data/core/index.js';
import {
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

describe('the server plans use their recommended indexes', () => {
  it('stats errors, --action, and the report errors', async (ctx) => {
    if (!namesIndexes) return ctx.skip();
    const byTime = recommended(COLLECTIONS.attempts, { workflow_id: 1, timestamp: -1 });
    const byAction = recommended(COLLECTIONS.attempts, { workflow_id: 1, action_name: 1, timestamp: -1 });
    const all = recommended(COLLECTIONS.attempts, { timestamp: -1 });
    const wf = { workflow_id: { $eq: 'wf-3' } };
    const action = { ...wf, action_name: { $eq: 'a3' } };
    expect(await explainAggregate(COLLECTIONS.attempts, attemptCountPipeline(wf, w, false))).toContain(byTime);
    expect(await explainAggregate(COLLECTIONS.attempts, attemptFailurePipeline(wf, w))).toContain(byTime);
    expect(await explainFind(COLLECTIONS.attempts, { ...wf, ...legacyStringsNear('timestamp', w) })).toContain(byTime);
    const withAction = await explainAggregate(COLLECTIONS.attempts, attemptCountPipeline(action, w, true));
    expect(withAction.includes(byAction) || withAction.includes(byTime)).toBe(true);
    expect(await explainAggregate(COLLECTIONS.attempts, errorsByWorkflowPipeline(w))).toContain(all);
  });

  it('analytics changes and check rollbacks', async (ctx) => {
    if (!namesIndexes) return ctx.skip();
    const changed = recommended(COLLECTIONS.versions, { changed_at: -1 });
    expect(await explainAggregate(COLLECTIONS.versions, changeCountPipeline(w))).toContain(changed);
    expect(await explainFind(COLLECTIONS.versions, rollbackCandidatesInWindow(w))).toContain(changed);
    expect(
      await explainFind(COLLECTIONS.versions, { $and: [ROLLBACK_CANDIDATES, nearWindow('changed_at', w)] }),
    ).toContain(changed);
  });

  it('audit summary, audit user, audit stats', async (ctx) => {
    if (!namesIndexes) return ctx.skip();
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
      expect(await explainAggregate(COLLECTIONS.audit, auditGroupPipeline(q))).toContain(name);
      expect(await explainFind(COLLECTIONS.audit, legacyAuditStrings(q.filter))).toContain(name);
    }
  });
});
