/**
 * Tolerant reading of documents written by any backend version: ISO strings
 * where dates belong, `is_active` for `enabled`, missing optional fields.
 * These functions never throw on odd data; they return null instead.
 */
import type { RawWorkflowAction, RawWorkflowDoc, RetryConfig, StoredDate, Workflow, WorkflowAction } from './types.js';

/**
 * ISO-8601 date-times as older backends and other tools wrote them: `T` or a
 * space between date and time (Python's `str(datetime)`), optional seconds and
 * fraction (microseconds included, cut to milliseconds), `Z`, `+02:00`,
 * `+0200` or no zone at all, which means UTC (`datetime.utcnow()`).
 */
const STORED_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The time a legacy string names, in ms since the epoch; null when it is not a date-time wfctl can read. */
export function parseStoredTimeString(text: string): number | null {
  const m = STORED_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
  // Date.UTC rolls 31 February over into March: such a day does not exist
  if (new Date(t).getUTCDate() !== day) return null;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (offset > 18 * 60) return null;
    t -= sign * offset * 60_000;
  }
  return t;
}

export function toDate(value: StoredDate | unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') {
    const t = parseStoredTimeString(value);
    return t === null ? null : new Date(t);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  return null;
}

/** The _bsontype of a BSON value object (ObjectId, Int32, Long, ...), else undefined. */
export function bsonTypeOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && '_bsontype' in value
    ? String((value as { _bsontype: unknown })._bsontype)
    : undefined;
}

export function toStringOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const bt = bsonTypeOf(value);
  if (bt === 'ObjectId') return (value as { toHexString(): string }).toHexString();
  if (bt === 'Int32' || bt === 'Double' || bt === 'Long' || bt === 'Decimal128') return String(value);
  return JSON.stringify(value);
}

export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  const bt = bsonTypeOf(value);
  if (bt === 'Int32' || bt === 'Double') {
    const v = (value as { value: number }).value;
    return Number.isFinite(v) ? v : null;
  }
  if (bt === 'Long') return (value as { toNumber(): number }).toNumber();
  if (bt === 'Decimal128') {
    const v = Number(String(value));
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

/** A document (or sub-document): not an array, a date, a buffer, or a BSON value such as an ObjectId or an Int32. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !ArrayBuffer.isView(value) &&
    !('_bsontype' in value)
  );
}

/** The workflow id of a custom_workflows document: a tolerated string `id`, else its `_id` as 24-hex text. */
export function workflowIdOf(doc: { _id?: unknown; id?: unknown }): string {
  if (typeof doc.id === 'string' && doc.id !== '') return doc.id;
  return toStringOrNull(doc._id) ?? '';
}

function normalizeAction(a: RawWorkflowAction): WorkflowAction {
  const retry = isPlainObject(a.retry) ? (a.retry as RetryConfig) : null;
  return {
    name: toStringOrNull(a.name) ?? '',
    type: toStringOrNull(a.action_type) ?? toStringOrNull(a.type),
    order: toNumberOrNull(a.order),
    // the backend's default: an action without the flag runs
    enabled: a.enabled !== false,
    retry,
  };
}

export function normalizeWorkflow(doc: RawWorkflowDoc): Workflow {
  const enabled =
    typeof doc.enabled === 'boolean' ? doc.enabled : typeof doc.is_active === 'boolean' ? doc.is_active : false;
  const actions: WorkflowAction[] = Array.isArray(doc.actions)
    ? doc.actions.filter(isPlainObject).map((a) => normalizeAction(a as RawWorkflowAction))
    : [];
  const trigger = isPlainObject(doc.trigger) ? doc.trigger : null;
  return {
    id: workflowIdOf(doc),
    name: toStringOrNull(doc.name) ?? '',
    description: toStringOrNull(doc.description),
    enabled,
    triggerType: trigger ? (toStringOrNull(trigger.trigger_type) ?? toStringOrNull(trigger.type)) : null,
    actionCount: actions.length,
    actions,
    tags: Array.isArray(doc.tags) ? doc.tags.map((t) => toStringOrNull(t)).filter((t): t is string => t !== null) : [],
    createdBy: toStringOrNull(doc.created_by),
    createdAt: toDate(doc.created_at),
    updatedAt: toDate(doc.updated_at),
    executionCount: toNumberOrNull(doc.execution_count),
    lastExecutionAt: toDate(doc.last_execution),
    currentVersion: toNumberOrNull(doc.current_version),
    deleted: false,
  };
}

/** Escapes a user's text for use inside a regular expression: it matches itself, nothing more. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Gives a workflow edited as JSON back the types its previous version held
 * where the text cannot tell them: an int64 small enough for an int32 (which
 * relaxed Extended JSON writes as a plain number) stays an int64, and an
 * ISO-8601 string (plain JSON, or files of older wfctl releases) stays a
 * date where the reference holds a date at the same path.
 */
export function reviveTypesLike<T>(value: T, reference: unknown): T {
  if (reference instanceof Date && typeof value === 'string' && ISO_INSTANT.test(value)) {
    const d = new Date(value);
    return (Number.isNaN(d.getTime()) ? value : d) as T;
  }
  if (
    bsonTypeOf(reference) === 'Long' &&
    bsonTypeOf(value) === 'Int32' &&
    toNumberOrNull(reference) === toNumberOrNull(value)
  )
    return reference as T;
  if (Array.isArray(value) && Array.isArray(reference)) {
    let changed = false;
    const out = value.map((v, i) => {
      const r = reviveTypesLike(v, reference[i]);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (isPlainObject(value) && isPlainObject(reference)) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const r = reviveTypesLike(v, reference[k]);
      if (r !== v) (out ??= { ...value })[k] = r;
    }
    return (out ?? value) as T;
  }
  return value;
}
