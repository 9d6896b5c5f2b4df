/** `wfctl check success-rate`: its flags, help and checks; run and printed by common.ts's runAndPrint. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { confidenceArg, nonNegativeIntArg, percentArgOf, spanArg } from '../../options.js';
import { addCommon, checkFlags, EXIT_HELP, runAndPrint } from './common.js';

export function successRateCommand(ctx: CommandContext): Command {
  return addCommon(
    new Command('success-rate')
      .description('exit 3 when the share of finished executions that succeeded is under --min percent')
      .addOption(
        new Option(
          '--min <percent>',
          'lowest acceptable success rate in percent, 0 to 100 (95 or 95%; 1 or less needs the % sign: 0.5%)',
        )
          .argParser(percentArgOf('--min'))
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--window <span>', 'how far back to look (30m, 24h, 7d)')
          .argParser(spanArg)
          .default(86_400_000, '24h'),
      )
      .addOption(
        new Option(
          '--min-executions <n>',
          'fewer finished executions than this is "insufficient-data" (exit 5), not a rate',
        )
          .argParser(nonNegativeIntArg)
          .default(1),
      )
      .addOption(
        new Option(
          '--confidence <level>',
          'decide on the Wilson score interval at this level (above 0.5, below 0.999; e.g. 0.95) instead of the raw rate',
        ).argParser(confidenceArg),
      ),
  )
    .addHelpText(
      'after',
      `
The success rate is succeeded / (succeeded + failed) among executions logged in the window (the
backend logs a run when it ends); running and cancelled executions are not counted.

With --confidence, a small sample cannot pass or fail by luck: the check is ok when the
whole (two-sided) Wilson score interval of the rate is at or above --min, breached when it
is all below, and insufficient-data (exit 5) when it holds --min. 3 of 3 succeeded is 100%,
but its 95% interval is 43.85-100%: not enough to pass a 95% gate. --min 100 with
--confidence is refused (exit 2): no interval reaches 100%.
${EXIT_HELP}

Examples:
  wfctl check success-rate --min 95 --window 24h
  wfctl check success-rate --min 99 --workflow wf-invoices --window 7d --min-executions 20 --json
  wfctl check success-rate --min 95 --confidence 0.95 --workflow wf-invoices
`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = checkFlags<{ min: number; window: number; minExecutions: number; confidence?: number }>(cmd);
      if (o.confidence !== undefined && o.min >= 100) {
        throw new UsageError(
          '--confidence with --min 100 can never pass: an interval always reaches below 100%; give a minimum below 100',
        );
      }
      await runAndPrint(ctx, o, [
        {
          check: 'success-rate',
          minPercent: o.min,
          windowMs: o.window,
          minExecutions: o.minExecutions,
          ...(o.confidence !== undefined ? { confidence: o.confidence } : {}),
        },
      ]);
    });
}
