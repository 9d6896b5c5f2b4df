/** `wfctl context add NAME --uri URI | --uri-file PATH [--db D] [--protected] [--approvals N]` */
import { Argument, Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { contextNameArg, nonNegativeIntArg } from '../../options.js';

export function contextAddCommand(ctx: CommandContext): Command {
  return new Command('add')
    .description('add a named context: a connection string (or a file holding it), a database, its policies')
    .addArgument(new Argument('<context>', 'its name (letters, digits, _ . -)').argParser(contextNameArg))
    .option('--protected', 'every write prints the target and asks for the name (or --context NAME --yes)')
    .addOption(
      new Option('--approvals <n>', 'approvals by other people that a rollback or new version needs (0: none)')
        .argParser(nonNegativeIntArg)
        .default(0),
    )
    .option('--overwrite', 'replace a context of that name')
    .addHelpText(
      'after',
      `
The target comes from the global flags: --uri URI or --uri-file PATH (a file
holding the connection string; keep a password there, readable by you only),
and --db NAME (default: the URI's path, else "workflows"). --read-preference,
--read-preference-tags and --max-staleness, when given, are kept as where the
context's read-only commands read. The environment's connection variables are
not read. The file is written with mode 0600.

Examples:
  wfctl context add dev --uri mongodb://127.0.0.1:27017 --db workflows
  wfctl context add prod --uri-file ~/.config/wfctl/prod.uri --db workflows \\
    --protected --approvals 2
  wfctl context add analytics --uri-file ~/.config/wfctl/prod.uri \\
    --read-preference secondaryPreferred --read-preference-tags use:analytics \\
    --max-staleness 120
  wfctl context use prod
`,
    )
    .action(async (name: string, opts: { protected?: boolean; approvals: number; overwrite?: boolean }) => {
      const { runContextAdd } = await import('./run.js');
      const { printContextAdd } = await import('./print.js');
      printContextAdd(
        await runContextAdd(ctx, {
          name,
          protected: opts.protected === true,
          approvals: opts.approvals,
          overwrite: opts.overwrite === true,
        }),
        ctx.io,
      );
    });
}
