/** `wfctl versions`: history, one version, new versions, compare, change summary, rollback. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { VersionRef } from '../../data/version-ref.js';
import { daysArg, nonNegativeIntArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';
import { configureRollbackCommand, versionRefArg } from './args.js';

export const COMPARE_FORMATS = ['unified', 'summary', 'json'] as const;

export function versionsCommand(ctx: CommandContext): Command {
  const group = new Command('versions').alias('version').description('version history of a workflow: list, show, create, compare, changes, rollback');

  addOutputOptions(
    group
      .command('list')
      .alias('ls')
      .description('versions of a workflow, newest first')
      .argument('<workflow>', 'workflow id, or name when exactly one workflow has it')
      .addOption(new Option('--limit <n>', 'at most this many versions').argParser(positiveIntArg).default(50))
      .addOption(new Option('--all', 'every version (overrides --limit)')),
    { csv: true },
  )
    .addHelpText('after', '\nExamples:\n  wfctl versions list wf-invoices\n  wfctl versions list wf-invoices --all --format csv > history.csv\n')
    .action(async (workflow: string, opts: OutputFlags & { limit: number; all?: boolean }) => {
      const { runListVersions, printListVersions } = await import('./list.js');
      const result = await runListVersions({ workflow, ...(opts.all ? {} : { limit: opts.limit }) }, ctx);
      printListVersions(result, ctx.io, outputFormat(opts));
    });

  group
    .command('show')
    .description('one version: metadata and its full workflow_data')
    .argument('<workflow>', 'workflow id, or name when exactly one workflow has it')
    .argument('[version]', 'a version number, current, or current~N', versionRefArg)
    .option('--json', 'print the version as JSON (exact workflow_data)')
    .addHelpText('after', '\nExamples:\n  wfctl versions show wf-invoices 5\n  wfctl versions show wf-invoices current~1 --json | jq .version.workflowData\n')
    .action(async (workflow: string, ref: VersionRef | undefined, opts: { json?: boolean }) => {
      const { runShowVersion, printShowVersion } = await import('./show.js');
      const result = await runShowVersion({ workflow, ref: ref ?? { kind: 'current', back: 0 } }, ctx);
      printShowVersion(result, ctx.io, opts.json ? 'json' : 'table');
    });

  group
    .command('create')
    .description('save a new version from a JSON file (or stdin) and make it current')
    .argument('<workflow>', 'workflow id, or name when exactly one workflow has it')
    .requiredOption('-f, --file <path>', 'the workflow as a JSON object; - reads stdin')
    .requiredOption('-m, --message <text>', 'what changed (the change description)')
    .option('--allow-empty', 'create a version even when nothing changed')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe file holds the whole workflow (as `wfctl workflows show <wf> --json | jq .definition` prints it);\n_id, updated_at and current_version in it are ignored.\n\nExamples:\n  wfctl versions create wf-invoices --file invoices.json --message "retry the upload 5 times"\n  jq \'.enabled = false\' invoices.json | wfctl versions create wf-invoices --file - -m "pause"\n',
    )
    .action(async (workflow: string, opts: { file: string; message: string; allowEmpty?: boolean; json?: boolean }) => {
      const { runCreateVersion, printCreateVersion } = await import('./create.js');
      const result = await runCreateVersion({ workflow, file: opts.file, message: opts.message, allowEmpty: opts.allowEmpty === true }, ctx);
      printCreateVersion(result, ctx.io, opts.json ? 'json' : 'table');
    });

  group
    .command('compare')
    .alias('diff')
    .description('what changed between two versions: a summary by path and a unified diff of canonical JSON')
    .argument('<workflow>', 'workflow id, or name when exactly one workflow has it')
    .argument('<a>', 'the older version: a number, current, or current~N', versionRefArg)
    .argument('[b]', 'the newer version (default: current)', versionRefArg)
    .addOption(new Option('--context <n>', 'lines of context around each change').argParser(nonNegativeIntArg).default(3))
    .addOption(new Option('--format <format>', 'unified (diff only), summary (paths only) or json; default both summary and diff').choices([...COMPARE_FORMATS]))
    .option('--json', 'same as --format json')
    .option('--stat', 'only the size of the change: lines and paths added, removed, modified')
    .addHelpText(
      'after',
      '\nArrays of objects with a name or id (actions) are matched by it: a reordered action shows as moved.\n\nExamples:\n  wfctl versions compare wf-invoices 5 7\n  wfctl versions diff wf-invoices current~1 current --format unified | less -R\n  wfctl versions compare wf-invoices 5 --json | jq .summary\n',
    )
    .action(async (workflow: string, a: VersionRef, b: VersionRef | undefined, opts: { context: number; format?: string; json?: boolean; stat?: boolean }) => {
      const { runCompareVersions, printCompareVersions } = await import('./compare.js');
      const format = opts.json ? 'json' : opts.stat ? 'stat' : (opts.format ?? 'full');
      const result = await runCompareVersions({ workflow, a, b: b ?? { kind: 'current', back: 0 }, context: opts.context, withoutLines: format === 'summary' || format === 'json' }, ctx);
      printCompareVersions(result, ctx.io, format);
    });

  group
    .command('changes')
    .description('change summary: versions per day and per user, rollbacks and reasons, most changed paths')
    .argument('<workflow>', 'workflow id, or name when exactly one workflow has it')
    .addOption(new Option('--days <n>', 'look back this many days').argParser(daysArg).default(30))
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  wfctl versions changes wf-invoices\n  wfctl versions changes wf-invoices --days 7 --json\n')
    .action(async (workflow: string, opts: { days: number; json?: boolean }) => {
      const { runVersionChanges, printVersionChanges } = await import('./changes.js');
      printVersionChanges(await runVersionChanges({ workflow, days: opts.days }, ctx), ctx.io, opts.json ? 'json' : 'table');
    });

  configureRollbackCommand(group.command('rollback'), ctx);
  return group;
}
