/** `wfctl versions`: history, one version, new versions, compare, change summary, rollback. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { configureRollbackCommand } from '../rollback/index.js';
import { listCommand } from './list-command.js';
import { showCommand } from './show-command.js';
import { createCommand } from './create-command.js';
import { compareCommand } from './compare-command.js';
import { changesCommand } from './changes-command.js';
import { archiveCommand } from './archive-command.js';

export function versionsCommand(ctx: CommandContext): Command {
  const group = new Command('versions')
    .alias('version')
    .description('version history of a workflow: list, show, create, compare, changes, rollback');
  group.addCommand(listCommand(ctx));
  group.addCommand(showCommand(ctx));
  group.addCommand(createCommand(ctx));
  group.addCommand(compareCommand(ctx));
  group.addCommand(changesCommand(ctx));
  // the same flags, help and run as the top-level `wfctl rollback` (commands/rollback/)
  group.addCommand(configureRollbackCommand(new Command('rollback'), ctx));
  group.addCommand(archiveCommand(ctx));
  return group;
}
