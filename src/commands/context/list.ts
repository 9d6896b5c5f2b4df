/** `wfctl context list`: the contexts, the one in use here marked. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function contextListCommand(ctx: CommandContext): Command {
  return new Command('list')
    .alias('ls')
    .description('the contexts of the configuration file; * marks the one commands here use')
    .option('--json', 'print the list as JSON (passwords replaced by ****)')
    .addHelpText(
      'after',
      `
The context in use: --context, else WFCTL_CONTEXT, else the file's
current-context unless a connection variable of the environment
(WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL) gives the target; a note says so.

Examples:
  wfctl context list
  wfctl context list --json | jq -r '.contexts[].name'
`,
    )
    .action(async (opts: { json?: boolean }) => {
      const { runContextList } = await import('./run.js');
      const { printContextList } = await import('./print.js');
      printContextList(runContextList(ctx), ctx.io, opts.json === true);
    });
}
