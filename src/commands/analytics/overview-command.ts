/** `wfctl analytics overview`: its flags and help; the run and print are in overview.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function overviewCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('overview')
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
}
