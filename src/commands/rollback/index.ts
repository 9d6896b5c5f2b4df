/** `wfctl rollback`: the same command as `wfctl versions rollback`, at the top level. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { configureRollbackCommand } from '../versions/args.js';

export function rollbackCommand(ctx: CommandContext): Command {
  return configureRollbackCommand(new Command('rollback'), ctx);
}
