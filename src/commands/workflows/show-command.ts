/** `wfctl workflows show`: its flags and help; the run and print are in show.ts, loaded when it runs. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import {
  addJsonFormatOption,
  addOutputOptions,
  outputFormat,
  WORKFLOW_ARG,
  type JsonFormatFlags,
  type OutputFlags,
} from '../output-options.js';

export function showCommand(ctx: CommandContext): Command {
  return addJsonFormatOption(
    addOutputOptions(
      new Command('show')
        .description('show one workflow: definition, actions, current version, last execution')
        .argument('<workflow>', WORKFLOW_ARG),
    ),
    'the stored definition in --json output',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl workflows show 6b0e7c92ed9c955c3bbc0372\n  wfctl workflows show 6b0e7c9          # a unique id prefix\n  wfctl workflows show "Invoice sync" --json | jq .definition > invoice.json\n',
    )
    .action(async (workflow: string, opts: OutputFlags & JsonFormatFlags) => {
      const { runShowWorkflow, printShowWorkflow } = await import('./show.js');
      printShowWorkflow(
        await runShowWorkflow({ workflow, jsonFormat: opts.jsonFormat ?? 'relaxed' }, ctx),
        ctx.io,
        outputFormat(opts),
      );
    });
}
