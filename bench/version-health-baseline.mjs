/**
 * The hand-written raw-driver baseline for bench/version-health.bench.ts: the
 * figures of `versions list --all` with health, written directly against the
 * driver with no wfctl code. One read of the versions (number and time), one
 * streamed read of the workflow's runs since the first version, each run
 * counted for the highest version saved by its start; p95 by sorting each
 * version's durations (memory grows with the runs: the baseline may, wfctl
 * may not).
 *
 * node bench/version-health-baseline.mjs <uri> <db> <nowIso> <workflowId>
 */
import { MongoClient } from 'mongodb';

const [uri, dbName, nowIso, wfId] = process.argv.slice(2);
const now = new Date(nowIso).getTime();
const client = new MongoClient(uri);
await client.connect();
const db = client.db(dbName);
const versions = await db
  .collection('workflow_versions')
  .find({ workflow_id: wfId })
  .sort({ version_number: 1 })
  .project({ _id: 0, version_number: 1, changed_at: 1 })
  .toArray();
const starts = versions.map((v) => v.changed_at.getTime());
const counts = versions.map(() => ({ runs: 0, ok: 0, partial: 0, failed: 0, durations: [] }));
const from = new Date(starts[0]);
const cursor = db
  .collection('workflow_execution_logs')
  .find({ workflow_id: wfId, created_at: { $gte: from, $lt: new Date(now) } })
  .project({
    _id: 0,
    'execution.status': 1,
    'execution.started_at': 1,
    'execution.completed_at': 1,
    'execution.actions_failed': 1,
  })
  .batchSize(5000);
for await (const e of cursor) {
  const x = e.execution;
  const start = x.started_at.getTime();
  let lo = 0,
    hi = starts.length - 1,
    at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= start) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0) continue;
  const c = counts[at];
  c.runs++;
  c.durations.push(x.completed_at.getTime() - start);
  if (x.status === 'success') {
    c.ok++;
    if (x.actions_failed?.length) c.partial++;
  } else if (x.status === 'failed') c.failed++;
}
const out = versions.map((v, i) => {
  const c = counts[i];
  const d = c.durations.sort((a, b) => a - b);
  return {
    version: v.version_number,
    runs: c.runs,
    ok: c.ok,
    partial: c.partial,
    failed: c.failed,
    p95: d.length ? d[Math.max(1, Math.ceil(0.95 * d.length)) - 1] : null,
  };
});
process.stdout.write(JSON.stringify(out));
await client.close();
