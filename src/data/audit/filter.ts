/**
 * The audit filter (--workflow, --user, --event-type, --since, --until) and
 * the one way it becomes a query: the equality parts on indexed fields, the
 * time bounds over BSON dates and legacy strings, and the recommended index
 * the list, the summaries and the export read it with.
 */
import type { Filter, Sort } from 'mongodb';
import { UsageError, WorkflowNotFoundError } from '../../errors.js';
import type { DataSource } from '../core/connection.js';
import { rangeFilters } from '../core/window.js';
import type { RawAuditDoc } from '../core/types.js';
import { resolveWorkflow } from '../core/workflow-ref.js';

export interface AuditFilter {
  /** workflow id, compared as plain text */
  workflowId?: string;
  /** user id, compared as plain text */
  userId?: string;
  /** any of these event types */
  eventTypes?: string[];
  /** inclusive lower bound */
  since?: Date;
  /** exclusive upper bound */
  until?: Date;
}

export function validateAuditFilter(filter: AuditFilter): void {
  if (filter.since && filter.until && filter.since.getTime() >= filter.until.getTime()) {
    throw new UsageError(
      `--since (${filter.since.toISOString()}) is not before --until (${filter.until.toISOString()})`,
      {
        hint: '--since is the inclusive start and --until the exclusive end of the time range',
      },
    );
  }
}

/** The equality parts of a filter (workflow, user, event types), each on an indexed field; the time bounds are apart. */
export function auditSelection(filter: AuditFilter): Filter<RawAuditDoc>[] {
  const and: Filter<RawAuditDoc>[] = [];
  if (filter.workflowId !== undefined) and.push({ workflow_id: { $eq: filter.workflowId } });
  if (filter.userId !== undefined) and.push({ user_id: { $eq: filter.userId } });
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    and.push(
      filter.eventTypes.length === 1
        ? { event_type: { $eq: filter.eventTypes[0]! } }
        : { event_type: { $in: [...filter.eventTypes] } },
    );
  }
  return and;
}

/** One query of the parts: {} for none, the part itself for one, $and for more. */
export function andOf(parts: Filter<RawAuditDoc>[]): Filter<RawAuditDoc> {
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
}

/** The audit filter's time bounds on `timestamp` (see rangeFilters); null without bounds. */
export function auditTimeFilters(
  since: Date | undefined,
  until: Date | undefined,
): { dated: Filter<RawAuditDoc>; strings: Filter<RawAuditDoc> } | null {
  return rangeFilters('timestamp', { from: since, to: until }) as {
    dated: Filter<RawAuditDoc>;
    strings: Filter<RawAuditDoc>;
  } | null;
}

export interface AuditQueryPlan {
  /** the indexed query: without time bounds everything, with them the BSON-dated records in range */
  filter: Filter<RawAuditDoc>;
  sort: Sort;
  /** key of the recommended index whose prefix the filter and sort use */
  index: Record<string, 1 | -1>;
  /** with time bounds: the records with a legacy string timestamp, read apart and decided in Node (few) */
  strings: Filter<RawAuditDoc> | null;
}

/**
 * The newest-first query for a filter. The equality field picks the index
 * ({workflow_id|user_id|event_type, timestamp:-1}); without one, the
 * wfctl index {timestamp:1, _id:1} read backwards.
 */
export function auditQueryPlan(filter: AuditFilter, direction: 1 | -1 = -1): AuditQueryPlan {
  const and = auditSelection(filter);
  const index: Record<string, 1 | -1> =
    filter.workflowId !== undefined
      ? { workflow_id: 1, timestamp: -1 }
      : filter.userId !== undefined
        ? { user_id: 1, timestamp: -1 }
        : filter.eventTypes && filter.eventTypes.length > 0
          ? { event_type: 1, timestamp: -1 }
          : { timestamp: 1, _id: 1 };
  const range = auditTimeFilters(filter.since, filter.until);
  const query = andOf(range ? [...and, range.dated] : and);
  // ties within one millisecond: _id breaks them only where the index has it
  const sort: Sort =
    'workflow_id' in index || 'user_id' in index || 'event_type' in index
      ? { timestamp: direction }
      : { timestamp: direction, _id: direction };
  return { filter: query, sort, index, strings: range ? andOf([...and, range.strings]) : null };
}

/**
 * The workflow id an audit filter uses: a live workflow by id or unique name,
 * else the reference itself, as the id of a workflow that may since have been
 * deleted (its trail outlives it). An ambiguous name is still an error.
 */
export async function resolveAuditWorkflowId(ds: DataSource, ref: string): Promise<{ id: string; exists: boolean }> {
  try {
    return { id: (await resolveWorkflow(ds, ref)).id, exists: true };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { id: ref, exists: false };
    throw err;
  }
}
