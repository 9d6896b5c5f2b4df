/** `wfctl apply <id>`: write an approved change request, once. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function applyCommand(ctx: CommandContext): Command {
  return new Command('apply')
    .description('apply an approved change request through the crash-safe version write')
    .argument('<id>', 'the request id (cr-...)')
    .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
It applies only when the request has its approvals, has not expired, and
the workflow is still at the version the plan was made on, with the same
plan (its hash); otherwise it writes nothing and says what changed (the
request is then stale: file a new one). Of two applies at once, one applies.

Examples:
  wfctl apply cr-3f9a0c12b4

Exit status: 0 applied; 1 not approved, expired, rejected, applied already,
or the workflow changed (nothing written), or a database failure; 4 no such request.
`,
    )
    .action(async (id: string, opts: { json?: boolean }) => {
      const { runApply } = await import('../requests/run.js');
      const { printApplied } = await import('../requests/print.js');
      printApplied(await runApply(id, ctx), ctx.io, opts.json === true, ctx.now());
    });
}
