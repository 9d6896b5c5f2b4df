import type { CommandContext } from '../../context.js';
import { analyticsPerformance, type FailureRow, type PerformanceResult } from '../../data/metrics/index.js';
import { windowOfDays } from '../../data/core/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderDayChart } from '../../render/chart.js';
import { printJson } from '../../render/json.js';
import { executionsText } from '../../render/outcome.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { withSpinner } from '../../render/spinner.js';
import { createTheme } from '../../render/theme.js';
import { formatDuration } from '../../render/time.js';

export async function runPerformance(input: { workflow: string; days: number; failures: number }, ctx: CommandContext): Promise<PerformanceResult> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  return withSpinner(ctx.io, `Reading the executions of ${wf.id}`, () =>
    analyticsPerformance(ds, {
    workflow: { id: wf.id, name: wf.name },
    days: input.days,
    window: windowOfDays(input.days, ctx.now()),
    latestFailures: input.failures,
    }),
  );
}

export function printPerformance(r: PerformanceResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, r);
  const t = createTheme(io.colorStdout);
  const section = (name: string) => io.out(`\n${t.bold(name)}\n`);
  const e = r.executions;
  const d = r.durationMs;
  const dur = (v: number | null) => (v === null ? 'n/a' : formatDuration(v));
  io.out(`${t.bold(`Performance of ${r.workflow.id}${r.workflow.name && r.workflow.name !== r.workflow.id ? ` (${r.workflow.name})` : ''}, last ${r.window.days} day${r.window.days === 1 ? '' : 's'}`)}\n`);
  io.out(
    renderKeyValues(io, [
      ['from', r.window.from],
      ['to', r.window.to],
      ['executions', e.total === 0 ? '0 (no executions)' : `${e.total} (${executionsText(e)})`],
      ['success rate', e.successRate === null ? 'n/a (no finished executions)' : `${e.successRate}%`],
      ['failure rate', e.failureRate === null ? 'n/a (no finished executions)' : `${e.failureRate}%`],
      ['duration', d.count === 0 ? 'n/a (no durations)' : `average ${dur(d.averageMs)}, p50 ${dur(d.p50Ms)}, p95 ${dur(d.p95Ms)}, max ${dur(d.maxMs)}${d.exact ? '' : ' (percentiles within 1%)'}`],
      ['with a duration', `${d.count} of ${e.total}`],
    ]),
  );
  section('Executions and failures per day');
  io.out(renderDayChart(io, r.perDay.map((x) => ({ day: x.day, ok: x.total - x.failed, bad: x.failed })), { ok: 'succeeded or running', bad: 'failed' }));
  section('Trigger types');
  if (r.triggerTypes.length === 0) io.out(`${t.muted('  no executions')}\n`);
  else io.out(renderTable(io, [{ header: 'trigger', value: (x: PerformanceResult['triggerTypes'][number]) => x.triggerType }, { header: 'executions', value: (x) => x.executions, align: 'right' }], r.triggerTypes));
  section('Latest failures');
  if (r.latestFailures.length === 0) io.out(`${t.muted('  no failures')}\n`);
  else
    io.out(
      renderTable(
        io,
        [
          { header: 'execution', value: (f: FailureRow) => f.executionId },
          { header: 'started', value: (f) => f.startedAt },
          { header: 'duration', value: (f) => (f.durationMs === null ? null : formatDuration(f.durationMs)), align: 'right' },
          { header: 'error', value: (f) => f.error, maxWidth: 70, style: (s, _f, th) => th.failure(s) },
        ],
        r.latestFailures,
      ),
    );
}
