/** `wfctl db indexes`: its flags and help; the run and print are in indexes.ts, loaded when it runs. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function indexesCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('indexes')
      .description('show which recommended indexes exist; --apply creates the missing ones')
      .option('--apply', 'create the missing indexes (safe to run again)')
      .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
      .option(
        '--new-database',
        "the database is new (it holds none of the backend's collections yet): create them with their indexes",
      ),
    { csv: true },
  )
    .addHelpText(
      'after',
      "\nOn a database that holds none of the backend's collections (a mistyped --db) it stops with exit 1;\n--new-database says the database is meant to be new.\n\nExamples:\n  wfctl db indexes\n  wfctl db indexes --apply\n  wfctl --db workflows db indexes --apply --new-database\n",
    )
    .action(async (opts: OutputFlags & { apply?: boolean; newDatabase?: boolean }) => {
      const { runIndexes, printIndexes } = await import('./indexes.js');
      printIndexes(
        await runIndexes({ apply: opts.apply === true, newDatabase: opts.newDatabase === true }, ctx),
        ctx.io,
        outputFormat(opts),
      );
    });
}
