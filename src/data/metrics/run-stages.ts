/**
 * The stages of the runs' server plan (execution-groups.ts and version
 * health run them), and the probe that asks the server whether it runs them
 * all (RUNS_BY_GROUP).
 *
 * The server groups raw fields; Node derives each group's outcome, trigger
 * and workflow from its key with readRun's own functions. Each expression
 * reads the document's fields directly: DocumentDB copies a `$project`'s
 * expressions into every later use, so a chain of computed fields cost
 * 150 µs a run where one `$group` on raw fields costs about 10 (measured on
 * engine 2).
 *
 * The server only sees the runs it decides exactly, chosen by the query
 * itself (`$type`, about 0.5 µs a check and run): the backend's nested shape
 * with its times as dates, and the flat shape with dates and an integer
 * duration_ms, each shape in its own pipeline with plain paths. Every other
 * run in the window (a string started_at, a fractional duration, a nested
 * run without created_at, ...) is read by the complementary query and
 * folded on the client as the stream folds it. All are index ranges on the
 * window.
 */
import type { Document } from 'mongodb';
import type { CapabilityProbe } from '../core/capabilities.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { outcomeOf } from '../core/runs.js';
import type { TimeWindow } from '../core/window.js';
import type { ExecutionQuery, OutcomeCode } from './execution-fold.js';
import { outcomeCodeOf } from './execution-fold.js';
import { bucketOf, LOG_GROWTH } from './percentiles.js';

const BSON_TYPES = [
  'double',
  'string',
  'object',
  'array',
  'binData',
  'undefined',
  'objectId',
  'bool',
  'date',
  'null',
  'regex',
  'dbPointer',
  'javascript',
  'symbol',
  'javascriptWithScope',
  'int',
  'timestamp',
  'long',
  'decimal',
  'minKey',
  'maxKey',
];
/** the field is missing or of one of these types (an array is never one: `$type` would look inside it) */
const only = (...types: string[]) => ({ $not: { $type: BSON_TYPES.filter((t) => !types.includes(t)) } });
const NONE_OR_DATE = only('date', 'null');
const ABSENT = { $exists: false };

/**
 * The backend's shape: the run under `execution` with dates, nothing of the
 * flat shape beside it. Only what could make an expression fail or a figure
 * differ from readRun's is checked (each check costs about 0.5 µs a run):
 * status, trigger and workflow values of any type are read by the same
 * functions from the group key.
 */
const NESTED = {
  execution: { $type: 'object', $not: { $type: 'array' } },
  'execution.started_at': NONE_OR_DATE,
  'execution.completed_at': NONE_OR_DATE,
  // a path through an array would give the key an array of triggers
  'execution.context': { $not: { $type: 'array' } },
  status: ABSENT,
  started_at: ABSENT,
  completed_at: ABSENT,
  duration_ms: ABSENT,
};
/**
 * Other tools' shape: no `execution` object, dates, a whole-number
 * duration_ms if any; the types each field may have (missing, too), as a
 * query (FLAT) and as an expression (IS_FLAT).
 */
const FLAT_TYPES = {
  started_at: ['date', 'null'],
  completed_at: ['date', 'null'],
  duration_ms: ['int', 'long', 'null'],
};
const FLAT = {
  execution: { $not: { $type: ['object', 'array'] } },
  ...Object.fromEntries(Object.entries(FLAT_TYPES).map(([field, types]) => [field, only(...types)])),
};

/**
 * A shape of run the server decides, with the expressions that read it. Each
 * shape has its own pipeline: an expression that had to read either shape
 * (`$ifNull` of the nested field and the flat one) costs on every run, and
 * the two pipelines with plain paths take about 7 s for a million runs where
 * one with both took 13.5 (engine 2).
 */
export interface RunShape {
  /** index ranges on the window: the shape's runs (and, for the flat shape, the runs no shape decides) */
  match: Document;
  /** a group key of these fields: the fields, or CLIENT_DECIDED for a run no shape decides */
  key: (fields: Document) => Document;
  /** the fields readRun's outcome comes from */
  outcome: Document;
  /** the fields readRun's outcome, trigger and workflow come from */
  run: Document;
  /** the day a run counts on: the day it was logged, else started */
  day: Document;
  /** readRun's durationMs: stored, else end - start (null when either is missing, or the shape does not decide the run) */
  duration: Document;
  /** readRun's startedAt, else its loggedAt: the time version health attributes a run by */
  startedOrLogged: Document;
}

/** The group key of the window's runs no shape decides: the client reads them (clientDecided). */
export const CLIENT_DECIDED = 'client-decided';

const dayOf = (date: unknown) => ({ $dateToString: { format: '%Y-%m-%d', date } });
const NESTED_OUTCOME = {
  s1: '$execution.status',
  // a non-empty array; never $size, which refuses what is not one
  p: { $and: [{ $isArray: '$execution.actions_failed' }, { $ne: ['$execution.actions_failed', []] }] },
};
const FLAT_OUTCOME = { s2: '$status' };
/** FLAT as an expression: `$type` of an array is "array" here, where the query's looks inside it */
const isOneOf = (field: string, types: string[]) => ({ $in: [{ $type: `$${field}` }, types] });
const IS_FLAT = {
  $and: [
    { $not: [isOneOf('execution', ['object', 'array'])] },
    ...Object.entries(FLAT_TYPES).map(([field, types]) => isOneOf(field, [...types, 'missing'])),
  ],
};

/**
 * The dated runs of the window, shape by shape: the backend's nested runs by
 * {created_at:-1} (or {workflow_id, created_at:-1}); then every other run of
 * the window by that index and {started_at:-1} for those without created_at
 * (a rooted `$or`), where the flat ones are grouped and the rest counted
 * under CLIENT_DECIDED. One pass over the window finds both; the
 * expressions run only on the few runs that are not nested, and never on a
 * value they could refuse (a `$cond` evaluates one branch).
 */
export function serverShapes(w: TimeWindow, workflowId?: string): RunShape[] {
  const range = { $gte: w.from, $lt: w.to };
  const wf = workflowId !== undefined ? { workflow_id: { $eq: workflowId } } : {};
  return [
    {
      match: { ...wf, ...NESTED, created_at: range },
      key: (fields) => fields,
      outcome: NESTED_OUTCOME,
      // a nested run with a top-level trigger_type and none in its context: readRun reads that one
      run: { ...NESTED_OUTCOME, w: '$workflow_id', t1: '$execution.context.trigger_type', t2: '$trigger_type' },
      day: dayOf('$created_at'),
      duration: { $subtract: ['$execution.completed_at', '$execution.started_at'] },
      startedOrLogged: { $ifNull: ['$execution.started_at', '$created_at'] },
    },
    {
      match: {
        ...wf,
        $or: [
          { created_at: range, $nor: [NESTED] },
          { created_at: ABSENT, started_at: range },
        ],
      },
      key: (fields) => ({ $cond: [IS_FLAT, fields, CLIENT_DECIDED] }),
      outcome: FLAT_OUTCOME,
      run: { ...FLAT_OUTCOME, w: '$workflow_id', t2: '$trigger_type' },
      day: dayOf({ $ifNull: ['$created_at', '$started_at'] }),
      duration: {
        $cond: [IS_FLAT, { $ifNull: ['$duration_ms', { $subtract: ['$completed_at', '$started_at'] }] }, null],
      },
      startedOrLogged: { $ifNull: ['$started_at', '$created_at'] },
    },
  ];
}

/**
 * The dated runs of the window the server leaves to the client: a rooted
 * `$or` of index ranges ({created_at:-1}, {workflow_id, created_at:-1},
 * {started_at:-1}).
 */
export function clientDecided(w: TimeWindow, workflowId?: string): Document {
  const range = { $gte: w.from, $lt: w.to };
  const wf = workflowId !== undefined ? { workflow_id: { $eq: workflowId } } : {};
  return {
    ...wf,
    $or: [
      { created_at: range, $nor: [NESTED, FLAT] },
      { created_at: ABSENT, started_at: range, $nor: [FLAT] },
    ],
  };
}

/** a duration the sketch takes (readRun gives a negative stored one; the sketch drops it) */
export const hasDuration = (s: RunShape) => ({ $gte: [s.duration, 0] });

export interface RunKey {
  w?: unknown;
  s1?: unknown;
  s2?: unknown;
  t1?: unknown;
  t2?: unknown;
  p?: unknown;
}

/** What readRun says of the runs of a group. */
export function runOfKey(k: RunKey): { workflowId: string | null; outcome: OutcomeCode; triggerType: string | null } {
  const status = toStringOrNull(k.s1) ?? toStringOrNull(k.s2);
  return {
    workflowId: toStringOrNull(k.w),
    outcome: outcomeCodeOf({ outcome: outcomeOf(status, k.p === true ? 1 : 0) }),
    triggerType: toStringOrNull(k.t1) ?? toStringOrNull(k.t2),
  };
}

/**
 * The counts' pipelines, one a shape: per day x workflow x status x trigger x
 * failed actions, with the durations' count and sum, and their min and max
 * unless the query takes no percentiles (two evaluations fewer a run).
 */
export function countPipelines(q: ExecutionQuery): Document[][] {
  return serverShapes(q.window, q.workflowId).map((s) => [
    { $match: s.match },
    {
      $group: {
        _id: s.key({ ...s.run, d: s.day, hd: hasDuration(s) }),
        ...durationStats(s, q.percentiles !== false),
      },
    },
  ]);
}

/** n, and of the runs with a duration (hd in the key): sum, min and max (`minMax`) */
export function durationStats(s: RunShape, minMax = true): Document {
  return {
    n: { $sum: 1 },
    s: { $sum: s.duration },
    ...(minMax ? { mn: { $min: s.duration }, mx: { $max: s.duration } } : {}),
  };
}

/** a value whose ln/ln(1.02) is this close to an integer comes back as itself */
const NEAR_EDGE = 1e-9;

/** Which keys' durations come back exactly: every key, these keys (their raw values), or none. */
export type ExactKeys = 'all' | unknown[] | null;

/**
 * Durations per `key` (an expression on the run; null: all in one): the
 * sketch's histogram, with the values near a bucket's edge as themselves,
 * and for the `exact` keys every value as itself (a row per distinct value
 * and its count: a small key is sent value by value, never as an array the
 * server would have to build for every key). The duration (the shape's
 * expression), the key and the logarithm are computed once per run (`$let`).
 */
export function durationStages(key: unknown, exact: ExactKeys, duration: Document): Document[] {
  const r = { $divide: [{ $ln: { $max: ['$$du', 1] } }, LOG_GROWTH] };
  const nearEdge = {
    $let: {
      vars: { f: { $subtract: ['$$r', { $floor: '$$r' }] } },
      in: { $or: [{ $lt: ['$$f', NEAR_EDGE] }, { $gt: ['$$f', 1 - NEAR_EDGE] }] },
    },
  };
  const exactHere = exact === 'all' ? true : exact && exact.length > 0 ? { $in: ['$$k', exact] } : false;
  const bucket = {
    $let: {
      vars: { r },
      in: {
        w: '$$k',
        // a bucket; z: under 1 ms; n: no duration the sketch takes
        b: { $cond: [{ $gte: ['$$du', 1] }, { $floor: '$$r' }, { $cond: [{ $gte: ['$$du', 0] }, 'z', 'n'] }] },
        v: {
          $cond: [
            { $and: [{ $gte: ['$$du', 0] }, { $or: [exactHere, { $and: [{ $gte: ['$$du', 1] }, nearEdge] }] }] },
            '$$du',
            null,
          ],
        },
      },
    },
  };
  return [
    // one variable a $let: DocumentDB 0.106.0 ends the server process on a $let of two in a $group key
    {
      $group: {
        _id: { $let: { vars: { du: duration }, in: { $let: { vars: { k: key }, in: bucket } } } },
        n: { $sum: 1 },
      },
    },
    { $match: { '_id.b': { $ne: 'n' } } },
    { $group: { _id: '$_id.w', hist: { $push: { b: '$_id.b', v: '$_id.v', n: '$n' } }, n: { $sum: '$n' } } },
  ];
}

/**
 * Everything the plan runs, on one literal run: logged 2025-01-02, success
 * with a failed action, 1,500 ms, trigger "manual".
 */
const PROBE_WINDOW = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-03T00:00:00Z') };
const PROBE_COUNTS = countPipelines({ window: PROBE_WINDOW });
export const RUNS_BY_GROUP: CapabilityProbe = {
  name: 'runs by group',
  pipeline: [
    {
      $project: {
        _id: { $literal: 'probe' },
        workflow_id: { $literal: 'wf' },
        created_at: { $literal: new Date('2025-01-02T10:00:00Z') },
        execution: {
          $literal: {
            status: 'success',
            started_at: new Date('2025-01-02T09:59:58.500Z'),
            completed_at: new Date('2025-01-02T10:00:00Z'),
            actions_failed: ['a'],
            context: { trigger_type: 'manual' },
          },
        },
      },
    },
    {
      $facet: Object.fromEntries(
        serverShapes(PROBE_WINDOW).flatMap((shape, i) => [
          [`counts${i}`, PROBE_COUNTS[i]!],
          [`durations${i}`, durationStages(null, 'all', shape.duration)],
        ]),
      ),
    },
  ],
  check: (rows) => {
    const f = rows[0] as Record<string, Document[] | undefined>;
    // the nested run is in the first shape's rows; the second shape ran and found none
    const r = { counts: f.counts0, durations: f.durations0 };
    const c = r.counts?.[0] as { _id?: Document; n?: unknown; s?: unknown; mn?: unknown; mx?: unknown } | undefined;
    const d = r.durations?.[0] as { hist?: Array<{ b?: unknown; v?: unknown }> } | undefined;
    return (
      f.counts1?.length === 0 &&
      f.durations1?.length === 0 &&
      r.counts?.length === 1 &&
      c?._id !== undefined &&
      runOfKey(c._id).outcome === 'p' &&
      runOfKey(c._id).triggerType === 'manual' &&
      c._id.d === '2025-01-02' &&
      c._id.hd === true &&
      [c.n, c.s, c.mn, c.mx].map(toNumberOrNull).join() === '1,1500,1500,1500' &&
      r.durations?.length === 1 &&
      toNumberOrNull(d?.hist?.[0]?.b) === bucketOf(1500) &&
      toNumberOrNull(d?.hist?.[0]?.v) === 1500
    );
  },
};
