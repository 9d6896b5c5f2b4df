/**
 * The server plan of the audit summaries (`audit summary`, `audit user`,
 * `audit stats`): the dated records of the window, found by the filter's
 * index-backed `$match`, grouped by the fields a summary counts (and by UTC
 * day or hour) on the server; one row per group comes back. Records with a
 * legacy string timestamp are read apart by string ranges an index answers
 * (few) and counted by the streaming code, as everywhere.
 */
import type { Document, Filter } from 'mongodb';
import type { CapabilityProbe } from '../core/capabilities.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toNumberOrNull } from '../core/normalize.js';
import { legacyStringsNear } from '../core/server-window.js';
import { COLLECTIONS, type RawAuditDoc } from '../core/types.js';
import { andOf, auditQueryPlan, auditSelection, type AuditFilter } from './filter.js';

const PROBE_TIME = new Date('2025-01-31T23:59:59.999Z');

/** Exactly the stages and operators auditGroupPipeline uses. */
export const AUDIT_GROUPS_PROBE: CapabilityProbe = {
  name: 'audit groups',
  collection: COLLECTIONS.audit,
  pipeline: [
    // a $match the probe's one document passes: the $group must see it to check its operators
    { $match: { wfctl_probe_absent: { $exists: false } } },
    {
      $group: {
        _id: { k: { $literal: 'x' }, at: { $dateToString: { format: '%Y-%m-%dT%H', date: { $literal: PROBE_TIME } } } },
        n: { $sum: 1 },
        first: { $min: { $literal: PROBE_TIME } },
        last: { $max: { $literal: PROBE_TIME } },
      },
    },
  ],
  check: (rows) => {
    const r = rows[0];
    const id = r?._id as Document | undefined;
    return (
      rows.length === 1 &&
      id?.k === 'x' &&
      id.at === '2025-01-31T23' &&
      r!.n === 1 &&
      r!.first instanceof Date &&
      r!.last instanceof Date &&
      r!.last.getTime() === PROBE_TIME.getTime()
    );
  },
};

export interface AuditGroupQuery {
  filter: AuditFilter & { since: Date; until: Date };
  /** row key name → field path, e.g. { type: '$event_type' } */
  keys: Record<string, string>;
  /** also by UTC day ('YYYY-MM-DD') or UTC hour ('YYYY-MM-DDTHH') */
  time?: 'day' | 'hour';
  /** the first and last timestamp of each group */
  span?: boolean;
}

export interface AuditGroupRow {
  key: Record<string, unknown>;
  /** the UTC day or hour, when asked */
  at: string | null;
  count: number;
  first: Date | null;
  last: Date | null;
}

/** The dated records of the filter's window (its index-backed query), grouped. */
export function auditGroupPipeline(q: AuditGroupQuery): Document[] {
  const id: Document = { ...q.keys };
  if (q.time) id.at = { $dateToString: { format: q.time === 'day' ? '%Y-%m-%d' : '%Y-%m-%dT%H', date: '$timestamp' } };
  const group: Document = { _id: id, n: { $sum: 1 } };
  if (q.span) {
    group.first = { $min: '$timestamp' };
    group.last = { $max: '$timestamp' };
  }
  return [{ $match: auditQueryPlan(q.filter).filter }, { $group: group }];
}

export async function groupAudit(ds: DataSource, q: AuditGroupQuery): Promise<AuditGroupRow[]> {
  const rows = await ds.run('group audit records', () =>
    ds.audit.aggregate(auditGroupPipeline(q), ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toArray(),
  );
  return rows.map((r) => {
    const { at, ...key } = (r._id ?? {}) as Document;
    return {
      key,
      at: typeof at === 'string' ? at : null,
      count: toNumberOrNull(r.n) ?? 0,
      first: r.first instanceof Date ? r.first : null,
      last: r.last instanceof Date ? r.last : null,
    };
  });
}

/** The filter's records whose legacy string timestamp may lie in its window (decide each in Node). */
export function legacyAuditStrings(filter: AuditFilter & { since: Date; until: Date }): Filter<RawAuditDoc> {
  return andOf([
    ...auditSelection(filter),
    legacyStringsNear('timestamp', { from: filter.since, to: filter.until }) as Filter<RawAuditDoc>,
  ]);
}
