/** `wfctl audit user`: its flags and help; the run and print are in user.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function userCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('user')
      .description(
        "one user's activity: timeline, counts by event type, workflows touched, IP addresses and user agents",
      )
      .argument('<user>', 'user id (plain text)')
      .addOption(new Option('--days <n>', 'days back from now').argParser(daysArg).default(7))
      .addOption(new Option('--limit <n>', 'events in the timeline').argParser(positiveIntArg).default(50)),
  )
    .addHelpText('after', '\nExamples:\n  wfctl audit user alice\n  wfctl audit user alice --days 30 --json\n')
    .action(async (user: string, opts: OutputFlags & { days: number; limit: number }) => {
      const { runAuditUser, printAuditUser } = await import('./user.js');
      printAuditUser(await runAuditUser({ user, days: opts.days, limit: opts.limit }, ctx), ctx.io, outputFormat(opts));
    });
}
