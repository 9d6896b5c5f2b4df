/** `wfctl workflows`: list and show the live workflow definitions. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg, textArg } from '../../options.js';
import {
  addJsonFormatOption,
  addOutputOptions,
  outputFormat,
  WORKFLOW_ARG,
  type JsonFormatFlags,
  type OutputFlags,
} from '../output-options.js';

export function workflowsCommand(ctx: CommandContext): Command {
  const group = new Command('workflows').alias('wf').description('list and inspect workflow definitions');

  addOutputOptions(
    group
      .command('list')
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

  addJsonFormatOption(
    addOutputOptions(
      group
        .command('show')
        .description('show one workflow: definition, actions, current version, last execution')
        .argument('<workflow>', WORKFLOW_ARG),
    ),
    'the stored definition in --json output',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl workflows show 6b0e7c92ed9c955c3bbc0372\n  wfctl workflows show 6b0e7c9          # a unique id prefix\n  wfctl workflows show "Invoice sync" --json | jq .definition > invoice.json\n',
    )
    .action(async (workflow: string, opts: OutputFlags & JsonFormatFlags) => {
      const { runShowWorkflow, printShowWorkflow } = await import('./show.js');
      printShowWorkflow(
        await runShowWorkflow({ workflow, jsonFormat: opts.jsonFormat ?? 'relaxed' }, ctx),
        ctx.io,
        outputFormat(opts),
      );
    });

  return group;
}
