/** `wfctl versions`: history, one version, new versions, compare, change summary, rollback. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { VersionRef } from '../../data/versions/ref.js';
import { UsageError } from '../../errors.js';
import { daysArg, nonNegativeIntArg, pathArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags, WORKFLOW_ARG } from '../output-options.js';
import { versionRefArg } from '../../options.js';
import { configureRollbackCommand } from '../rollback/index.js';
import { versionsWatchCommand } from './watch.js';

export const COMPARE_FORMATS = ['unified', 'summary', 'json'] as const;

export function versionsCommand(ctx: CommandContext): Command {
  const group = new Command('versions')
    .alias('version')
    .description('version history of a workflow: list, show, create, compare, changes, rollback');

  addOutputOptions(
    group
      .command('list')
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

  group
    .command('show')
    .description('one version: metadata and its full workflow_data')
    .argument('<workflow>', WORKFLOW_ARG)
    .argument('[version]', 'a version number, current, or current~N', versionRefArg)
    .option('--json', 'print the version as JSON (workflow_data and diff as Extended JSON, every BSON type kept)')
    .addOption(
      new Option(
        '--json-format <mode>',
        'Extended JSON of workflow_data and diff: relaxed, or canonical (every BSON type spelled out)',
      )
        .choices(['relaxed', 'canonical'])
        .default('relaxed'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl versions show 6b0e7c9 5\n  wfctl versions show 6b0e7c9 current~1 --json | jq .version.workflowData > invoice.json\n',
    )
    .action(
      async (
        workflow: string,
        ref: VersionRef | undefined,
        opts: { json?: boolean; jsonFormat: 'relaxed' | 'canonical' },
      ) => {
        const { runShowVersion, printShowVersion } = await import('./show.js');
        const result = await runShowVersion(
          { workflow, ref: ref ?? { kind: 'current', back: 0 }, jsonFormat: opts.jsonFormat },
          ctx,
        );
        printShowVersion(result, ctx.io, opts.json ? 'json' : 'table');
      },
    );

  group
    .command('create')
    .description('save a new version from a JSON file (or stdin) and make it current')
    .argument('<workflow>', WORKFLOW_ARG)
    .requiredOption(
      '-f, --file <path>',
      'the workflow as a JSON object (MongoDB Extended JSON: $oid, $date, $numberLong, ... keep their types); - reads stdin',
      pathArg,
    )
    .requiredOption('-m, --message <text>', 'what changed (the change description)')
    .option('--allow-empty', 'create a version even when nothing changed')
    .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe file holds the whole workflow as Extended JSON (as `wfctl workflows show <wf> --json | jq .definition` prints it);\n_id and current_version in it are ignored, updated_at becomes the time of the write.\nOn a target that requires approvals (a context with approvals: N) it files a change request instead (wfctl approve, wfctl apply).\n\nExamples:\n  wfctl versions create 6b0e7c9 --file invoice.json --message "retry the upload 5 times"\n  jq \'.enabled = false\' invoice.json | wfctl versions create 6b0e7c9 --file - -m "pause"\n',
    )
    .action(async (workflow: string, opts: { file: string; message: string; allowEmpty?: boolean; json?: boolean }) => {
      if (await (await import('../requests/version.js')).createUnderApprovals(workflow, opts, ctx)) return;
      const { runCreateVersion, printCreateVersion } = await import('./create.js');
      const result = await runCreateVersion(
        { workflow, file: opts.file, message: opts.message, allowEmpty: opts.allowEmpty === true },
        ctx,
      );
      printCreateVersion(result, ctx.io, opts.json ? 'json' : 'table');
    });

  group
    .command('compare')
    .alias('diff')
    .description('what changed between two versions: a summary by path and a unified diff of canonical JSON')
    .argument('<workflow>', WORKFLOW_ARG)
    .argument('<a>', 'the older version: a number, current, or current~N', versionRefArg)
    .argument('[b]', 'the newer version (default: current)', versionRefArg)
    .addOption(
      new Option('--context <n>', 'lines of context around each change').argParser(nonNegativeIntArg).default(3),
    )
    .addOption(
      new Option(
        '--format <format>',
        'unified (diff only), summary (paths only) or json; default both summary and diff',
      ).choices([...COMPARE_FORMATS]),
    )
    .option('--json', 'same as --format json')
    .addOption(
      new Option('--json-format <mode>', 'Extended JSON of the DeepDiff diff with --json: relaxed or canonical')
        .choices(['relaxed', 'canonical'])
        .default('relaxed'),
    )
    .option('--stat', 'only the size of the change: lines and paths added, removed, modified')
    .addHelpText(
      'after',
      "\nArrays of objects with a name or id (actions) are matched by it: a reordered action shows as moved.\nThe summary leaves out what every write stamps (updated_at, the run counters); the backend counts and --json's diff are DeepDiff(a, b, ignore_order=True) of the whole stored data, as the backend's compare returns them.\n\nExamples:\n  wfctl versions compare wf-invoices 5 7\n  wfctl versions diff wf-invoices current~1 current --format unified | less -R\n  wfctl versions compare wf-invoices 5 --json | jq .summary\n",
    )
    .action(
      async (
        workflow: string,
        a: VersionRef,
        b: VersionRef | undefined,
        opts: { context: number; format?: string; json?: boolean; stat?: boolean; jsonFormat: 'relaxed' | 'canonical' },
      ) => {
        if (opts.json && opts.format !== undefined && opts.format !== 'json') {
          throw new UsageError(`--json and --format ${opts.format} ask for two formats; give one`, {
            hint: `use --json, or --format ${opts.format} alone`,
          });
        }
        const { runCompareVersions, printCompareVersions } = await import('./compare.js');
        const format = opts.json ? 'json' : opts.stat ? 'stat' : (opts.format ?? 'full');
        const result = await runCompareVersions(
          {
            workflow,
            a,
            b: b ?? { kind: 'current', back: 0 },
            context: opts.context,
            withoutLines: format === 'summary' || format === 'json',
          },
          ctx,
        );
        printCompareVersions(result, ctx.io, format, opts.jsonFormat);
      },
    );

  group
    .command('changes')
    .description('change summary: versions per day and per user, rollbacks and reasons, most changed paths')
    .argument('<workflow>', WORKFLOW_ARG)
    .addOption(new Option('--days <n>', 'look back this many days').argParser(daysArg).default(30))
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl versions changes wf-invoices\n  wfctl versions changes wf-invoices --days 7 --json\n',
    )
    .action(async (workflow: string, opts: { days: number; json?: boolean }) => {
      const { runVersionChanges, printVersionChanges } = await import('./changes.js');
      printVersionChanges(
        await runVersionChanges({ workflow, days: opts.days }, ctx),
        ctx.io,
        opts.json ? 'json' : 'table',
      );
    });

  configureRollbackCommand(group.command('rollback'), ctx);
  group.addCommand(versionsWatchCommand(ctx));
  return group;
}
