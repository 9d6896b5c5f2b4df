/** `wfctl check`: yes-or-no answers with an exit status, for CI and cron. The recommended alerts are the noun's own action; one line a verb. */
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../../context.js';
import { nonNegativeIntArg, percentArgOf, spanArg } from '../../options.js';
import { addCommon, EXIT_HELP, runAndPrint, type CommonFlags } from './common.js';
import { successRateCommand } from './success-rate-command.js';
import { regressionCommand } from './regression-command.js';
import { failuresCommand } from './failures-command.js';
import { rollbacksCommand } from './rollbacks-command.js';

export function checkCommand(ctx: CommandContext): Command {
  const group = addCommon(
    new Command('check')
      .description(
        'check the recommended alerts (success rate, failures, rollbacks) or one threshold; exit 3 when one is breached',
      )
      .addOption(
        new Option(
          '--min-success-rate <percent>',
          'alert when the success rate over --success-window is under this percentage (0 to 100; 95 or 95%; 1 or less needs the % sign: 0.5%)',
        )
          .argParser(percentArgOf('--min-success-rate'))
          .default(90),
      )
      .addOption(
        new Option('--success-window <span>', 'window of the success-rate alert')
          .argParser(spanArg)
          .default(3_600_000, '1h'),
      )
      .addOption(
        new Option('--max-failures-per-hour <n>', 'alert when more executions than this failed in the last hour')
          .argParser(nonNegativeIntArg)
          .default(10),
      )
      .addOption(
        new Option('--max-rollbacks-per-day <n>', 'alert when more rollbacks than this happened in the last 24h')
          .argParser(nonNegativeIntArg)
          .default(5),
      )
      .addOption(
        new Option('--min-executions <n>', 'fewer finished executions than this is "insufficient-data", not a rate')
          .argParser(nonNegativeIntArg)
          .default(1),
      ),
  )
    .addHelpText(
      'after',
      `
Without a subcommand, checks the recommended alerts and reports each:
  success rate under 90% over 1 hour, more than 10 failed executions in 1 hour, more than 5 rollbacks in 24 hours.
A rollback is a version with rollback_of set (workflow_versions).
${EXIT_HELP}

Examples:
  wfctl check
  wfctl check --format prometheus --output /var/lib/node_exporter/textfile/wfctl.prom
  wfctl check success-rate --min 99 --workflow 6b0e7c9 --format prometheus --output /var/lib/node_exporter/textfile/wfctl-invoices.prom
  wfctl check success-rate --min 95 --window 24h || exit 1
  wfctl check success-rate --min 95 --format junit --output reports/wfctl-check.xml
`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.opts() as CommonFlags & {
        minSuccessRate: number;
        successWindow: number;
        maxFailuresPerHour: number;
        maxRollbacksPerDay: number;
        minExecutions: number;
      };
      await runAndPrint(ctx, o, [
        {
          check: 'success-rate',
          minPercent: o.minSuccessRate,
          windowMs: o.successWindow,
          minExecutions: o.minExecutions,
        },
        { check: 'failures', max: o.maxFailuresPerHour, windowMs: 3_600_000 },
        { check: 'rollbacks', max: o.maxRollbacksPerDay, windowMs: 86_400_000 },
      ]);
    });

  // --json and another --format given at either level (the group's options take the flags after a subcommand too)
  group.hook('preAction', (_group, action) => {
    const levels = [action, ...(action.parent && action.parent !== group.parent ? [action.parent] : [])];
    const json = levels.some((c) => c.opts<CommonFlags>().json === true);
    const format = levels
      .find((c) => c.getOptionValueSource('format') === 'cli' && c.opts<CommonFlags>().format !== 'json')
      ?.opts<CommonFlags>().format;
    if (json && format !== undefined)
      throw new UsageError(`--json and --format ${format} ask for two formats; give one`, {
        hint: `use --json, or --format ${format} alone`,
      });
    const merged = action.optsWithGlobals<CommonFlags>();
    if (merged.failOnBreach && (json || merged.format !== 'prometheus')) {
      throw new UsageError(
        '--fail-on-breach applies to --format prometheus only (the other formats always exit 3 on a breach)',
        { hint: 'add --format prometheus, or leave out --fail-on-breach' },
      );
    }
  });

  group.addCommand(successRateCommand(ctx));
  group.addCommand(regressionCommand(ctx));
  group.addCommand(failuresCommand(ctx));
  group.addCommand(rollbacksCommand(ctx));
  return group;
}
