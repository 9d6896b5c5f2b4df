/** `wfctl audit list`: its flags and help; the run and print are in list.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg, TIME_FORMS_HINT } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';
import { addFilterOptions, filterInput, type AuditFilterFlags } from './options.js';

export function listCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    addFilterOptions(new Command('list').alias('ls').description('list audit events, newest first'), 'events', () =>
      ctx.now(),
    )
      .addOption(new Option('--limit <n>', 'at most this many events').argParser(positiveIntArg).default(100))
      .addOption(new Option('--all', 'every matching event (streamed); overrides --limit'))
      .option('--explain', "print the server's plan for the query instead of running it"),
    { csv: true },
  )
    .addHelpText(
      'after',
      `\nTimes: ${TIME_FORMS_HINT}.\n\nExamples:\n  wfctl audit list --workflow wf-invoices --since 7d\n  wfctl audit list --user alice --event-type workflow_updated,workflow_rolled_back --json\n  wfctl audit list --all --format csv > audit.csv\n  wfctl audit list --event-type workflow_execution_failed --explain\n`,
    )
    .action(async (opts: OutputFlags & AuditFilterFlags & { limit: number; all?: boolean; explain?: boolean }) => {
      const { runListAudit, printListAudit } = await import('./list.js');
      const result = await runListAudit(
        {
          ...filterInput(opts),
          limit: opts.all ? null : opts.limit,
          explain: opts.explain === true,
        },
        ctx,
      );
      await printListAudit(result, ctx.io, outputFormat(opts));
    });
}
