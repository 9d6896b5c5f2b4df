/**
 * The stages of the runs' server plan (execution-groups.ts runs them): each
 * run's outcome, duration, trigger and logged time computed as readRun
 * (core/runs.ts) computes them, the `$group` per day x workflow x trigger type
 * x outcome, the durations' `$group` (histogram of the sketch's buckets and,
 * while a group is small, the values), and the probe that asks the server
 * whether it runs them all (RUNS_BY_GROUP).
 */
import type { Document } from 'mongodb';
import type { CapabilityProbe } from '../core/capabilities.js';
import { toNumberOrNull } from '../core/normalize.js';
import { runsInWindow } from '../core/runs.js';
import type { TimeWindow } from '../core/window.js';
import type { ExecutionQuery } from './execution-fold.js';
import { bucketOf, LOG_GROWTH } from './percentiles.js';

const type = (e: unknown) => ({ $type: e });
const typeIn = (e: unknown, types: string[]) => ({ $in: [type(e), types] });
const NESTED = { $eq: [type('$execution'), 'object'] };
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** a value whose ln/ln(1.02) is this close to an integer comes back as itself */
const NEAR_EDGE = 1e-9;
const EPOCH = new Date(0);
/**
 * DocumentDB evaluates both branches of a $cond (and every operand of $and):
 * an operator that refuses a type ($size, $trunc, $subtract, $ln,
 * $dateToString) gets an input made safe, never a guard around it.
 */
const whenType = (e: string, t: string, fallback: unknown) => ({ $cond: [{ $eq: [type(e), t] }, e, fallback] });

/**
 * Per run: `w` workflow_id, `sa` started_at (else `t`), `tr` trigger type, `t` the time that places it,
 * `o` outcome code, `x` true when the client must read it, `du` duration
 * (null when none or when `x`). Then only runs in the window (or `x`).
 */
export function runStages(w: TimeWindow): Document[] {
  const storedDurationOk = {
    $cond: [
      { $eq: [type('$dm'), 'double'] },
      {
        $and: [
          { $gte: ['$dm', -MAX_SAFE] },
          { $lte: ['$dm', MAX_SAFE] },
          { $eq: ['$dm', { $trunc: whenType('$dm', 'double', 0) }] },
        ],
      },
      typeIn('$dm', ['missing', 'null', 'int', 'long']),
    ],
  };
  const bothDates = {
    $and: [{ $eq: [type('$s'), 'date'] }, { $eq: [type('$c'), 'date'] }],
  };
  return [
    {
      $project: {
        w: '$workflow_id',
        ca: '$created_at',
        st: { $cond: [NESTED, '$execution.status', '$status'] },
        s: { $cond: [NESTED, '$execution.started_at', '$started_at'] },
        c: { $cond: [NESTED, '$execution.completed_at', '$completed_at'] },
        dm: { $cond: [NESTED, null, '$duration_ms'] },
        fa: {
          $cond: [
            { $and: [NESTED, { $isArray: '$execution.actions_failed' }] },
            {
              $gt: [
                { $size: { $cond: [{ $isArray: '$execution.actions_failed' }, '$execution.actions_failed', []] } },
                0,
              ],
            },
            false,
          ],
        },
        tr: {
          $ifNull: [
            {
              $cond: [
                { $and: [NESTED, { $eq: [type('$execution.context'), 'object'] }] },
                '$execution.context.trigger_type',
                null,
              ],
            },
            '$trigger_type',
          ],
        },
      },
    },
    {
      $project: {
        w: 1,
        tr: 1,
        s: 1,
        c: 1,
        dm: 1,
        t: { $cond: [{ $eq: [type('$ca'), 'date'] }, '$ca', '$s'] },
        // started_at, else the logged time (version health attributes a run by it)
        sa: { $cond: [{ $eq: [type('$s'), 'date'] }, '$s', { $cond: [{ $eq: [type('$ca'), 'date'] }, '$ca', '$s'] }] },
        o: {
          $cond: [
            { $eq: ['$st', 'success'] },
            { $cond: ['$fa', 'p', 's'] },
            { $cond: [{ $eq: ['$st', 'failed'] }, 'f', 'o'] },
          ],
        },
        // the same for a run the client reads (`x`): every reader of du drops those first
        du: {
          $ifNull: [
            '$dm',
            {
              $cond: [
                { $and: [bothDates, { $gte: ['$c', '$s'] }] },
                { $subtract: [whenType('$c', 'date', EPOCH), whenType('$s', 'date', EPOCH)] },
                null,
              ],
            },
          ],
        },
        x: {
          $not: [
            {
              $and: [
                typeIn('$s', ['date', 'missing', 'null']),
                typeIn('$c', ['date', 'missing', 'null']),
                storedDurationOk,
              ],
            },
          ],
        },
      },
    },
    { $match: { $or: [{ x: true }, { t: { $gte: w.from, $lt: w.to } }] } },
  ];
}

const HAS_DURATION = { $gte: ['$du', 0] };

/** Counts per day x workflow x trigger x outcome; a run the client must read is a group of its own, keyed by _id. */
const COUNT_GROUP = {
  $group: {
    _id: {
      $cond: [
        '$x',
        { x: '$_id' },
        {
          d: { $dateToString: { format: '%Y-%m-%d', date: whenType('$t', 'date', EPOCH) } },
          w: '$w',
          t: '$tr',
          o: '$o',
        },
      ],
    },
    n: { $sum: 1 },
    dn: { $sum: { $cond: [HAS_DURATION, 1, 0] } },
    ds: { $sum: { $cond: [HAS_DURATION, '$du', 0] } },
    mn: { $min: { $cond: [HAS_DURATION, '$du', null] } },
    mx: { $max: { $cond: [HAS_DURATION, '$du', null] } },
  },
};

/** Durations per `key` (an expression; null: all in one): histogram, stats, and the values while `keepValues` or fewer. */
export function durationStages(key: unknown, keepValues: number): Document[] {
  const keep = keepValues > 0;
  return [
    { $match: { x: false, du: { $gte: 0 } } },
    {
      $project: {
        w: key,
        du: 1,
        r: {
          $cond: [
            { $gte: ['$du', 1] },
            { $divide: [{ $ln: { $cond: [{ $gte: ['$du', 1] }, '$du', 1] } }, LOG_GROWTH] },
            null,
          ],
        },
      },
    },
    { $project: { w: 1, du: 1, r: 1, b: { $cond: [{ $eq: ['$r', null] }, null, { $floor: '$r' }] } } },
    {
      $project: {
        w: 1,
        du: 1,
        b: 1,
        v: {
          $cond: [
            {
              $and: [
                { $ne: ['$b', null] },
                {
                  $or: [
                    { $lt: [{ $subtract: ['$r', '$b'] }, NEAR_EDGE] },
                    { $gt: [{ $subtract: ['$r', '$b'] }, 1 - NEAR_EDGE] },
                  ],
                },
              ],
            },
            '$du',
            null,
          ],
        },
      },
    },
    {
      $group: {
        _id: { w: '$w', b: '$b', v: '$v' },
        n: { $sum: 1 },
        s: { $sum: '$du' },
        mn: { $min: '$du' },
        mx: { $max: '$du' },
        ...(keep ? { vals: { $push: '$du' } } : {}),
      },
    },
    {
      $group: {
        _id: '$_id.w',
        hist: { $push: { b: '$_id.b', v: '$_id.v', n: '$n' } },
        n: { $sum: '$n' },
        s: { $sum: '$s' },
        mn: { $min: '$mn' },
        mx: { $max: '$mx' },
        ...(keep ? { vals: { $push: '$vals' } } : {}),
      },
    },
    // the values cross the wire only for groups small enough to be exact
    ...(keep
      ? [
          {
            $project: {
              hist: 1,
              n: 1,
              s: 1,
              mn: 1,
              mx: 1,
              vals: { $cond: [{ $lte: ['$n', keepValues] }, '$vals', []] },
            },
          },
        ]
      : []),
  ];
}

/**
 * Everything the plan runs, on one literal run: logged 2025-01-02, success
 * with a failed action, 1,500 ms, trigger "manual".
 */
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
    ...runStages({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-03T00:00:00Z') }),
    {
      $group: {
        _id: { d: { $dateToString: { format: '%Y-%m-%d', date: '$t' } }, w: '$w', t: '$tr', o: '$o', x: '$x' },
        n: { $sum: 1 },
        mn: { $min: '$du' },
        mx: { $max: '$du' },
        b: { $max: { $floor: { $divide: [{ $ln: '$du' }, LOG_GROWTH] } } },
        vals: { $push: '$du' },
      },
    },
  ],
  check: (rows) => {
    const r = rows[0] as { _id?: Document; n?: unknown; mn?: unknown; mx?: unknown; b?: unknown; vals?: unknown };
    return (
      rows.length === 1 &&
      JSON.stringify(r._id) === JSON.stringify({ d: '2025-01-02', w: 'wf', t: 'manual', o: 'p', x: false }) &&
      toNumberOrNull(r.n) === 1 &&
      toNumberOrNull(r.mn) === 1500 &&
      toNumberOrNull(r.mx) === 1500 &&
      toNumberOrNull(r.b) === bucketOf(1500) &&
      JSON.stringify(r.vals) === '[1500]'
    );
  },
};

/** The counts' pipeline: its $match is an index range on the window ({created_at:-1} or {workflow_id, created_at:-1}, and {started_at:-1}). */
export function countPipeline(q: ExecutionQuery): Document[] {
  return [{ $match: runsInWindow(q.window, q.workflowId).dated }, ...runStages(q.window), COUNT_GROUP];
}
