/** `wfctl stats errors`: its flags and help; the run and print are in errors.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg, positiveIntArg, textArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';

export function errorsCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('errors')
      .description(
        'attempts, failures, retries and recoveries of a workflow: per action, the most common errors, failures per day',
      )
      .argument('<workflow>', WORKFLOW_ARG)
      .option(
        '--action <name>',
        'only this action, with its retry strategies and how many attempts success took',
        textArg,
      )
      .addOption(
        new Option('--days <n>', 'how many days back to look (1 to 3650; default 30, or 7 with --action)').argParser(
          daysArg,
        ),
      )
      .addOption(new Option('--top <n>', 'how many error messages to list').argParser(positiveIntArg).default(10)),
    { csv: true },
  )
    .addHelpText(
      'after',
      `
Error messages are grouped by shape: ids, numbers, UUIDs, hex, e-mail and IP addresses and timestamps are masked.
"recovered" counts successful retries (an action that failed, then succeeded in the same execution);
"failed for good" counts executions whose final status is failed. --format csv gives the per-action table.

Examples:
  wfctl stats errors wf-invoices
  wfctl stats errors wf-invoices --action send-email --days 7
  wfctl stats errors "Invoice sync" --json | jq '.actions[0]'
`,
    )
    .action(async (workflow: string, opts: OutputFlags & { action?: string; days?: number; top: number }) => {
      const { runErrorStats, printErrorStats } = await import('./errors.js');
      const days = opts.days ?? (opts.action !== undefined ? 7 : 30);
      const result = await runErrorStats(
        { workflow, days, top: opts.top, ...(opts.action !== undefined ? { action: opts.action } : {}) },
        ctx,
      );
      printErrorStats(result, ctx.io, outputFormat(opts));
    });
}
