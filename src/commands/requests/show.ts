import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function showRequestCommand(ctx: CommandContext): Command {
  return new Command('show')
    .description('one change request: the plan and its hash, the evidence, the approvals')
    .argument('<id>', 'the request id (cr-...)')
    .option('--json', 'print the request as JSON')
    .addHelpText('after', '\nExamples:\n  wfctl requests show cr-3f9a0c12b4\n')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { runShowRequest } = await import('./run.js');
      const { printRequest } = await import('./print.js');
      printRequest(await runShowRequest(id, ctx), ctx.io, opts.json === true, ctx.now());
    });
}
