/**
 * `wfctl rollback`, and the same command under `versions`: the flags, help
 * and action both share. Light on purpose: commander and the argument
 * parsers; the run is loaded when the command runs.
 */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { positiveIntArg, versionRefArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';
import type { RollbackFlags } from '../versions/rollback.js';

export function rollbackCommand(ctx: CommandContext): Command {
  return configureRollbackCommand(new Command('rollback'), ctx);
}

/** Gives a `rollback` command (top level, or under `versions`) its flags, help and action. */
export function configureRollbackCommand(cmd: Command, ctx: CommandContext): Command {
  return cmd
    .description('roll a workflow back: a new version with the data of an earlier one, recorded with your reason')
    .argument('<workflow>', WORKFLOW_ARG)
    .addOption(new Option('--to <version>', 'the version to restore: a number, current~N').argParser(versionRefArg))
    .option('--reason <text>', 'why (required; recorded on the version and in the audit trail)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'show what would change and write nothing')
    .addOption(new Option('--expect-current <n>', 'refuse (exit 1, nothing written) unless the current version is n').argParser(positiveIntArg))
    .option('--json', 'print the result as JSON (shape documented in the README)')
    .addHelpText(
      'after',
      `
Before writing it shows what will change (current -> target) and asks; --yes
skips the question. Without a terminal, --to, --reason and --yes (or
--dry-run) are required. On a terminal, leaving out --to offers a list.

Examples:
  wfctl rollback wf-invoices --to 5 --reason "v6 broke invoices"
  wfctl rollback wf-invoices --to current~1 --reason "undo" --yes --expect-current 7
  wfctl rollback wf-invoices --to 5 --dry-run

Exit status: 0 rolled back, or nothing to do; 1 the current version is not
--expect-current's (or changed while you confirmed), cancelled, or a database
failure; 2 bad usage (a missing --to, --reason or --yes without a terminal);
4 the workflow or version does not exist.
`,
    )
    .action(async (workflow: string, opts: RollbackFlags) => {
      const { runRollbackCommand, printPlan, printRollback } = await import('../versions/rollback.js');
      const result = await runRollbackCommand({ workflow, ...opts }, ctx, (plan, cmp, withDiff) => printPlan(plan, cmp, ctx.io, withDiff));
      printRollback(result, ctx.io, opts.json);
    });
}
