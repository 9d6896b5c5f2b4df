/**
 * The hand-written raw-driver baselines for bench/analytics.bench.ts: the
 * best plan for the same figures, written directly against the driver with
 * no wfctl code (plain JS, so it starts as fast as node can). On FerretDB
 * every query is a full scan and there are no date expressions, so the best
 * plan is one streamed projection per collection (per-day figures need it)
 * or a single $group where no per-day figure is asked for.
 *
 * node bench/analytics-baseline.mjs <overview|performance|errors|success-rate|dba-overview|dba-performance> <uri> <db> <nowIso> [workflowId]
 *
 * dba-*: the plain pipelines a DBA would run on a server with a full
 * aggregation engine (engine 2), for `--engine ferretdb2`.
 */
import { MongoClient } from 'mongodb';

const [what, uri, dbName, nowIso, wfId] = process.argv.slice(2);
const now = new Date(nowIso);
const DAY = 86_400_000;
const client = new MongoClient(uri);
await client.connect();
const db = client.db(dbName);
const win = (days) => ({ from: new Date(now.getTime() - days * DAY), to: now });
const inWindow = (field, w) => ({ $or: [{ [field]: { $gte: w.from, $lt: w.to } }, { [field]: { $type: 'string' } }] });
// runs as the backend logs them (created_at, the run under `execution`), and the flat documents of other tools
const runsIn = (w) => ({
  $or: [
    { created_at: { $gte: w.from, $lt: w.to } },
    { created_at: { $exists: false }, started_at: { $gte: w.from, $lt: w.to } },
    { created_at: { $type: 'string' } },
    { created_at: { $exists: false }, started_at: { $type: 'string' } },
  ],
});
const RUN = {
  _id: 1,
  workflow_id: 1,
  created_at: 1,
  'execution.status': 1,
  'execution.started_at': 1,
  'execution.completed_at': 1,
  'execution.actions_failed': 1,
  'execution.context.trigger_type': 1,
  status: 1,
  started_at: 1,
  duration_ms: 1,
  trigger_type: 1,
};
const t = (v) =>
  v instanceof Date ? v.getTime() : Date.parse(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${String(v).replace(' ', 'T')}Z`);
const run = (e) => {
  const x = e.execution;
  const at = t(e.created_at ?? e.started_at);
  const start = x ? t(x.started_at) : t(e.started_at);
  const dur = x
    ? x.completed_at && x.started_at
      ? t(x.completed_at) - start
      : null
    : e.duration_ms != null && Number.isFinite(Number(e.duration_ms))
      ? Number(e.duration_ms)
      : null;
  return {
    at,
    status: x ? x.status : e.status,
    partial: x && x.status === 'success' && (x.actions_failed?.length ?? 0) > 0,
    dur,
    trigger: x ? x.context?.trigger_type : e.trigger_type,
  };
};
const inside = (ms, w) => ms >= w.from.getTime() && ms < w.to.getTime();
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
let out;

if (what === 'overview') {
  const w = win(30);
  const wf = { total: 0, active: 0 };
  const names = new Map();
  for await (const d of db
    .collection('custom_workflows')
    .find({})
    .project({ _id: 1, id: 1, name: 1, enabled: 1, is_active: 1 })) {
    wf.total++;
    if (typeof d.enabled === 'boolean' ? d.enabled : d.is_active === true) wf.active++;
    names.set(d.id ?? String(d._id), d.name);
  }
  const perDay = new Map();
  const perWf = new Map();
  let total = 0,
    ok = 0,
    partial = 0,
    failed = 0,
    sum = 0,
    n = 0;
  for await (const e of db.collection('workflow_execution_logs').find(runsIn(w)).project(RUN).batchSize(5000)) {
    const r = run(e);
    if (!inside(r.at, w)) continue;
    const k = day(r.at);
    const d = perDay.get(k) ?? perDay.set(k, [0, 0, 0]).get(k);
    const p = perWf.get(e.workflow_id) ?? perWf.set(e.workflow_id, [0, 0]).get(e.workflow_id);
    total++;
    d[0]++;
    p[0]++;
    if (r.status === 'success') {
      ok++;
      if (r.partial) {
        partial++;
        d[2]++;
      }
    } else if (r.status === 'failed') {
      failed++;
      d[1]++;
      p[1]++;
    }
    if (r.dur !== null) {
      sum += r.dur;
      n++;
    }
  }
  const perWfChanges = new Map();
  const perUser = new Map();
  const rollbacks = new Map();
  for await (const v of db
    .collection('workflow_versions')
    .find(inWindow('changed_at', w))
    .project({ _id: 0, workflow_id: 1, changed_by: 1, changed_at: 1, rollback_of: 1, change_description: 1 })) {
    if (!inside(t(v.changed_at), w)) continue;
    perWfChanges.set(v.workflow_id, (perWfChanges.get(v.workflow_id) ?? 0) + 1);
    perUser.set(v.changed_by, (perUser.get(v.changed_by) ?? 0) + 1);
    if (v.rollback_of != null || /^Rolled back to version \d+/.test(v.change_description ?? '')) {
      const k = day(t(v.changed_at));
      rollbacks.set(k, (rollbacks.get(k) ?? 0) + 1);
    }
  }
  const top = (m, f) => [...m.entries()].sort((a, b) => f(b[1]) - f(a[1])).slice(0, 5);
  out = {
    wf,
    total,
    ok,
    partial,
    failed,
    rate: ok / (ok + failed),
    avg: sum / n,
    active: top(perWf, (x) => x[0]),
    failing: top(perWf, (x) => x[1]),
    perDay: [...perDay],
    modified: top(perWfChanges, (x) => x),
    users: top(perUser, (x) => x),
    rollbacks: [...rollbacks],
  };
} else if (what === 'performance') {
  const w = win(30);
  const durations = [];
  const perDay = new Map();
  const triggers = new Map();
  const failures = [];
  let total = 0,
    ok = 0,
    failed = 0;
  for await (const e of db
    .collection('workflow_execution_logs')
    .find({ workflow_id: wfId, ...runsIn(w) })
    .project({ ...RUN, execution_id: 1, error: 1, 'execution.error': 1 })
    .batchSize(5000)) {
    const r = run(e);
    if (!inside(r.at, w)) continue;
    const k = day(r.at);
    const d = perDay.get(k) ?? perDay.set(k, [0, 0]).get(k);
    total++;
    d[0]++;
    if (r.status === 'success') ok++;
    else if (r.status === 'failed') {
      failed++;
      d[1]++;
      failures.push([r.at, e.execution_id ?? String(e._id), e.execution?.error ?? e.error]);
      if (failures.length > 50) {
        failures.sort((a, b) => b[0] - a[0]);
        failures.length = 10;
      }
    }
    if (r.dur !== null) durations.push(r.dur);
    triggers.set(r.trigger, (triggers.get(r.trigger) ?? 0) + 1);
  }
  durations.sort((a, b) => a - b);
  const rank = (p) => durations[Math.max(1, Math.ceil((p / 100) * durations.length)) - 1];
  out = {
    total,
    ok,
    failed,
    avg: durations.reduce((a, b) => a + b, 0) / durations.length,
    p50: rank(50),
    p95: rank(95),
    max: durations[durations.length - 1],
    perDay: [...perDay],
    triggers: [...triggers],
    failures: failures.sort((a, b) => b[0] - a[0]).slice(0, 10),
  };
} else if (what === 'errors') {
  const w = win(30);
  const mask = (s) =>
    String(s ?? '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
      .replace(/\d+/g, '<n>');
  const actions = new Map();
  const errors = new Map();
  const perDay = new Map();
  let attempts = 0,
    failed = 0,
    retries = 0,
    recovered = 0;
  for await (const a of db
    .collection('workflow_action_attempts')
    .find({ workflow_id: wfId, ...inWindow('timestamp', w) })
    .project({ _id: 0, action_name: 1, attempt: 1, success: 1, error: 1, timestamp: 1 })
    .batchSize(5000)) {
    const ms = t(a.timestamp);
    if (!inside(ms, w)) continue;
    const x =
      actions.get(a.action_name) ??
      actions.set(a.action_name, { n: 0, f: 0, r: 0, rec: 0, last: 0, err: null }).get(a.action_name);
    attempts++;
    x.n++;
    if (a.attempt > 1) {
      retries++;
      x.r++;
      if (a.success) {
        recovered++;
        x.rec++;
      }
    }
    if (!a.success) {
      failed++;
      x.f++;
      if (ms > x.last) {
        x.last = ms;
        x.err = a.error;
      }
      const k = mask(a.error);
      const g = errors.get(k) ?? errors.set(k, [0, 0]).get(k);
      g[0]++;
      g[1] = Math.max(g[1], ms);
      const dk = day(ms);
      perDay.set(dk, (perDay.get(dk) ?? 0) + 1);
    }
  }
  const dated = { $or: runsIn(w).$or.slice(0, 2) };
  const exec = await db
    .collection('workflow_execution_logs')
    .aggregate([
      { $match: { workflow_id: wfId, ...dated } },
      { $group: { _id: { a: '$execution.status', b: '$status' }, n: { $sum: 1 } } },
    ])
    .toArray();
  out = {
    attempts,
    failed,
    retries,
    recovered,
    exec,
    actions: [...actions].sort((a, b) => b[1].f - a[1].f),
    errors: [...errors].sort((a, b) => b[1][0] - a[1][0]).slice(0, 10),
    perDay: [...perDay],
  };
} else if (what === 'success-rate') {
  const w = { from: new Date(now.getTime() - DAY), to: now };
  out = await db
    .collection('workflow_execution_logs')
    .aggregate([
      { $match: { $or: runsIn(w).$or.slice(0, 2) } },
      { $group: { _id: { a: '$execution.status', b: '$status' }, n: { $sum: 1 } } },
    ])
    .toArray();
} else if (what === 'dba-overview' || what === 'dba-performance') {
  // what a DBA would write for a server with a full aggregation engine: one $match on the window's index
  // and one $group by day, workflow, trigger and outcome (the backend's nested shape only), a second
  // pass for the durations' percentiles (performance), the workflows and the versions
  const w = win(30);
  const runs = db.collection('workflow_execution_logs');
  const match = {
    created_at: { $gte: w.from, $lt: w.to },
    ...(what === 'dba-performance' ? { workflow_id: wfId } : {}),
  };
  const dur = { $subtract: ['$execution.completed_at', '$execution.started_at'] };
  const groups = await runs
    .aggregate([
      { $match: match },
      {
        $group: {
          _id: {
            d: { $dateToString: { format: '%Y-%m-%d', date: '$created_at' } },
            w: '$workflow_id',
            t: '$execution.context.trigger_type',
            s: '$execution.status',
            p: { $gt: [{ $size: { $ifNull: ['$execution.actions_failed', []] } }, 0] },
          },
          n: { $sum: 1 },
          sum: { $sum: dur },
          max: { $max: dur },
        },
      },
    ])
    .toArray();
  out = { groups: groups.length };
  if (what === 'dba-performance') {
    const [d] = await runs.aggregate([{ $match: match }, { $group: { _id: null, v: { $push: dur } } }]).toArray();
    const v = (d?.v ?? []).filter((x) => x !== null).sort((a, b) => a - b);
    const at = (p) => v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)] ?? null;
    out.p50 = at(50);
    out.p95 = at(95);
    out.latest = await runs
      .find({ ...match, 'execution.status': 'failed' })
      .sort({ created_at: -1 })
      .limit(10)
      .project({ 'execution.error': 1, created_at: 1 })
      .toArray();
  } else {
    out.workflows = await db
      .collection('custom_workflows')
      .aggregate([{ $group: { _id: '$enabled', n: { $sum: 1 } } }])
      .toArray();
    out.versions = await db
      .collection('workflow_versions')
      .aggregate([
        { $match: { changed_at: { $gte: w.from, $lt: w.to } } },
        { $group: { _id: { w: '$workflow_id', u: '$changed_by' }, n: { $sum: 1 } } },
      ])
      .toArray();
  }
} else throw new Error(`unknown baseline ${what}`);

process.stdout.write(`${JSON.stringify(out)}\n`);
await client.close();
