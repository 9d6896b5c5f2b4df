/** `wfctl approve <id>`: one approval of a change request, never the requester's. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function approveCommand(ctx: CommandContext): Command {
  return new Command('approve')
    .description('approve a change request (someone other than the requester; each person counts once)')
    .argument('<id>', 'the request id (cr-...)')
    .option('--comment <text>', 'a comment kept with the approval and in the audit trail')
    .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
You are the authenticated database user of your connection; where it does
not authenticate, the declared user (--as, WFCTL_USER, the OS user), and the
approval says "identity not authenticated". The requester cannot approve;
an expired, rejected or applied request takes no approvals.

Examples:
  wfctl approve cr-3f9a0c12b4 --comment "checked the diff"

Exit status: 0 approved (or approved by you already); 1 refused (your own
request, expired, rejected, applied) or a database failure; 4 no such request.
`,
    )
    .action(async (id: string, opts: { comment?: string; json?: boolean }) => {
      const { runApprove } = await import('../requests/run.js');
      const { printApproved } = await import('../requests/print.js');
      const r = await runApprove(id, opts.comment?.trim() || null, ctx);
      printApproved(r, ctx.io, opts.json === true, ctx.now());
    });
}
