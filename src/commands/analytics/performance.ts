import type { CommandContext } from '../../context.js';
import {
  analyticsPerformance,
  readVersionStamps,
  versionHealth,
  type FailureRow,
  type PerformanceResult,
  type VersionHealth,
} from '../../data/metrics/index.js';
import { windowOfDays } from '../../data/core/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { formatPercent } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderDayChart, renderRateChart } from '../../render/chart.js';
import { printJson } from '../../render/json.js';
import { executionsText } from '../../render/outcome.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { withSpinner } from '../../render/spinner.js';
import { createTheme } from '../../render/theme.js';
import { formatDuration, formatLive } from '../../render/time.js';

/** A version's figures in the window (VersionHealth as --json prints it). */
export type VersionPerformance = Omit<VersionHealth, 'p95Exact'>;

export interface PerformanceOutput extends Omit<PerformanceResult, 'latestFailures'> {
  /** the workflow's failed runs, each with the workflow's name beside its id */
  latestFailures: Array<PerformanceResult['latestFailures'][number] & { workflowName: string }>;
  /** --by-version: oldest first, the versions live at some time in the window */
  byVersion?: VersionPerformance[];
}

export async function runPerformance(
  input: { workflow: string; days: number; failures: number; byVersion?: boolean },
  ctx: CommandContext,
): Promise<PerformanceOutput> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const window = windowOfDays(input.days, ctx.now());
  return withSpinner(ctx.io, `Reading the executions of ${wf.name} (${wf.id})`, async () => {
    const found = await analyticsPerformance(ds, {
      workflow: { id: wf.id, name: wf.name },
      days: input.days,
      window,
      latestFailures: input.failures,
    });
    const result: PerformanceOutput = {
      ...found,
      latestFailures: found.latestFailures.map((f) => ({ ...f, workflowName: wf.name })),
    };
    if (input.byVersion) {
      const health = await versionHealth(ds, {
        workflowId: wf.id,
        versions: await readVersionStamps(ds, wf.id),
        now: window.to,
        since: window.from,
      });
      const from = window.from.getTime();
      result.byVersion = health
        .filter(
          (h) =>
            h.runs > 0 ||
            (h.liveFrom !== null && h.liveMs !== null && h.liveMs > 0 && h.liveFrom.getTime() + h.liveMs > from),
        )
        .reverse()
        .map(({ p95Exact, ...h }) => (void p95Exact, h));
    }
    return result;
  });
}

export function printPerformance(r: PerformanceOutput, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, r);
  const t = createTheme(io.colorStdout);
  const section = (name: string) => io.out(`\n${t.bold(name)}\n`);
  const e = r.executions;
  const d = r.durationMs;
  const dur = (v: number | null) => (v === null ? 'n/a' : formatDuration(v));
  io.out(
    `${t.bold(`Performance of ${r.workflow.id}${r.workflow.name && r.workflow.name !== r.workflow.id ? ` (${r.workflow.name})` : ''}, last ${r.window.days} day${r.window.days === 1 ? '' : 's'}`)}\n`,
  );
  io.out(
    renderKeyValues(io, [
      ['from', r.window.from],
      ['to', r.window.to],
      ['executions', e.total === 0 ? '0 (no executions)' : `${e.total} (${executionsText(e)})`],
      ['success rate', e.successRate === null ? 'n/a (no finished executions)' : formatPercent(e.successRate)],
      ['failure rate', e.failureRate === null ? 'n/a (no finished executions)' : formatPercent(e.failureRate)],
      [
        'duration',
        d.count === 0
          ? 'n/a (no durations)'
          : `average ${dur(d.averageMs)}, p50 ${dur(d.p50Ms)}, p95 ${dur(d.p95Ms)}, max ${dur(d.maxMs)}${d.exact ? '' : ' (percentiles within 1%)'}`,
      ],
      ['with a duration', `${d.count} of ${e.total}`],
    ]),
  );
  section('Executions and failures per day');
  io.out(
    renderDayChart(
      io,
      r.perDay.map((x) => ({ day: x.day, ok: x.total - x.failed, bad: x.failed })),
      { ok: 'succeeded or running', bad: 'failed' },
    ),
  );
  if (r.byVersion) {
    section('Per version (runs that started in the window)');
    if (r.byVersion.length === 0) io.out(`${t.muted('  no version was live in the window')}\n`);
    else {
      io.out(
        renderTable(
          io,
          [
            { header: 'version', value: (v: VersionPerformance) => v.version, align: 'right' },
            { header: 'live from', value: (v) => v.liveFrom, time: 'absolute' },
            {
              header: 'live',
              value: (v) => (v.liveMs === null ? null : io.stdoutIsTTY ? formatLive(v.liveMs) : v.liveMs),
              align: 'right',
            },
            { header: 'runs', value: (v) => v.runs, align: 'right' },
            {
              header: 'ok',
              value: (v) =>
                v.successRate === null ? null : io.stdoutIsTTY ? formatPercent(v.successRate) : v.successRate,
              align: 'right',
            },
            { header: 'failed', value: (v) => v.failed, align: 'right' },
            { header: 'partial', value: (v) => v.succeededWithFailedActions, align: 'right' },
            {
              header: 'p95',
              value: (v) =>
                v.p95DurationMs === null ? null : io.stdoutIsTTY ? formatDuration(v.p95DurationMs) : v.p95DurationMs,
              align: 'right',
            },
          ],
          r.byVersion,
        ),
      );
      if (io.stdoutIsTTY) {
        section('Success rate per version');
        io.out(
          renderRateChart(
            io,
            r.byVersion.map((v) => ({ label: `v${v.version}`, rate: v.successRate, runs: v.succeeded + v.failed })),
          ),
        );
      }
    }
  }
  section('Trigger types');
  if (r.triggerTypes.length === 0) io.out(`${t.muted('  no executions')}\n`);
  else
    io.out(
      renderTable(
        io,
        [
          { header: 'trigger', value: (x: PerformanceResult['triggerTypes'][number]) => x.triggerType },
          { header: 'executions', value: (x) => x.executions, align: 'right' },
        ],
        r.triggerTypes,
      ),
    );
  section('Latest failures');
  if (r.latestFailures.length === 0) io.out(`${t.muted('  no failures')}\n`);
  else
    io.out(
      renderTable(
        io,
        [
          { header: 'execution', value: (f: FailureRow) => f.executionId },
          { header: 'started', value: (f) => f.startedAt },
          {
            header: 'duration',
            value: (f) => (f.durationMs === null ? null : formatDuration(f.durationMs)),
            align: 'right',
          },
          { header: 'error', value: (f) => f.error, maxWidth: 70, style: (s, _f, th) => th.failure(s) },
        ],
        r.latestFailures,
      ),
    );
}
