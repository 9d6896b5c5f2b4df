/**
 * The command groups beyond the foundation, one line each, so that work on
 * different groups never edits the same line of cli.ts.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { auditCommand } from './audit/index.js';
import { statsCommand } from './stats/index.js';
import { checkCommand } from './check/index.js';
import { analyticsCommand } from './analytics/index.js';
import { versionsCommand } from './versions/index.js';
import { rollbackCommand } from './rollback/index.js';
import { requestsCommand } from './requests/index.js';
import { approveCommand } from './approve/index.js';
import { rejectCommand } from './reject/index.js';
import { applyCommand } from './apply/index.js';
import { contextCommand } from './context/index.js';

export const GROUPS: Array<(ctx: CommandContext) => Command> = [
  auditCommand,
  statsCommand,
  checkCommand,
  analyticsCommand,
  versionsCommand,
  rollbackCommand,
  requestsCommand,
  approveCommand,
  rejectCommand,
  applyCommand,
  contextCommand,
];
