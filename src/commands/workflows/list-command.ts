/** `wfctl workflows list`: its flags and help; the run and print are in list.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg, textArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function listCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('list')
      .alias('ls')
      .description('list workflows with their current version and last execution')
      .addOption(new Option('--enabled', 'only enabled workflows').conflicts('disabled'))
      .addOption(new Option('--disabled', 'only disabled workflows'))
      .option(
        '--search <text>',
        'only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it',
        textArg,
      )
      .addOption(new Option('--limit <n>', 'at most this many workflows').argParser(positiveIntArg).default(200))
      .option(
        '--last-run',
        "read each workflow's newest logged run (its time and status: a search of workflow_execution_logs, which grows with the runs); the default with --json",
      )
      .option(
        '--no-last-run',
        'with --json: leave out lastExecution (the listing then reads custom_workflows and the versions only)',
      ),
    { csv: true },
  )
    .addHelpText(
      'after',
      `
By default the table shows the backend's own counters, which its executor keeps
on each workflow: RUNS (execution_count) and LAST RUN (last_execution). The
backend updates them when a run ends with status success (also with failed
actions), not after a failed run. --last-run shows the newest logged run of
any status instead, at the cost of a search of the run log.

Examples:
  wfctl workflows list --enabled
  wfctl workflows list --last-run
  wfctl workflows list --search invoice --json
`,
    )
    .action(
      async (
        opts: OutputFlags & {
          enabled?: boolean;
          disabled?: boolean;
          search?: string;
          limit: number;
          lastRun?: boolean;
        },
      ) => {
        const { runListWorkflows, printListWorkflows } = await import('./list.js');
        const format = outputFormat(opts);
        // --json keeps its documented lastExecution unless told not to
        const lastRun = opts.lastRun ?? format === 'json';
        const result = await runListWorkflows(
          {
            ...(opts.enabled ? { enabled: true } : opts.disabled ? { enabled: false } : {}),
            ...(opts.search !== undefined ? { search: opts.search } : {}),
            limit: opts.limit,
            lastRun,
          },
          ctx,
        );
        printListWorkflows(result, ctx.io, format, { lastRun });
      },
    );
}
