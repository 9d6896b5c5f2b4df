/** `wfctl audit stats`: its flags and help; the run and print are in stats.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { daysArg, positiveIntArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function statsCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('stats')
      .description('system-wide: totals by event type, events per day, busiest hours, top users and workflows')
      .addOption(new Option('--days <n>', 'days back from now').argParser(daysArg).default(30))
      .addOption(new Option('--top <n>', 'users and workflows to list').argParser(positiveIntArg).default(10)),
  )
    .addHelpText('after', '\nExamples:\n  wfctl audit stats\n  wfctl audit stats --days 7 --json\n')
    .action(async (opts: OutputFlags & { days: number; top: number }) => {
      const { runAuditStats, printAuditStats } = await import('./stats.js');
      printAuditStats(await runAuditStats({ days: opts.days, top: opts.top }, ctx), ctx.io, outputFormat(opts));
    });
}
