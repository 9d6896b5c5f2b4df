/** `wfctl requests`: change requests awaiting (or past) approval. approve, reject and apply are verbs of their own. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { listRequestsCommand } from './list.js';
import { showRequestCommand } from './show.js';

export function requestsCommand(ctx: CommandContext): Command {
  const group = new Command('requests').description(
    'change requests on a target that requires approvals: list, show (approve, reject and apply them with wfctl approve|reject|apply)',
  );
  group.addCommand(listRequestsCommand(ctx));
  group.addCommand(showRequestCommand(ctx));
  return group;
}
