/** `wfctl reject <id> --reason R`: a change request will not be applied. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function rejectCommand(ctx: CommandContext): Command {
  return new Command('reject')
    .description('reject a change request: it can no longer be approved or applied')
    .argument('<id>', 'the request id (cr-...)')
    .requiredOption('--reason <text>', 'why (kept on the request and in the audit trail)')
    .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
    .option('--json', 'print the request as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  wfctl reject cr-3f9a0c12b4 --reason "v5 has the old API key"\n\nExit status: 0 rejected; 1 not pending (expired, rejected, applied) or a database failure; 2 an empty reason; 4 no such request.\n',
    )
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const { runReject } = await import('../requests/run.js');
      const { printRejected } = await import('../requests/print.js');
      printRejected(await runReject(id, opts.reason, ctx), ctx.io, opts.json === true, ctx.now());
    });
}
