/** `wfctl analytics`: the overview, a workflow's performance, the weekly report. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { choiceArg, daysArg, pathArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';

export const REPORT_FORMATS = ['markdown', 'html'] as const;

export function analyticsCommand(ctx: CommandContext): Command {
  const group = new Command('analytics').description(
    'workflow analytics: system overview, per-workflow performance, weekly report',
  );

  addOutputOptions(
    group
      .command('overview')
      .description(
        'workflows, executions, success rate and duration; most active and most failing workflows; changes and rollbacks',
      )
      .addOption(new Option('--days <n>', 'how many days back to look (1 to 3650)').argParser(daysArg).default(30))
      .addOption(
        new Option('--top <n>', 'how many workflows and users to list in each ranking')
          .argParser(positiveIntArg)
          .default(5),
      ),
  )
    .addHelpText(
      'after',
      `
The success rate is succeeded / (succeeded + failed); running and cancelled executions are counted
in the total only. A rollback is a version with rollback_of set. On a terminal the per-day series
are drawn as bars; piped or with --json they are plain data.

Examples:
  wfctl analytics overview
  wfctl analytics overview --days 7 --top 10 --json
`,
    )
    .action(async (opts: OutputFlags & { days: number; top: number }) => {
      const { runOverview, printOverview } = await import('./overview.js');
      printOverview(await runOverview({ days: opts.days, top: opts.top }, ctx), ctx.io, outputFormat(opts));
    });

  addOutputOptions(
    group
      .command('performance')
      .alias('perf')
      .description(
        'one workflow: executions, success and failure rates, duration (average, p50, p95, max), per day, triggers, latest failures',
      )
      .argument('<workflow>', WORKFLOW_ARG)
      .addOption(new Option('--days <n>', 'how many days back to look (1 to 3650)').argParser(daysArg).default(30))
      .addOption(
        new Option('--failures <n>', 'how many of the latest failures to list').argParser(positiveIntArg).default(10),
      )
      .option(
        '--by-version',
        'also the figures of each version live in the window, and a chart of their success rates',
      ),
  )
    .addHelpText(
      'after',
      `
Percentiles are nearest-rank and exact up to 4096 executions with a duration; beyond that they come
from a fixed-size histogram and are within 1% ("exact": false in --json). Executions without a
duration (older backends) count everywhere except in the duration figures.

--by-version: the runs that started in the window, each counted for the version live when it
started (see versions list), for every version live at some time in the window.

Examples:
  wfctl analytics performance wf-invoices
  wfctl analytics performance "Invoice sync" --days 7 --json
  wfctl analytics performance wf-invoices --by-version
`,
    )
    .action(async (workflow: string, opts: OutputFlags & { days: number; failures: number; byVersion?: boolean }) => {
      const { runPerformance, printPerformance } = await import('./performance.js');
      printPerformance(
        await runPerformance(
          { workflow, days: opts.days, failures: opts.failures, byVersion: opts.byVersion === true },
          ctx,
        ),
        ctx.io,
        outputFormat(opts),
      );
    });

  group
    .command('report')
    .description(
      'the weekly performance report: overview, per-workflow performance, errors, rollbacks, as Markdown or self-contained HTML',
    )
    .addOption(
      new Option('--days <n>', 'how many days back the report covers (1 to 3650)').argParser(daysArg).default(7),
    )
    .addOption(
      new Option('--format <format>', 'markdown or html')
        .argParser(choiceArg(REPORT_FORMATS, 'report format'))
        .default('markdown'),
    )
    .option(
      '--output <file>',
      'write the report to this file (atomically) instead of stdout (- is stdout); an existing path that is not a regular file is refused',
      pathArg,
    )
    .addOption(
      new Option('--top <n>', 'how many workflows, errors and users to list in each ranking')
        .argParser(positiveIntArg)
        .default(10),
    )
    .addHelpText(
      'after',
      `
The HTML report is one file with inline SVG charts and styles: no scripts, no network.

Examples:
  wfctl analytics report --format html --output /srv/reports/wfctl-$(date +%F).html
  0 7 * * 1  wfctl analytics report --days 7 --format html --output /tmp/weekly.html && mail -a /tmp/weekly.html ...
`,
    )
    .action(async (opts: { days: number; format: (typeof REPORT_FORMATS)[number]; output?: string; top: number }) => {
      const { runReport, printReport } = await import('./report.js');
      const { outputTarget } = await import('../output-file.js');
      const output = await outputTarget(opts.output);
      await printReport(await runReport({ days: opts.days, top: opts.top }, ctx), ctx.io, {
        format: opts.format,
        output,
      });
    });

  return group;
}
