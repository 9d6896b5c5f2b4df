/**
 * Tolerant reading of documents written by any backend version: ISO strings
 * where dates belong, `is_active` for `enabled`, missing optional fields.
 * These functions never throw on odd data; they return null instead.
 */
import type { RawWorkflowDoc, StoredDate, Workflow, WorkflowAction } from './types.js';

export function toDate(value: StoredDate | unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    // backends wrote naive ISO strings meaning UTC
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
    const d = new Date(hasZone || !/T\d/.test(value) ? value : `${value}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  return null;
}

export function toStringOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
    return (value as { toHexString(): string }).toHexString();
  }
  return JSON.stringify(value);
}

export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (value !== null && typeof value === 'object' && typeof (value as { valueOf(): unknown }).valueOf === 'function') {
    const v = (value as { valueOf(): unknown }).valueOf();
    if (typeof v === 'number' && Number.isFinite(v)) return v; // Int32, Double, Long wrappers
    if (typeof v === 'bigint') return Number(v);
  }
  return null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

export function normalizeWorkflow(doc: RawWorkflowDoc): Workflow {
  const enabled = typeof doc.enabled === 'boolean' ? doc.enabled : typeof doc.is_active === 'boolean' ? doc.is_active : false;
  const actions: WorkflowAction[] = Array.isArray(doc.actions) ? doc.actions.filter(isPlainObject).map((a) => a as WorkflowAction) : [];
  return {
    id: toStringOrNull(doc.id) ?? toStringOrNull(doc._id) ?? '',
    name: toStringOrNull(doc.name) ?? '',
    description: toStringOrNull(doc.description),
    enabled,
    triggerType: isPlainObject(doc.trigger) ? toStringOrNull(doc.trigger.type) : null,
    actionCount: actions.length,
    actions,
    createdBy: toStringOrNull(doc.created_by),
    createdAt: toDate(doc.created_at),
    updatedAt: toDate(doc.updated_at),
    currentVersion: toNumberOrNull(doc.current_version),
  };
}

/** Escapes a user's text for use inside a regular expression: it matches itself, nothing more. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Turns ISO-8601 strings back into dates wherever `reference` holds a date at
 * the same path: a workflow edited as JSON (`workflows show --json`, edit,
 * `versions create`) keeps its BSON dates instead of storing strings.
 */
export function reviveDatesLike<T>(value: T, reference: unknown): T {
  if (reference instanceof Date && typeof value === 'string' && ISO_INSTANT.test(value)) {
    const d = new Date(value);
    return (Number.isNaN(d.getTime()) ? value : d) as T;
  }
  if (Array.isArray(value) && Array.isArray(reference)) {
    let changed = false;
    const out = value.map((v, i) => {
      const r = reviveDatesLike(v, reference[i]);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (isPlainObject(value) && isPlainObject(reference)) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const r = reviveDatesLike(v, reference[k]);
      if (r !== v) (out ??= { ...value })[k] = r;
    }
    return (out ?? value) as T;
  }
  return value;
}
