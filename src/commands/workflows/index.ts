/** `wfctl workflows`: list and show the live workflow definitions. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { listCommand } from './list-command.js';
import { showCommand } from './show-command.js';

export function workflowsCommand(ctx: CommandContext): Command {
  const group = new Command('workflows').alias('wf').description('list and inspect workflow definitions');
  group.addCommand(listCommand(ctx));
  group.addCommand(showCommand(ctx));
  return group;
}
