/** `wfctl analytics performance`: its flags and help; the run and print are in performance.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';

export function performanceCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('performance')
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
}
