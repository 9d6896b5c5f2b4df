/** Audit records for tests: deterministic, with the odd shapes older backends wrote. */
import { BSON, ObjectId } from 'mongodb';
import type { DataSource } from '../../src/data/core/index.js';
import type { RawAuditDoc } from '../../src/data/core/index.js';

const { EJSON } = BSON;

export const EVENT_TYPES = [
  'workflow_updated',
  'workflow_executed',
  'workflow_execution_failed',
  'action_retried',
  'version_created',
];

/** n records, one every `stepMs` from `start`, cycling through users, workflows and event types. */
export function makeAuditDocs(n: number, start: Date, stepMs = 60_000, offset = 0): RawAuditDoc[] {
  const docs: RawAuditDoc[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    docs.push({
      _id: new ObjectId(),
      event_type: EVENT_TYPES[k % EVENT_TYPES.length]!,
      workflow_id: `wf-${k % 3}`,
      user_id: `user-${k % 4}`,
      details: { n: k, note: `record ${k}` },
      metadata: { source: 'test' },
      timestamp: new Date(start.getTime() + i * stepMs),
      ip_address: `10.0.0.${k % 5}`,
      user_agent: k % 2 ? 'backend/2.1' : 'Mozilla/5.0',
    });
  }
  return docs;
}

export async function insertAudit(ds: DataSource, docs: RawAuditDoc[], collection = ds.audit): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) await collection.insertMany(docs.slice(i, i + 5000), { ordered: false });
}

/** Lines of an NDJSON export (Extended JSON), parsed by the driver's EJSON with their exact types. */
export function exportedDocuments(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => EJSON.parse(l, { relaxed: false }) as Record<string, unknown>);
}

/**
 * Lines of an NDJSON export, parsed by the driver's EJSON, for assertions on
 * ids and order: `_id` as its hex text, `timestamp` as ISO-8601 (a legacy
 * string timestamp as it is).
 */
export function ndjsonRecords(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const r = EJSON.parse(l, { relaxed: true }) as Record<string, unknown>;
      if (r._id instanceof ObjectId) r._id = r._id.toHexString();
      if (r.timestamp instanceof Date) r.timestamp = r.timestamp.toISOString();
      return r;
    });
}
