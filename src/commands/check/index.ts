/** `wfctl check`: yes-or-no answers with an exit status, for CI and cron. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../../context.js';
import type { CheckSpec } from './run.js';
import { CHECK_FORMATS, type CheckFormat } from './formats.js';
import {
  confidenceArg,
  nonNegativeIntArg,
  pathArg,
  percentArgOf,
  positiveIntArg,
  spanArg,
  textArg,
} from '../../options.js';

/** A label value people can type and read: letters, digits, and . _ - : (no blanks). */
function labelArg(value: string): string {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value))
    throw new InvalidArgumentError('expected 1 to 100 letters, digits or . _ - : (e.g. --name hourly)');
  return value;
}

const EXIT_HELP = `
Exit status:
  0  every check is within its threshold
  3  a threshold is breached
  5  too few executions to judge (outcome "insufficient-data"): neither a pass nor a failure;
     --insufficient-data ok|breach maps it to 0 or 3 when you have decided what it means for you
  1  runtime failure (database unreachable, a disk error while writing --output)
  2  bad usage or bad input (also: the --output folder is missing or not writable, or
     --output names a device, FIFO, socket, folder or symbolic link)
  4  the named workflow does not exist
With --format prometheus the metrics are data for a collector and carry the outcome
(wfctl_check_breached): once they are written, to --output or to stdout, the exit is 0,
so that "wfctl check --format prometheus > F.tmp && mv F.tmp F" keeps the file fresh on
a breach. --fail-on-breach gives the exit status above instead. A CI gate wants the
status: use text, json or junit (exit 3 on a breach), or prometheus with --fail-on-breach.

Which workflow: a breached check of all workflows names the workflows behind it, each
with its figure (success-rate: those under the minimum on their own; failures and
rollbacks: those that had any); --per-workflow lists every workflow with runs in the
window. The outcome and the exit status are those of all workflows together.
--format junit: one test case per check and workflow (a <failure> when breached, <skipped>
when too few runs, each workflow judged alone), for GitHub, GitLab and Jenkins test reports.
With GITHUB_ACTIONS=true, breaches are also ::error:: (too few runs ::warning::) annotations
on stderr.`;

interface CommonFlags {
  workflow?: string;
  json?: boolean;
  format: CheckFormat;
  output?: string;
  insufficientData: 'unknown' | 'ok' | 'breach';
  name?: string;
  perWorkflow?: boolean;
  failOnBreach?: boolean;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option(
      '--workflow <workflow>',
      'only this workflow (id, id prefix, or name when unique); default: all workflows',
      textArg,
    )
    .addOption(new Option('--json', 'print the results as JSON'))
    .addOption(
      new Option(
        '--format <format>',
        'text, json, prometheus (node_exporter textfile format) or junit (JUnit XML test report for CI)',
      )
        .choices(CHECK_FORMATS)
        .default('text'),
    )
    .option(
      '--per-workflow',
      'a line for every workflow checked, not only those a breach names (text; JSON, JUnit and Prometheus always have them)',
    )
    .option(
      '--fail-on-breach',
      'with --format prometheus: exit 3 (or 5) as the outcome says; without it, writing the metrics is exit 0, the breach being in them',
    )
    .option(
      '--output <file>',
      'write the result to this file (atomically: written beside it, then renamed) instead of stdout (- is stdout); an existing path that is not a regular file is refused',
      pathArg,
    )
    .addOption(
      new Option(
        '--name <name>',
        'with --format prometheus: the name label of every series, which tells the files of several check runs apart (default: the --output file name without its extension, else wfctl)',
      ).argParser(labelArg),
    )
    .addOption(
      new Option(
        '--insufficient-data <outcome>',
        'what too few executions means for the exit status: unknown (exit 5), ok (exit 0) or breach (exit 3)',
      )
        .choices(['unknown', 'ok', 'breach'])
        .default('unknown'),
    );
}

/** Runs the checks and prints them as the common flags ask; the exit status follows the outcome. */
async function runAndPrint(ctx: CommandContext, o: CommonFlags, checks: CheckSpec[]): Promise<void> {
  const { runChecks, printChecks } = await import('./run.js');
  const { outputTarget } = await import('../output-file.js');
  const output = await outputTarget(o.output);
  const report = await runChecks({ workflow: o.workflow, checks }, ctx);
  await printChecks(report, ctx.io, {
    format: o.json ? 'json' : o.format,
    output,
    insufficientData: o.insufficientData,
    name: o.name,
    perWorkflow: o.perWorkflow,
    failOnBreach: o.failOnBreach,
  });
}

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

  // The group's own options would swallow the same flags after a subcommand; optsWithGlobals() merges both levels.
  const flags = <T>(cmd: Command) => cmd.optsWithGlobals() as CommonFlags & T;

  addCommon(
    group
      .command('success-rate')
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
      const o = flags<{ min: number; window: number; minExecutions: number; confidence?: number }>(cmd);
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

  addCommon(
    group
      .command('regression')
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
      const o = flags<{ confidence: number; minRuns: number; baseline: number }>(cmd);
      if (workflow !== undefined && o.workflow !== undefined && workflow !== o.workflow) {
        throw new UsageError('give the workflow once: as the argument or with --workflow');
      }
      await runAndPrint(ctx, { ...o, workflow: workflow ?? o.workflow }, [
        { check: 'regression', confidence: o.confidence, minRuns: o.minRuns, baselineMs: o.baseline },
      ]);
    });

  addCommon(
    group
      .command('failures')
      .description('exit 3 when more than --max executions failed in the window')
      .addOption(
        new Option('--max <n>', 'most failed executions allowed').argParser(nonNegativeIntArg).makeOptionMandatory(),
      )
      .addOption(
        new Option('--window <span>', 'how far back to look (30m, 1h, 24h)')
          .argParser(spanArg)
          .default(3_600_000, '1h'),
      ),
  )
    .addHelpText(
      'after',
      `${EXIT_HELP}\n\nExamples:\n  wfctl check failures --max 10 --window 1h\n  wfctl check failures --max 0 --workflow wf-invoices --window 24h\n`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = flags<{ max: number; window: number }>(cmd);
      await runAndPrint(ctx, o, [{ check: 'failures', max: o.max, windowMs: o.window }]);
    });

  addCommon(
    group
      .command('rollbacks')
      .description('exit 3 when more than --max rollbacks happened in the window (versions with rollback_of set)')
      .addOption(new Option('--max <n>', 'most rollbacks allowed').argParser(nonNegativeIntArg).makeOptionMandatory())
      .addOption(
        new Option('--window <span>', 'how far back to look (1h, 24h, 7d)')
          .argParser(spanArg)
          .default(86_400_000, '24h'),
      ),
  )
    .addHelpText('after', `${EXIT_HELP}\n\nExamples:\n  wfctl check rollbacks --max 5 --window 24h\n`)
    .action(async (_opts: unknown, cmd: Command) => {
      const o = flags<{ max: number; window: number }>(cmd);
      await runAndPrint(ctx, o, [{ check: 'rollbacks', max: o.max, windowMs: o.window }]);
    });

  return group;
}
