/** `wfctl context remove NAME` */
import { Argument, Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { contextNameArg } from '../../options.js';

export function contextRemoveCommand(ctx: CommandContext): Command {
  return new Command('remove')
    .alias('rm')
    .description('remove a context from the configuration file (a current one stops being current)')
    .addArgument(new Argument('<context>', 'its name').argParser(contextNameArg))
    .addHelpText('after', '\nExamples:\n  wfctl context remove staging\n')
    .action(async (name: string) => {
      const { runContextRemove } = await import('./run.js');
      const { printContextRemove } = await import('./print.js');
      printContextRemove(await runContextRemove(ctx, name), ctx.io);
    });
}
