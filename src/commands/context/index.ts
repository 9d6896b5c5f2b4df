/** `wfctl context`: named targets (connection, database, protection, approvals) in the configuration file. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { contextAddCommand } from './add.js';
import { contextListCommand } from './list.js';
import { contextRemoveCommand } from './remove.js';
import { contextShowCommand } from './show.js';
import { contextUseCommand } from './use.js';

export function contextCommand(ctx: CommandContext): Command {
  const group = new Command('context').description(
    'named targets in the configuration file: add, list, show, use, remove (docs/configuration.md)',
  );
  group.addCommand(contextAddCommand(ctx));
  group.addCommand(contextListCommand(ctx));
  group.addCommand(contextShowCommand(ctx));
  group.addCommand(contextUseCommand(ctx));
  group.addCommand(contextRemoveCommand(ctx));
  return group;
}
