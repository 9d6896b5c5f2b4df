/** What every `wfctl check` verb shares: the common flags, the exit-status help, the run and print. Light: the run is loaded when a check runs. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { CheckSpec } from './run.js';
import { CHECK_FORMATS, type CheckFormat } from './formats.js';
import { pathArg, textArg } from '../../options.js';

/** A label value people can type and read: letters, digits, and . _ - : (no blanks). */
export function labelArg(value: string): string {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value))
    throw new InvalidArgumentError('expected 1 to 100 letters, digits or . _ - : (e.g. --name hourly)');
  return value;
}

export const EXIT_HELP = `
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

export interface CommonFlags {
  workflow?: string;
  json?: boolean;
  format: CheckFormat;
  output?: string;
  insufficientData: 'unknown' | 'ok' | 'breach';
  name?: string;
  perWorkflow?: boolean;
  failOnBreach?: boolean;
}

export function addCommon(cmd: Command): Command {
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
export async function runAndPrint(ctx: CommandContext, o: CommonFlags, checks: CheckSpec[]): Promise<void> {
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

/** A verb's flags: the group's own options would swallow the same flags after a subcommand; optsWithGlobals() merges both levels. */
export function checkFlags<T>(cmd: Command): CommonFlags & T {
  return cmd.optsWithGlobals() as CommonFlags & T;
}
