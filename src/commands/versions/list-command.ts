/** `wfctl versions list`: its flags and help; the run and print are in list.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';

export function listCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('list')
      .alias('ls')
      .description('versions of a workflow, newest first')
      .argument('<workflow>', WORKFLOW_ARG)
      .addOption(new Option('--limit <n>', 'at most this many versions').argParser(positiveIntArg).default(50))
      .addOption(new Option('--all', 'every version (overrides --limit)'))
      .option('--no-health', 'leave out how each version ran (no read of the runs)'),
    { csv: true },
  )
    .addHelpText(
      'after',
      `
Health: for each version, the runs that started while it was live (from its
changed_at until a higher version was saved), their success rate (succeeded /
(succeeded + failed)), the successes with failed actions (PARTIAL), the p95
duration, and how long it was live. One read of the runs since the oldest
listed version went live.

Examples:
  wfctl versions list wf-invoices
  wfctl versions list wf-invoices --all --format csv > history.csv
  wfctl versions list wf-invoices --json | jq '.versions[] | {version, ok: .health.successRate}'
`,
    )
    .action(async (workflow: string, opts: OutputFlags & { limit: number; all?: boolean; health: boolean }) => {
      const { runListVersions, printListVersions } = await import('./list.js');
      const result = await runListVersions(
        { workflow, health: opts.health, ...(opts.all ? {} : { limit: opts.limit }) },
        ctx,
      );
      printListVersions(result, ctx.io, outputFormat(opts));
    });
}
