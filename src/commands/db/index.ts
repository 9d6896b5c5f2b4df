/** `wfctl db`: indexes and health of the database. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { indexesCommand } from './indexes-command.js';
import { doctorCommand } from './doctor-command.js';

export function dbCommand(ctx: CommandContext): Command {
  const group = new Command('db').description('database indexes and health checks');
  group.addCommand(indexesCommand(ctx));
  group.addCommand(doctorCommand(ctx));
  return group;
}
