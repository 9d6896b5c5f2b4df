import type { CommandContext } from '../../context.js';
import { errorStats, type ActionErrorRow, type ErrorStats } from '../../data/metrics/index.js';
import { windowOfDays } from '../../data/core/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { formatPercent } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderDayChart } from '../../render/chart.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable, type Column } from '../../render/table.js';
import { withSpinner } from '../../render/spinner.js';
import { createTheme } from '../../render/theme.js';

export interface ErrorStatsInput {
  workflow: string;
  action?: string;
  days: number;
  top: number;
}

export async function runErrorStats(input: ErrorStatsInput, ctx: CommandContext): Promise<ErrorStats> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const now = ctx.now();
  return withSpinner(ctx.io, `Reading the action attempts of ${wf.name} (${wf.id})`, () =>
    errorStats(ds, {
      workflow: {
        id: wf.id,
        name: wf.name,
        actionNames: wf.actions.map((a) => a.name).filter((n): n is string => typeof n === 'string'),
      },
      ...(input.action !== undefined ? { action: input.action } : {}),
      days: input.days,
      window: windowOfDays(input.days, now),
      topErrors: input.top,
    }),
  );
}

const actionColumns: Column<ActionErrorRow>[] = [
  { header: 'action', value: (a) => a.name },
  { header: 'attempts', value: (a) => a.attempts, align: 'right' },
  {
    header: 'failures',
    value: (a) => a.failures,
    align: 'right',
    style: (t, a, th) => (a.failures > 0 ? th.failure(t) : t),
  },
  { header: 'retries', value: (a) => a.retries, align: 'right' },
  { header: 'recovered', value: (a) => a.recovered, align: 'right' },
  { header: 'attempts ok', value: (a) => a.attemptSuccessRate, align: 'right', percent: true },
  { header: 'last error', value: (a) => a.lastError, maxWidth: 50 },
  { header: 'when', value: (a) => a.lastErrorAt },
];

export function printErrorStats(r: ErrorStats, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, r);
  if (format === 'csv') {
    io.out(renderTable(io, actionColumns, r.actions, 'csv'));
    return;
  }
  const t = createTheme(io.colorStdout);
  const title = `Errors of ${r.workflow.id}${r.workflow.name && r.workflow.name !== r.workflow.id ? ` (${r.workflow.name})` : ''}${r.action ? `, action ${r.action}` : ''}, last ${r.window.days} day${r.window.days === 1 ? '' : 's'}`;
  io.out(`${t.bold(title)}\n`);
  if (r.attempts === 0) io.out(`${t.muted('no action attempts in this window')}\n`);
  io.out(
    renderKeyValues(io, [
      ['from', r.window.from],
      ['to', r.window.to],
      ['attempts', r.attempts],
      ['failed attempts', r.failedAttempts],
      [
        'attempts ok',
        r.attemptSuccessRate === null ? 'n/a (no attempts)' : `${formatPercent(r.attemptSuccessRate)} of attempts`,
      ],
      ['retries', r.retries],
      ['recovered by a retry', r.recovered],
      [r.action ? 'runs of the action' : 'runs', r.executions.total === 0 ? '0 (no runs)' : r.executions.total],
      [r.action ? 'runs it failed in' : 'failed for good', r.executions.failed],
      ...(r.action
        ? []
        : ([
            [
              'runs ok',
              r.executions.successRate === null
                ? 'n/a (no finished runs)'
                : `${formatPercent(r.executions.successRate)} of runs`,
            ],
          ] as Array<[string, string]>)),
    ]),
  );
  const section = (name: string) => io.out(`\n${t.bold(name)}\n`);
  section(r.action ? 'Action' : 'Actions, most failures first');
  if (r.actions.length === 0) io.out(`${t.muted('  no actions')}\n`);
  else io.out(renderTable(io, actionColumns, r.actions));

  if (r.strategies) {
    section('Retry strategies');
    if (r.strategies.length === 0) io.out(`${t.muted('  none seen')}\n`);
    else
      io.out(
        renderTable(
          io,
          [
            { header: 'strategy', value: (s: { strategy: string; attempts: number }) => s.strategy },
            { header: 'attempts', value: (s) => s.attempts, align: 'right' },
          ],
          r.strategies,
        ),
      );
  }
  if (r.attemptsToSuccess) {
    section('Attempts until success');
    if (r.attemptsToSuccess.length === 0) io.out(`${t.muted('  no successful attempts')}\n`);
    else if (io.stdoutIsTTY) {
      const peak = Math.max(...r.attemptsToSuccess.map((a) => a.successes));
      for (const a of r.attemptsToSuccess) {
        const label = a.attempt === 1 ? 'first try' : `attempt ${a.attempt}`;
        io.out(
          `  ${label.padEnd(11)} ${t.success('█'.repeat(Math.max(1, Math.round((a.successes / peak) * 40))))} ${a.successes}\n`,
        );
      }
    } else io.out(r.attemptsToSuccess.map((a) => `${a.attempt}\t${a.successes}\n`).join(''));
  }

  section('Most common errors');
  if (r.commonErrors.length === 0) io.out(`${t.muted('  no errors')}\n`);
  else
    io.out(
      renderTable(
        io,
        [
          { header: 'count', value: (e: ErrorStats['commonErrors'][number]) => e.count, align: 'right' },
          { header: 'error', value: (e) => e.message, maxWidth: 70 },
          { header: 'last seen', value: (e) => e.lastSeen },
        ],
        r.commonErrors,
      ),
    );

  section('Failures per day');
  io.out(
    renderDayChart(
      io,
      r.failuresPerDay.map((d) => ({ day: d.day, ok: d.attempts - d.failures, bad: d.failures })),
      { ok: 'succeeded', bad: 'failed' },
    ),
  );
}
