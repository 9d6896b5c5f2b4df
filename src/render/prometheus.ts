/**
 * Check results in the Prometheus text exposition format, as node_exporter's
 * textfile collector reads it: no sample timestamps (the collector refuses
 * them), one HELP and TYPE per metric, and a last-run timestamp gauge so an
 * alert can tell a stale file from a healthy one.
 */
import type { CheckOutcome, CheckResult } from '../data/metrics/index.js';

const OUTCOME_VALUE: Record<CheckOutcome, number> = { ok: 0, breached: 1, 'insufficient-data': 2 };

export const PROMETHEUS_METRICS = {
  status: 'wfctl_check_status',
  breached: 'wfctl_check_breached',
  value: 'wfctl_check_value',
  threshold: 'wfctl_check_threshold',
  executions: 'wfctl_check_executions',
  versionSuccess: 'wfctl_check_version_success_ratio',
  versionRuns: 'wfctl_check_version_runs',
  lastRun: 'wfctl_check_last_run_timestamp_seconds',
  workflowStatus: 'wfctl_check_workflow_status',
  workflowValue: 'wfctl_check_workflow_value',
} as const;

/** The exposition format's three escapes; a label value is UTF-8 text, other characters stay as they are. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

/** Six significant digits (p-values can be tiny; ratios need no more). */
function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** A success ratio from the counts, not from the rounded percent. */
function ratio(succeeded: number | undefined, failed: number | undefined, percent: number): number {
  const finished = (succeeded ?? 0) + (failed ?? 0);
  return finished > 0 ? (succeeded ?? 0) / finished : percent / 100;
}

/**
 * `name` identifies the check run (--name, else the --output file's name):
 * every series carries it, so the files of several wfctl runs in one textfile
 * directory never hold the same series twice (node_exporter refuses that on
 * every scrape) and each file has its own last-run timestamp to alert on.
 */
export function renderPrometheus(results: CheckResult[], lastRun: Date, name = 'wfctl'): string {
  const m = PROMETHEUS_METRICS;
  const out: string[] = [];
  const family = (name: string, help: string, samples: string[]) => {
    if (samples.length === 0) return;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples);
  };
  const base = (r: CheckResult) => ({
    name,
    check: r.check,
    workflow: r.workflow ?? '',
    workflow_name: r.workflowName ?? '',
    window: r.window,
  });

  family(
    m.status,
    'Outcome of a wfctl check: 0 ok, 1 breached, 2 insufficient data (too few executions to judge).',
    results.map((r) => `${m.status}${labels(base(r))} ${OUTCOME_VALUE[r.outcome]}`),
  );
  family(
    m.breached,
    '1 when the check threshold is breached, else 0.',
    results.map((r) => `${m.breached}${labels(base(r))} ${r.outcome === 'breached' ? 1 : 0}`),
  );
  family(
    m.value,
    'The measured figure: success ratio (0 to 1) for success-rate, a count for failures and rollbacks, the p-value for regression. Absent when there is nothing to measure.',
    results
      .filter((r) => r.value !== null)
      .map(
        (r) =>
          `${m.value}${labels(base(r))} ${num(r.check === 'success-rate' ? ratio(r.succeeded, r.failed, r.value!) : r.value!)}`,
      ),
  );
  family(
    m.threshold,
    'The threshold of the check, in the unit of wfctl_check_value; bound is min or max.',
    results.map((r) => {
      const [bound, v] =
        'min' in r.threshold
          ? ['min', r.check === 'success-rate' ? r.threshold.min / 100 : r.threshold.min]
          : ['max', r.threshold.max];
      return `${m.threshold}${labels({ ...base(r), bound })} ${num(v)}`;
    }),
  );
  family(
    m.executions,
    'Finished executions (success or failed) in the window of a success-rate check, by status.',
    results
      .filter((r) => r.check === 'success-rate')
      .flatMap((r) => [
        `${m.executions}${labels({ ...base(r), status: 'success' })} ${r.succeeded ?? 0}`,
        `${m.executions}${labels({ ...base(r), status: 'failed' })} ${r.failed ?? 0}`,
      ]),
  );
  const sides = results.flatMap((r) =>
    r.regression
      ? (['current', 'previous'] as const).flatMap((role) => {
          const s = r.regression![role];
          return s ? [{ r, role, s }] : [];
        })
      : [],
  );
  family(
    m.versionSuccess,
    'regression: success ratio (0 to 1) of the current version since it went live and of the previous one (its baseline); role is current or previous.',
    sides
      .filter((x) => x.s.successRate !== null)
      .map(
        (x) =>
          `${m.versionSuccess}${labels({ ...base(x.r), role: x.role, version: String(x.s.version) })} ${num(ratio(x.s.succeeded, x.s.failed, x.s.successRate!))}`,
      ),
  );
  family(
    m.versionRuns,
    'regression: finished runs of the current and the previous version, by status.',
    sides.flatMap((x) => {
      const l = { ...base(x.r), role: x.role, version: String(x.s.version) };
      return [
        `${m.versionRuns}${labels({ ...l, status: 'success' })} ${x.s.succeeded}`,
        `${m.versionRuns}${labels({ ...l, status: 'failed' })} ${x.s.failed}`,
      ];
    }),
  );
  // a check of all workflows: each workflow's share, so an alert can say which one
  const shares = results.flatMap((r) =>
    (r.workflows ?? []).map((f) => ({
      r,
      f,
      l: { ...base(r), workflow: f.workflow, workflow_name: f.workflowName ?? '' },
    })),
  );
  family(
    m.workflowStatus,
    'A check of all workflows (workflow="" in wfctl_check_status), per workflow judged alone against the same threshold: 0 ok, 1 breached, 2 insufficient data.',
    shares.map((x) => `${m.workflowStatus}${labels(x.l)} ${OUTCOME_VALUE[x.f.outcome]}`),
  );
  family(
    m.workflowValue,
    "Each workflow's figure behind a check of all workflows, in the unit of wfctl_check_value. Absent when there is nothing to measure.",
    shares
      .filter((x) => x.f.value !== null)
      .map(
        (x) =>
          `${m.workflowValue}${labels(x.l)} ${num(x.r.check === 'success-rate' ? ratio(x.f.succeeded, x.f.failed, x.f.value!) : x.f.value!)}`,
      ),
  );
  family(m.lastRun, 'When wfctl check last ran, in seconds since the Unix epoch.', [
    `${m.lastRun}${labels({ name })} ${num(Math.floor(lastRun.getTime() / 1000))}`,
  ]);
  return `${out.join('\n')}\n`;
}
