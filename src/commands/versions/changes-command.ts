/** `wfctl versions changes`: its flags and help; the run and print are in changes.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';

export function changesCommand(ctx: CommandContext): Command {
  return new Command('changes')
    .description('change summary: versions per day and per user, rollbacks and reasons, most changed paths')
    .argument('<workflow>', WORKFLOW_ARG)
    .addOption(new Option('--days <n>', 'look back this many days').argParser(daysArg).default(30))
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl versions changes wf-invoices\n  wfctl versions changes wf-invoices --days 7 --json\n',
    )
    .action(async (workflow: string, opts: { days: number; json?: boolean }) => {
      const { runVersionChanges, printVersionChanges } = await import('./changes.js');
      printVersionChanges(
        await runVersionChanges({ workflow, days: opts.days }, ctx),
        ctx.io,
        opts.json ? 'json' : 'table',
      );
    });
}
