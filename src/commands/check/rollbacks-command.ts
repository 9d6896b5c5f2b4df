/** `wfctl check rollbacks`: its flags, help and checks; run and printed by common.ts's runAndPrint. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { nonNegativeIntArg, spanArg } from '../../options.js';
import { addCommon, checkFlags, EXIT_HELP, runAndPrint } from './common.js';

export function rollbacksCommand(ctx: CommandContext): Command {
  return addCommon(
    new Command('rollbacks')
      .description('exit 3 when more than --max rollbacks happened in the window (versions with rollback_of set)')
      .addOption(new Option('--max <n>', 'most rollbacks allowed').argParser(nonNegativeIntArg).makeOptionMandatory())
      .addOption(
        new Option('--window <span>', 'how far back to look (1h, 24h, 7d)')
          .argParser(spanArg)
          .default(86_400_000, '24h'),
      ),
  )
    .addHelpText('after', `${EXIT_HELP}\n\nExamples:\n  wfctl check rollbacks --max 5 --window 24h\n`)
    .action(async (_opts: unknown, cmd: Command) => {
      const o = checkFlags<{ max: number; window: number }>(cmd);
      await runAndPrint(ctx, o, [{ check: 'rollbacks', max: o.max, windowMs: o.window }]);
    });
}
