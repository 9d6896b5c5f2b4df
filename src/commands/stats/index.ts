/** `wfctl stats`: error and retry statistics. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { errorsCommand } from './errors-command.js';

export function statsCommand(ctx: CommandContext): Command {
  const group = new Command('stats').description('error and retry statistics of workflows and their actions');
  group.addCommand(errorsCommand(ctx));
  return group;
}
