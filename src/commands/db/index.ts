/** `wfctl db`: indexes and health of the database. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { listArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function dbCommand(ctx: CommandContext): Command {
  const group = new Command('db').description('database indexes and health checks');

  addOutputOptions(
    group
      .command('indexes')
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

  addOutputOptions(
    group
      .command('doctor')
      .description('check the server, collections, indexes and data consistency; exit 1 when something needs attention')
      .option('--repair', 'complete what interrupted writes left unfinished (safe to run again)')
      .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
      .addOption(
        new Option('--check <names>', 'run only these consistency checks (comma-separated)').argParser(listArg),
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl db doctor\n  wfctl db doctor --repair\n  wfctl db doctor --json | jq .findings\n',
    )
    .action(async (opts: OutputFlags & { repair?: boolean; check?: string[] }) => {
      const { runDoctorCommand, printDoctor } = await import('./doctor.js');
      const report = await runDoctorCommand(
        { repair: opts.repair === true, ...(opts.check ? { only: opts.check } : {}) },
        ctx,
      );
      printDoctor(report, ctx.io, outputFormat(opts));
    });

  return group;
}
