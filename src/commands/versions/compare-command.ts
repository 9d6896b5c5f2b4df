/** `wfctl versions compare`: its flags and help; the run and print are in compare.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { VersionRef } from '../../data/versions/ref.js';
import { UsageError } from '../../errors.js';
import { nonNegativeIntArg, versionRefArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';

export const COMPARE_FORMATS = ['unified', 'summary', 'json'] as const;

export function compareCommand(ctx: CommandContext): Command {
  return new Command('compare')
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
}
