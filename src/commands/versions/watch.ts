/** `wfctl versions watch <workflow> [--for DURATION]`: does the current version run no worse than its history? */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { confidenceArg, positiveIntArg, spanArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';
import type { WatchFlags } from './watch-run.js';

export function versionsWatchCommand(ctx: CommandContext): Command {
  return new Command('watch')
    .description(
      "follow the current version's runs live, then judge them against its history (exit 0 healthy, 3 still failing, 5 too few runs)",
    )
    .argument('<workflow>', WORKFLOW_ARG)
    .addOption(
      new Option('--for <duration>', 'how long to follow the runs (10m, 1h, 90s)')
        .argParser(spanArg)
        .default(600_000, '10m'),
    )
    .addOption(new Option('--poll-interval <duration>', 'how often the runs are read (default 15s)').argParser(spanArg))
    .addOption(new Option('--confidence <level>', 'as check regression (default 0.95)').argParser(confidenceArg))
    .addOption(new Option('--min-runs <n>', 'finished runs each side needs (default 20)').argParser(positiveIntArg))
    .addOption(
      new Option('--baseline <span>', "how much of the history version's life is its history (default 7d)").argParser(
        spanArg,
      ),
    )
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      `
The history of a version that restores another (a rollback) is the runs of
the version it restores; of any other version, the runs of the version live
before it. Both are judged as check regression judges: a one-sided Fisher
exact test on succeeded and failed runs. On a terminal a line shows the runs,
the ok % and the time left.

Examples:
  wfctl versions watch wf-invoices --for 15m
  wfctl rollback wf-invoices --to 5 --reason R --yes --wait-healthy 15m

Exit status: 0 no worse than its history; 3 worse (still failing); 5 too few
finished runs to judge; 4 the workflow does not exist.
`,
    )
    .action(async (workflow: string, opts: WatchFlags) => {
      const { runVersionsWatch } = await import('./watch-command.js');
      await runVersionsWatch(ctx, workflow, opts);
    });
}
