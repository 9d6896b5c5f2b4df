import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg } from '../../options.js';
import type { RequestStatus } from '../../data/actions/index.js';

export function listRequestsCommand(ctx: CommandContext): Command {
  return new Command('list')
    .description('change requests, newest first: status, approvals, the change, requester, expiry')
    .addOption(
      new Option('--status <status>', 'only requests in this status').choices([
        'pending',
        'rejected',
        'applying',
        'applied',
        'expired',
        'stale',
      ]),
    )
    .option('--workflow <workflow>', 'only requests about this workflow (id or name)')
    .addOption(new Option('--limit <n>', 'at most n requests').argParser(positiveIntArg).default(50))
    .option('--json', 'print the requests as JSON')
    .addHelpText(
      'after',
      '\nA pending request with enough approvals shows as approved; one past its expiry shows as expired.\n\nExamples:\n  wfctl requests list\n  wfctl requests list --status pending --workflow wf-invoices\n',
    )
    .action(async (opts: { status?: RequestStatus; workflow?: string; limit?: number; json?: boolean }) => {
      const { runListRequests } = await import('./run.js');
      const { printRequestList } = await import('./print.js');
      const list = await runListRequests(opts, ctx);
      printRequestList(list, ctx.io, opts.json === true, ctx.now());
    });
}
