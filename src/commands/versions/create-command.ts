/** `wfctl versions create`: its flags and help; the run and print are in create.ts, loaded when it runs. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { pathArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';

export function createCommand(ctx: CommandContext): Command {
  return new Command('create')
    .description('save a new version from a JSON file (or stdin) and make it current')
    .argument('<workflow>', WORKFLOW_ARG)
    .requiredOption(
      '-f, --file <path>',
      'the workflow as a JSON object (MongoDB Extended JSON: $oid, $date, $numberLong, ... keep their types); - reads stdin',
      pathArg,
    )
    .requiredOption('-m, --message <text>', 'what changed (the change description)')
    .option('--allow-empty', 'create a version even when nothing changed')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe file holds the whole workflow as Extended JSON (as `wfctl workflows show <wf> --json | jq .definition` prints it);\n_id and current_version in it are ignored, updated_at becomes the time of the write.\n\nExamples:\n  wfctl versions create 6b0e7c9 --file invoice.json --message "retry the upload 5 times"\n  jq \'.enabled = false\' invoice.json | wfctl versions create 6b0e7c9 --file - -m "pause"\n',
    )
    .action(async (workflow: string, opts: { file: string; message: string; allowEmpty?: boolean; json?: boolean }) => {
      const { runCreateVersion, printCreateVersion } = await import('./create.js');
      const result = await runCreateVersion(
        { workflow, file: opts.file, message: opts.message, allowEmpty: opts.allowEmpty === true },
        ctx,
      );
      printCreateVersion(result, ctx.io, opts.json ? 'json' : 'table');
    });
}
