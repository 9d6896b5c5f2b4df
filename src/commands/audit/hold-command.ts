/** `wfctl audit hold add|list|release`: legal holds; the run and print are in hold.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { textArg, timeArgAt, TIME_FORMS_HINT } from '../../options.js';

interface HoldAddFlags {
  workflow?: string;
  user?: string;
  since?: Date;
  until?: Date;
  reason: string;
  json?: boolean;
}

export function holdCommand(ctx: CommandContext): Command {
  const group = new Command('hold').description(
    'legal holds: records a hold covers are never deleted by audit archive (they are archived and kept)',
  );
  group
    .command('add')
    .description('place a legal hold on the records of a workflow, a user and/or a time range')
    .option(
      '--workflow <workflow>',
      'records of this workflow (id, unique id prefix or unique name; a deleted one by its full id)',
    )
    .option('--user <id>', 'records of this user id (plain text)', textArg)
    .addOption(new Option('--since <time>', 'records from this time (inclusive)').argParser(timeArgAt(() => ctx.now())))
    .addOption(
      new Option('--until <time>', 'records before this time (exclusive)').argParser(timeArgAt(() => ctx.now())),
    )
    .addOption(
      new Option('--reason <text>', 'why the records must be kept (recorded)').argParser(textArg).makeOptionMandatory(),
    )
    .option('--json', 'print the hold as JSON')
    .addHelpText(
      'after',
      `\nA hold covers the records that match every condition given (at least one). It is recorded as a\nlegal_hold_added audit event. Times: ${TIME_FORMS_HINT}.\n\nExamples:\n  wfctl audit hold add --workflow wf-invoices --reason "litigation 2026-17"\n  wfctl audit hold add --user alice --since 2025-01-01 --until 2025-07-01 --reason "HR case 42"\n`,
    )
    .action(async (opts: HoldAddFlags) => {
      const { runHoldAdd, printHold } = await import('./hold.js');
      printHold(await runHoldAdd(opts, ctx), ctx.io, opts.json === true, 'Placed');
    });
  group
    .command('list')
    .alias('ls')
    .description('list the legal holds in force (--all: released ones too)')
    .option('--all', 'released holds too')
    .option('--json', 'print the holds as JSON')
    .addHelpText('after', '\nExamples:\n  wfctl audit hold list\n  wfctl audit hold list --all --json\n')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const { runHoldList, printHoldList } = await import('./hold.js');
      printHoldList(await runHoldList(opts.all === true, ctx), ctx.io, opts.json === true);
    });
  group
    .command('release')
    .description('release a legal hold (recorded as legal_hold_released)')
    .argument('<id>', 'the hold id (hold list shows it)')
    .addOption(new Option('--reason <text>', 'why the hold ends (recorded)').argParser(textArg).makeOptionMandatory())
    .option('--json', 'print the hold as JSON')
    .addHelpText(
      'after',
      '\nAn unknown id is exit 2, nothing written; a hold released already is said so (exit 0).\n\nExamples:\n  wfctl audit hold release hold-1a2b3c4d --reason "case closed"\n',
    )
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const { runHoldRelease, printHoldRelease } = await import('./hold.js');
      printHoldRelease(await runHoldRelease(id, opts.reason, ctx), ctx.io, opts.json === true);
    });
  return group;
}
