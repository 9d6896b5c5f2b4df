/**
 * A workflow whose versions ran with known outcomes, for the version-health
 * tests. Each run is generated FOR a version (its start drawn inside that
 * version's live time, its outcome from that version's true rate), so the
 * expected figures come from the generation, not from wfctl's attribution.
 *
 * The history (NOW = 2025-06-15T12:00:00Z), with the edges the README names:
 *   v1  NOW-10d   rate 0.99  300 runs
 *   v2  NOW-7d    rate 0.95  200 runs (one logged with a legacy string created_at, one flat document)
 *   v3  NOW-5d    live a day, no runs at all
 *   v4  NOW-4d    rate 0.97  150 runs, and 5 more still running when v5 came (counted for v4)
 *   v5  NOW-2d    live 2 seconds, 1 run
 *   v6  NOW-2d+2s rate 0.90  100 runs, until v8 (v7's clock is off)
 *   v7  NOW-1d    saved "after" v8: its interval is empty (live 0, no runs)
 *   v8  NOW-1d-1h rate 0.60  40 runs; current
 * plus runs no version owns: one that started before v1, and one that
 * started before NOW but is logged after it (not ended by NOW).
 */
import type { DataSource } from '../../src/data/core/index.js';
import { prng } from './generator.js';
import { workflowData } from './version-fixtures.js';

export const HEALTH_NOW = '2025-06-15T12:00:00Z';
export const HEALTH_WF = 'wf-health';
const NOW = Date.parse(HEALTH_NOW);
const H = 3_600_000;
const D = 24 * H;

export interface PlannedVersion {
  version: number;
  changedAt: Date;
  /** true success probability of its runs */
  rate: number;
  runs: number;
}

export const HEALTH_VERSIONS: PlannedVersion[] = [
  { version: 1, changedAt: new Date(NOW - 10 * D), rate: 0.99, runs: 300 },
  { version: 2, changedAt: new Date(NOW - 7 * D), rate: 0.95, runs: 200 },
  { version: 3, changedAt: new Date(NOW - 5 * D), rate: 1, runs: 0 },
  { version: 4, changedAt: new Date(NOW - 4 * D), rate: 0.97, runs: 150 },
  { version: 5, changedAt: new Date(NOW - 2 * D), rate: 1, runs: 1 },
  { version: 6, changedAt: new Date(NOW - 2 * D + 2000), rate: 0.9, runs: 100 },
  { version: 7, changedAt: new Date(NOW - 1 * D), rate: 1, runs: 0 },
  { version: 8, changedAt: new Date(NOW - 1 * D - H), rate: 0.6, runs: 40 },
];

/** The live time each version really had (what the generator draws starts from). */
export const HEALTH_LIVE: Record<number, { from: number; until: number | null }> = {
  1: { from: NOW - 10 * D, until: NOW - 7 * D },
  2: { from: NOW - 7 * D, until: NOW - 5 * D },
  3: { from: NOW - 5 * D, until: NOW - 4 * D },
  4: { from: NOW - 4 * D, until: NOW - 2 * D },
  5: { from: NOW - 2 * D, until: NOW - 2 * D + 2000 },
  6: { from: NOW - 2 * D + 2000, until: NOW - D - H },
  7: { from: NOW - D, until: NOW - D },
  8: { from: NOW - D - H, until: null },
};

export interface ExpectedHealth {
  version: number;
  runs: number;
  succeeded: number;
  succeededWithFailedActions: number;
  failed: number;
  other: number;
  /** nearest-rank p95 of the durations, by sorting them */
  p95DurationMs: number | null;
}

/** Seeds the workflow, its versions and runs; returns the figures each version must show. */
export async function seedHealthWorkflow(
  ds: DataSource,
  options: { id?: string; seed?: number } = {},
): Promise<Map<number, ExpectedHealth>> {
  const id = options.id ?? HEALTH_WF;
  const random = prng(options.seed ?? 13);
  const states = HEALTH_VERSIONS.map((v) => workflowData(id, 'Health check', { revision: v.version }));
  await ds.versions.insertMany(
    HEALTH_VERSIONS.map((v, i) => ({
      workflow_id: id,
      version_number: v.version,
      workflow_data: states[i]!,
      change_description: i === 0 ? 'created' : `change ${v.version}`,
      changed_by: 'alice',
      changed_at: v.changedAt,
      diff: {},
      is_current: i === HEALTH_VERSIONS.length - 1,
    })),
  );
  await ds.workflows.insertOne({
    ...states[states.length - 1]!,
    id,
    updated_at: new Date(NOW - D - H),
    current_version: 8,
  } as never);

  const expected = new Map<number, ExpectedHealth & { durations: number[] }>();
  for (const v of HEALTH_VERSIONS)
    expected.set(v.version, {
      version: v.version,
      runs: 0,
      succeeded: 0,
      succeededWithFailedActions: 0,
      failed: 0,
      other: 0,
      p95DurationMs: null,
      durations: [],
    });
  const docs: Array<Record<string, unknown>> = [];
  let n = 0;
  const run = (
    version: number | null,
    started: number,
    durationMs: number,
    status: string,
    failedActions: number,
    shape: 'nested' | 'legacy-string' | 'flat' = 'nested',
  ) => {
    const ended = started + durationMs;
    const execution = {
      status,
      started_at: new Date(started),
      completed_at: new Date(ended),
      actions_completed: ['fetch', 'transform'],
      actions_failed: Array.from({ length: failedActions }, (_, i) => `notify-${i}`),
      error: status === 'failed' ? `Timeout after ${1000 + (n % 7) * 1000}ms` : null,
      context: { trigger_type: 'schedule' },
    };
    n++;
    if (shape === 'flat')
      docs.push({
        execution_id: `flat-${n}`,
        workflow_id: id,
        status,
        started_at: new Date(started),
        completed_at: new Date(ended),
        duration_ms: durationMs,
      });
    else
      docs.push({
        workflow_id: id,
        workflow_name: 'Health check',
        execution,
        created_at: shape === 'legacy-string' ? new Date(ended).toISOString().replace('Z', '') : new Date(ended),
      });
    if (version === null) return;
    const e = expected.get(version)!;
    e.runs++;
    e.durations.push(durationMs);
    if (status === 'success') {
      e.succeeded++;
      if (failedActions > 0) e.succeededWithFailedActions++;
    } else if (status === 'failed') e.failed++;
    else e.other++;
  };
  const outcome = (rate: number): [string, number] => {
    const r = random();
    if (r < 0.02) return ['cancelled', 0];
    if (random() < rate) return ['success', random() < 0.1 ? 1 : 0];
    return ['failed', 1];
  };
  const duration = () => Math.round(200 + random() * random() * 120_000);

  for (const v of HEALTH_VERSIONS) {
    const live = HEALTH_LIVE[v.version]!;
    const until = live.until ?? NOW - 10 * 60_000; // current: runs that ended before NOW
    for (let i = 0; i < v.runs; i++) {
      const [status, failedActions] = outcome(v.rate);
      const d = duration();
      // drawn one second inside the interval; the current one's runs end before NOW
      const span = Math.max(0, until - live.from - 2000 - (live.until === null ? d : 0));
      const started = live.from + 1000 + Math.floor(random() * span);
      const shape = v.version === 2 && i === 0 ? 'legacy-string' : v.version === 2 && i === 1 ? 'flat' : 'nested';
      run(v.version, started, v.version === 5 ? 500 : d, status, failedActions, shape);
    }
  }
  // in flight when v5 came: started on v4, logged after the switch
  for (let i = 0; i < 5; i++) run(4, NOW - 2 * D - 60_000 * (i + 1), 10 * 60_000, 'success', 0);
  // no version owns these: before v1; started before NOW but not ended by it
  run(null, NOW - 11 * D, 1000, 'success', 0);
  run(null, NOW - 60_000, 5 * 60_000, 'failed', 1);
  for (let i = 0; i < docs.length; i += 1000) await ds.executions.insertMany(docs.slice(i, i + 1000) as never);

  const out = new Map<number, ExpectedHealth>();
  for (const [version, e] of expected) {
    const sorted = [...e.durations].sort((a, b) => a - b);
    const { durations, ...rest } = e;
    void durations;
    out.set(version, {
      ...rest,
      p95DurationMs: sorted.length ? sorted[Math.max(1, Math.ceil(0.95 * sorted.length)) - 1]! : null,
    });
  }
  return out;
}
