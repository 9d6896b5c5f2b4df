/** `wfctl versions show`: its flags and help; the run and print are in show.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { VersionRef } from '../../data/versions/ref.js';
import { versionRefArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';

export function showCommand(ctx: CommandContext): Command {
  return new Command('show')
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
}
