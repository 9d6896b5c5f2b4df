/** `wfctl context use NAME [--shell]` */
import { Argument, Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { contextNameArg } from '../../options.js';

export function contextUseCommand(ctx: CommandContext): Command {
  return new Command('use')
    .description("make a context the current one (the file's current-context); --shell: for this shell only")
    .addArgument(new Argument('<context>', 'its name').argParser(contextNameArg))
    .option('--shell', 'write nothing; print `export WFCTL_CONTEXT=NAME` for eval, so the switch stays in this shell')
    .addHelpText(
      'after',
      `
The current context is the file's, shared by every shell and cron job of the
user: another shell switching it switches yours. --shell keeps a switch in one
shell; a protected context's --yes also needs it named there (--context or
WFCTL_CONTEXT), never the file's current-context.

Examples:
  wfctl context use dev
  eval "$(wfctl context use prod --shell)"
`,
    )
    .action(async (name: string, opts: { shell?: boolean }) => {
      const { runContextUse, runContextUseShell } = await import('./run.js');
      if (opts.shell) {
        ctx.io.out(runContextUseShell(ctx, name));
        return;
      }
      const { printContextUse } = await import('./print.js');
      printContextUse(await runContextUse(ctx, name), ctx.io);
    });
}
