import type { CommandContext } from '../../context.js';
import { analyticsOverview, type OverviewResult } from '../../data/metrics/index.js';
import { windowOfDays } from '../../data/core/index.js';
import { formatPercent } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderDayChart } from '../../render/chart.js';
import { printJson } from '../../render/json.js';
import { executionsText } from '../../render/outcome.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { withSpinner } from '../../render/spinner.js';
import { createTheme } from '../../render/theme.js';
import { formatDuration } from '../../render/time.js';

export async function runOverview(input: { days: number; top: number }, ctx: CommandContext): Promise<OverviewResult> {
  const ds = await ctx.dataSource();
  const window = windowOfDays(input.days, ctx.now());
  return withSpinner(ctx.io, 'Reading workflows, executions and versions', () =>
    analyticsOverview(ds, { days: input.days, top: input.top, window }),
  );
}

export function printOverview(r: OverviewResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, r);
  const t = createTheme(io.colorStdout);
  const section = (name: string) => io.out(`\n${t.bold(name)}\n`);
  const none = (what: string) => io.out(`${t.muted(`  ${what}`)}\n`);
  const e = r.executions;
  io.out(`${t.bold(`Overview, last ${r.window.days} day${r.window.days === 1 ? '' : 's'}`)}\n`);
  io.out(
    renderKeyValues(io, [
      ['from', r.window.from],
      ['to', r.window.to],
      ['workflows', `${r.workflows.total} (${r.workflows.active} active, ${r.workflows.inactive} inactive)`],
      ['executions', e.total === 0 ? '0 (no executions)' : `${e.total} (${executionsText(e)})`],
      ['success rate', e.successRate === null ? 'n/a (no finished executions)' : formatPercent(e.successRate)],
      ['average duration', e.averageDurationMs === null ? 'n/a (no durations)' : formatDuration(e.averageDurationMs)],
      ['rollbacks', r.rollbacks.total],
    ]),
  );
  section('Most active workflows');
  if (r.mostActive.length === 0) none('no executions');
  else
    io.out(
      renderTable(
        io,
        [
          {
            header: 'workflow',
            value: (w: OverviewResult['mostActive'][number]) => w.workflowId,
            style: (s, _w, th) => th.accent(s),
          },
          { header: 'name', value: (w) => w.name, maxWidth: 30 },
          { header: 'executions', value: (w) => w.executions, align: 'right' },
          { header: 'failed', value: (w) => w.failed, align: 'right' },
          { header: 'success', value: (w) => w.successRate, align: 'right', percent: true },
        ],
        r.mostActive,
      ),
    );
  section('Most failing workflows');
  if (r.mostFailing.length === 0) none('no failed executions');
  else
    io.out(
      renderTable(
        io,
        [
          {
            header: 'workflow',
            value: (w: OverviewResult['mostFailing'][number]) => w.workflowId,
            style: (s, _w, th) => th.accent(s),
          },
          { header: 'name', value: (w) => w.name, maxWidth: 30 },
          { header: 'failed', value: (w) => w.failed, align: 'right', style: (s, _w, th) => th.failure(s) },
          { header: 'executions', value: (w) => w.executions, align: 'right' },
          { header: 'failure rate', value: (w) => w.failureRate, align: 'right', percent: true },
        ],
        r.mostFailing,
      ),
    );
  section('Executions per day');
  io.out(
    renderDayChart(
      io,
      r.executionsPerDay.map((d) => ({ day: d.day, ok: d.total - d.failed, bad: d.failed })),
      { ok: 'succeeded or running', bad: 'failed' },
    ),
  );
  section('Most frequently modified workflows');
  if (r.mostModified.length === 0) none('no versions saved');
  else
    io.out(
      renderTable(
        io,
        [
          {
            header: 'workflow',
            value: (w: OverviewResult['mostModified'][number]) => w.workflowId,
            style: (s, _w, th) => th.accent(s),
          },
          { header: 'name', value: (w) => w.name, maxWidth: 30 },
          { header: 'versions', value: (w) => w.versions, align: 'right' },
        ],
        r.mostModified,
      ),
    );
  section('Users making the most changes');
  if (r.topChangers.length === 0) none('no changes');
  else
    io.out(
      renderTable(
        io,
        [
          { header: 'user', value: (u: OverviewResult['topChangers'][number]) => u.user },
          { header: 'changes', value: (u) => u.changes, align: 'right' },
        ],
        r.topChangers,
      ),
    );
  section('Rollbacks per day');
  if (r.rollbacks.total === 0 && io.stdoutIsTTY) none('no rollbacks');
  else
    io.out(
      renderDayChart(
        io,
        r.rollbacks.perDay.map((d) => ({ day: d.day, ok: d.rollbacks, bad: 0 })),
        { ok: 'rollbacks', bad: '', okOnly: true },
      ),
    );
}
