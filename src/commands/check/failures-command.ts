/** `wfctl check failures`: its flags, help and checks; run and printed by common.ts's runAndPrint. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { nonNegativeIntArg, spanArg } from '../../options.js';
import { addCommon, checkFlags, EXIT_HELP, runAndPrint } from './common.js';

export function failuresCommand(ctx: CommandContext): Command {
  return addCommon(
    new Command('failures')
      .description('exit 3 when more than --max executions failed in the window')
      .addOption(
        new Option('--max <n>', 'most failed executions allowed').argParser(nonNegativeIntArg).makeOptionMandatory(),
      )
      .addOption(
        new Option('--window <span>', 'how far back to look (30m, 1h, 24h)')
          .argParser(spanArg)
          .default(3_600_000, '1h'),
      ),
  )
    .addHelpText(
      'after',
      `${EXIT_HELP}\n\nExamples:\n  wfctl check failures --max 10 --window 1h\n  wfctl check failures --max 0 --workflow wf-invoices --window 24h\n`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = checkFlags<{ max: number; window: number }>(cmd);
      await runAndPrint(ctx, o, [{ check: 'failures', max: o.max, windowMs: o.window }]);
    });
}
