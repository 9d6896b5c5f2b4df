/** `wfctl audit`: the audit trail, its summaries, the compliance export and its verification. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { listCommand } from './list-command.js';
import { summaryCommand } from './summary-command.js';
import { userCommand } from './user-command.js';
import { statsCommand } from './stats-command.js';
import { exportCommand } from './export-command.js';
import { verifyCommand } from './verify-command.js';
import { subjectCommand } from './subject-command.js';
import { eraseCommand } from './erase-command.js';
import { hashCommand } from './hash-command.js';
import { archiveCommand } from './archive-command.js';
import { holdCommand } from './hold-command.js';
import { keygenCommand } from './keygen-command.js';

export function auditCommand(ctx: CommandContext): Command {
  const group = new Command('audit').description(
    'audit trail: list, summaries, statistics, compliance export and verification',
  );
  group.addCommand(listCommand(ctx));
  group.addCommand(summaryCommand(ctx));
  group.addCommand(userCommand(ctx));
  group.addCommand(statsCommand(ctx));
  group.addCommand(exportCommand(ctx));
  group.addCommand(verifyCommand(ctx));
  group.addCommand(subjectCommand(ctx));
  group.addCommand(eraseCommand(ctx));
  group.addCommand(hashCommand(ctx));
  group.addCommand(archiveCommand(ctx));
  group.addCommand(holdCommand(ctx));
  group.addCommand(keygenCommand(ctx));
  return group;
}
