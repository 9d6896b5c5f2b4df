/** `wfctl workflows`: list and show the live workflow definitions. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function workflowsCommand(ctx: CommandContext): Command {
  const group = new Command('workflows').alias('wf').description('list and inspect workflow definitions');

  addOutputOptions(
    group
      .command('list')
      .alias('ls')
      .description('list workflows with their current version and last execution')
      .addOption(new Option('--enabled', 'only enabled workflows').conflicts('disabled'))
      .addOption(new Option('--disabled', 'only disabled workflows'))
      .option('--search <text>', 'only workflows whose id or name contains this text (plain text, case-insensitive)')
      .addOption(new Option('--limit <n>', 'at most this many workflows').argParser(positiveIntArg).default(200)),
    { csv: true },
  )
    .addHelpText('after', '\nExamples:\n  wfctl workflows list --enabled\n  wfctl workflows list --search invoice --json\n')
    .action(async (opts: OutputFlags & { enabled?: boolean; disabled?: boolean; search?: string; limit: number }) => {
      const { runListWorkflows, printListWorkflows } = await import('./list.js');
      const result = await runListWorkflows(
        {
          ...(opts.enabled ? { enabled: true } : opts.disabled ? { enabled: false } : {}),
          ...(opts.search !== undefined ? { search: opts.search } : {}),
          limit: opts.limit,
        },
        ctx,
      );
      printListWorkflows(result, ctx.io, outputFormat(opts));
    });

  addOutputOptions(
    group
      .command('show')
      .description('show one workflow: definition, actions, current version, last execution')
      .argument('<workflow>', 'workflow id, or name when exactly one workflow has it'),
  )
    .addHelpText('after', '\nExamples:\n  wfctl workflows show wf-invoices\n  wfctl workflows show "Invoice sync" --json\n')
    .action(async (workflow: string, opts: OutputFlags) => {
      const { runShowWorkflow, printShowWorkflow } = await import('./show.js');
      printShowWorkflow(await runShowWorkflow({ workflow }, ctx), ctx.io, outputFormat(opts));
    });

  return group;
}
