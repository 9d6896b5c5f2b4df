/** `wfctl check regression`: its flags, help and checks; run and printed by common.ts's runAndPrint. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { confidenceArg, positiveIntArg, spanArg } from '../../options.js';
import { addCommon, checkFlags, EXIT_HELP, runAndPrint } from './common.js';

export function regressionCommand(ctx: CommandContext): Command {
  return addCommon(
    new Command('regression')
      .description("exit 3 when the current version's success rate is worse than the previous version's, beyond chance")
      .argument(
        '[workflow]',
        'the workflow (id, id prefix, or name when unique); default: every workflow with two versions or more',
      )
      .addOption(
        new Option(
          '--confidence <level>',
          'how sure "worse" must be: worse when the p-value is under 1 - level (above 0.5, below 0.999)',
        )
          .argParser(confidenceArg)
          .default(0.95),
      )
      .addOption(
        new Option('--min-runs <n>', 'fewest finished runs each version needs; fewer is insufficient-data (exit 5)')
          .argParser(positiveIntArg)
          .default(20),
      )
      .addOption(
        new Option('--baseline <span>', "the previous version's runs in its last span of life (all of it when shorter)")
          .argParser(spanArg)
          .default(7 * 86_400_000, '7d'),
      ),
  )
    .addHelpText(
      'after',
      `
Runs belong to the version that was live when they started (see versions list).
The current version (the highest) is compared since it went live with the previous
one: the highest version below it that was live, over its last --baseline of life.
Method: one-sided Fisher exact test on succeeded/failed x current/previous; worse
when p < 1 - --confidence. Wilson score intervals at --confidence are shown.
A workflow with a single version has nothing to compare (exit 5).
${EXIT_HELP}

Examples:
  wfctl check regression wf-invoices
  wfctl check regression --confidence 0.99 --min-runs 50 --json
  wfctl check regression --format prometheus --output /var/lib/node_exporter/textfile/wfctl-regression.prom --insufficient-data ok
`,
    )
    .action(async (workflow: string | undefined, _opts: unknown, cmd: Command) => {
      const o = checkFlags<{ confidence: number; minRuns: number; baseline: number }>(cmd);
      if (workflow !== undefined && o.workflow !== undefined && workflow !== o.workflow) {
        throw new UsageError('give the workflow once: as the argument or with --workflow');
      }
      await runAndPrint(ctx, { ...o, workflow: workflow ?? o.workflow }, [
        { check: 'regression', confidence: o.confidence, minRuns: o.minRuns, baselineMs: o.baseline },
      ]);
    });
}
