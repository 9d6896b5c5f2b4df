/** `wfctl audit summary`: its flags and help; the run and print are in summary.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';

export function summaryCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('summary')
      .description("one workflow's audit trail: counts by event type and user, first and last event, events per day")
      .argument('<workflow>', `${WORKFLOW_ARG} (a deleted workflow's full id works too)`)
      .addOption(new Option('--days <n>', 'days back from now').argParser(daysArg).default(30)),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl audit summary wf-invoices\n  wfctl audit summary "Invoice sync" --days 90 --json\n',
    )
    .action(async (workflow: string, opts: OutputFlags & { days: number }) => {
      const { runAuditSummary, printAuditSummary } = await import('./summary.js');
      printAuditSummary(await runAuditSummary({ workflow, days: opts.days }, ctx), ctx.io, outputFormat(opts));
    });
}
