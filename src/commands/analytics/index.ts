/** `wfctl analytics`: the overview, a workflow's performance, the weekly report. One line a verb. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { overviewCommand } from './overview-command.js';
import { performanceCommand } from './performance-command.js';
import { reportCommand } from './report-command.js';

export function analyticsCommand(ctx: CommandContext): Command {
  const group = new Command('analytics').description(
    'workflow analytics: system overview, per-workflow performance, weekly report',
  );
  group.addCommand(overviewCommand(ctx));
  group.addCommand(performanceCommand(ctx));
  group.addCommand(reportCommand(ctx));
  return group;
}
