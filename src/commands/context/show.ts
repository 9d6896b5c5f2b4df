/** `wfctl context show [NAME]`: one context, its password replaced by ****. */
import { Argument, Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { contextNameArg } from '../../options.js';

export function contextShowCommand(ctx: CommandContext): Command {
  return new Command('show')
    .description('one context (default: the one in use here); a password shows as ****')
    .addArgument(new Argument('[context]', 'its name').argParser(contextNameArg))
    .option('--json', 'print the context as JSON')
    .addHelpText('after', '\nExamples:\n  wfctl context show\n  wfctl context show prod --json\n')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const { runContextShow } = await import('./run.js');
      const { printContextShow } = await import('./print.js');
      printContextShow(runContextShow(ctx, name), ctx.io, opts.json === true);
    });
}
