/**
 * The one check of a manifest's shape, made before any of its fields is used
 * (verify, reconcile): every documented field, its type and whether it is
 * required, as a table (MANIFEST_FIELDS) that a new field joins with one row.
 * Fields the table does not know are accepted, so that a manifest written by
 * a newer wfctl still verifies here (the HMAC signs them all the same).
 * A problem comes back as "<field path> <what is wrong>": "filter is missing",
 * "filter.workflowId is 5 (a number), not a string or null".
 */
import { quoteInput } from '../../../quote.js';
import { EXPORT_FORMATS } from './format.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from './manifest.js';

/** What is wrong with a value ("is ...", or "<.sub.path> is ..." for a part of it), undefined when it fits. */
export type Check = (value: unknown) => string | undefined;
/** A field of an object: its check, and whether it may be left out (null is a value, never "left out"). */
export type FieldSpec = Check | { check: Check; optional: true };
export type Shape = Record<string, FieldSpec>;

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `${quoteInput(v)} (a string)`;
  return `${String(v)} (a ${typeof v})`;
}

/** A path joined to what its part said: "filter" + ".since is ..." or "records" + "is ...". */
function at(path: string, problem: string): string {
  return problem.startsWith('.') || problem.startsWith('[') ? `${path}${problem}` : `${path} ${problem}`;
}

export function is(ok: (v: unknown) => boolean, what: string): Check {
  return (v) => (ok(v) ? undefined : `is ${shown(v)}, not ${what}`);
}

export const string = is((v) => typeof v === 'string', 'a string');
export const nonEmptyString = is((v) => typeof v === 'string' && v !== '', 'a non-empty string');
export const isoTime = is(
  (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
  'an ISO-8601 time',
);
export const sha256Hex = is(
  (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
  'a SHA-256 (64 lowercase hex digits)',
);
export const count = is((v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number (0 or more)');
export const positiveInt = is((v) => Number.isSafeInteger(v) && (v as number) >= 1, 'a whole number (1 or more)');
export const nonNegative = is((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number (0 or more)');

export function oneOf(...values: readonly unknown[]): Check {
  return is(
    (v) => values.includes(v),
    values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`,
  );
}

export function nullable(check: Check): Check {
  return (v) => {
    if (v === null) return undefined;
    const problem = check(v);
    return problem && !problem.startsWith('.') && !problem.startsWith('[') ? `${problem} or null` : problem;
  };
}

export function arrayOf(item: Check, what: string): Check {
  return (v) => {
    if (!Array.isArray(v)) return `is ${shown(v)}, not ${what}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i]);
      if (problem) return at(`[${i}]`, problem);
    }
    return undefined;
  };
}

export function object(shape: Shape, what = 'an object'): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `is ${shown(v)}, not ${what}`;
    const o = v as Record<string, unknown>;
    for (const [key, spec] of Object.entries(shape)) {
      const check = typeof spec === 'function' ? spec : spec.check;
      if (!Object.hasOwn(o, key) || o[key] === undefined) {
        if (typeof spec === 'function') return `.${key} is missing`;
        continue;
      }
      const problem = check(o[key]);
      if (problem) return at(`.${key}`, problem);
    }
    return undefined;
  };
}

const recordRef = object({ _id: string, timestamp: nullable(string) }, 'a record reference {_id, timestamp}');

/** The fields of an export manifest (manifest.ts's ExportManifest), as written by audit export. */
export const MANIFEST_FIELDS: Shape = {
  format: oneOf(MANIFEST_FORMAT),
  version: oneOf(MANIFEST_VERSION),
  tool: string,
  createdAt: isoTime,
  file: nonEmptyString,
  exportFormat: oneOf(...EXPORT_FORMATS),
  jsonFormat: { check: oneOf('relaxed', 'canonical'), optional: true },
  late: {
    check: object({ exported: count, ids: arrayOf(string, 'an array of record ids'), accepted: count, deleted: count }),
    optional: true,
  },
  database: nonEmptyString,
  filter: object({
    workflowId: nullable(string),
    userId: nullable(string),
    eventTypes: nullable(arrayOf(nonEmptyString, 'an array of event types')),
    since: nullable(isoTime),
    until: nullable(isoTime),
  }),
  range: object({
    after: nullable(recordRef),
    since: nullable(isoTime),
    upperBound: isoTime,
    settleSeconds: nonNegative,
  }),
  records: count,
  bytes: count,
  sha256: sha256Hex,
  firstRecord: nullable(recordRef),
  lastRecord: nullable(recordRef),
  chain: object({ algorithm: oneOf('sha256'), genesis: sha256Hex, head: sha256Hex }),
  series: nullable(
    object({
      id: nonEmptyString,
      index: positiveInt,
      previous: nullable(
        object({
          file: nonEmptyString,
          sha256: sha256Hex,
          chainHead: sha256Hex,
          records: count,
          manifestSha256: { check: sha256Hex, optional: true },
          totalRecords: { check: count, optional: true },
        }),
      ),
      totalRecords: { check: count, optional: true },
    }),
  ),
  signature: { check: object({ algorithm: oneOf('hmac-sha256'), value: sha256Hex }), optional: true },
  signing: {
    check: object({
      algorithm: oneOf('ed25519'),
      keyId: is((v) => typeof v === 'string' && /^[0-9a-f]{16}$/.test(v), 'a key id (16 lowercase hex digits)'),
      signatureFile: is(
        (v) => typeof v === 'string' && v !== '' && !/[/\\]/.test(v) && v !== '.' && v !== '..',
        'a file name (no folder)',
      ),
    }),
    optional: true,
  },
};

const manifestCheck = object(MANIFEST_FIELDS, 'a JSON object');

/** The first thing wrong with a parsed manifest ("filter is missing"), or undefined when every known field fits. */
export function manifestProblem(value: unknown): string | undefined {
  const problem = manifestCheck(value);
  return problem?.startsWith('.') ? problem.slice(1) : problem;
}
