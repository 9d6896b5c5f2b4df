/**
 * `wfctl rollback`, and the same command under `versions`: the flags, help
 * and action both share. Light on purpose: commander and the argument
 * parsers; the run is loaded when the command runs.
 */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { confidenceArg, positiveIntArg, spanArg, versionRefArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';
import type { RollbackFlags } from '../versions/rollback-view.js';
import type { VersionRef } from '../../data/versions/index.js';

/** After the flags in `rollback --help`: the plan, the question, the unattended forms, the exit status. */
const ROLLBACK_HELP = `
Before writing it shows the plan: the workflow (name and id), how the
current and the target version ran while they were live (runs, success
rate, how long), and what will change: by path (current -> target) and as
the backend counts the new version (the counts its audit record keeps and
versions compare shows). Then it asks: "View the diff" (through
$WFCTL_PAGER, $PAGER or less -FRX; an empty pager or cat prints it), "Yes",
or "No". --diff prints the diff inline; --yes skips the question. Piped,
the plan comes with the diff for --dry-run and --diff.

Without a terminal, --to, --reason and --yes (or --dry-run) are required;
a workflow or version that does not exist, or an --expect-current that
does not hold, is said first. On a terminal, leaving out --to offers a
list of the versions with how each ran while live; leaving out --reason
asks for it. The evidence is kept in the rollback's audit record. After a
rollback it prints the command that undoes it.

On a protected context (wfctl context add --protected) the target
(context, host, database) is printed on stderr first, and on a terminal
you type the context's name before the plan; --yes stands in for it only
when the context is named for this call (--context NAME or WFCTL_CONTEXT),
never when it comes from the configuration file's current context.

--if-regressed (safe from cron every minute): runs check regression on the
workflow and rolls back (to the version it compared with, or --to) only
when the current version is worse beyond chance; otherwise it says why and
exits 0. It writes only on top of the version it judged (a version written
meanwhile, by a person or another run, stops it), and it never rolls back
a rollback it wrote itself.

Examples:
  wfctl rollback wf-invoices --to 5 --reason "v6 broke invoices"
  wfctl rollback wf-invoices --to current~1 --reason "undo" --yes --expect-current 7
  wfctl rollback wf-invoices --to 5 --dry-run
  wfctl rollback wf-invoices --if-regressed --reason "automatic: success rate fell" --yes

Exit status: 0 rolled back, or nothing to do; 1 the current version is not
--expect-current's (or changed while you confirmed), or a database failure;
2 bad usage (a missing --to, --reason or --yes without a terminal); 4 the
workflow or version does not exist; 130 cancelled ("No", or Ctrl-C).
--if-regressed exits 0 when it rolled back and when it did nothing.

--wait-healthy 15m: after the rollback, it follows the runs of the new
version (a progress line on a terminal), then judges them with check
regression's statistics against the runs of the version it restores
(--confidence, --min-runs, --baseline as there): exit 0 no worse, 3 still
failing, 5 too few runs arrived. Nothing rolled back: nothing to wait for.

On a target that requires approvals (a context with approvals: N), a
rollback (not --dry-run) files a change request instead and prints its id:
N others approve it (wfctl approve), then wfctl apply writes it.
--break-glass --reason R rolls back at once, on record as break-glass.
`;

export function rollbackCommand(ctx: CommandContext): Command {
  return configureRollbackCommand(new Command('rollback'), ctx);
}

/** Gives a `rollback` command (top level, or under `versions`) its flags, help and action. */
export function configureRollbackCommand(cmd: Command, ctx: CommandContext): Command {
  return cmd
    .description('roll a workflow back: a new version with the data of an earlier one, recorded with your reason')
    .argument('<workflow>', WORKFLOW_ARG)
    .addOption(
      new Option(
        '--to <version>',
        'the version to restore: a number, current~N; with --if-regressed also previous (the default)',
      ).argParser(toArg),
    )
    .option('--reason <text>', 'why (required; recorded on the version and in the audit trail)')
    .option(
      '-y, --yes',
      'do not ask for confirmation (on a protected context only with --context NAME or WFCTL_CONTEXT, never the current context)',
    )
    .option('--dry-run', 'show what would change and write nothing')
    .option(
      '--diff',
      'print the full diff inline (on a terminal it is otherwise one answer of the question, through the pager)',
    )
    .addOption(
      new Option('--expect-current <n>', 'refuse (exit 1, nothing written) unless the current version is n').argParser(
        positiveIntArg,
      ),
    )
    .option('--json', 'print the result as JSON (shape documented in docs/)')
    .option(
      '--break-glass',
      'on a target that requires approvals: roll back now, without them (with --reason; recorded as break-glass in the audit trail and the weekly report)',
    )
    .option(
      '--if-regressed',
      'roll back only when check regression says the current version is worse (for cron and CI); otherwise do nothing, exit 0',
    )
    .addOption(
      new Option('--confidence <level>', 'with --if-regressed: as check regression (default 0.95)').argParser(
        confidenceArg,
      ),
    )
    .addOption(
      new Option('--min-runs <n>', 'with --if-regressed: as check regression (default 20)').argParser(positiveIntArg),
    )
    .addOption(
      new Option('--baseline <span>', 'with --if-regressed: as check regression (default 7d)').argParser(spanArg),
    )
    .addOption(
      new Option(
        '--wait-healthy <duration>',
        "after the rollback, follow the restored version's runs this long (15m), then judge them against the runs of the version it restores: exit 0 no worse, 3 still failing, 5 too few runs",
      ).argParser(spanArg),
    )
    .addOption(
      new Option(
        '--poll-interval <duration>',
        'with --wait-healthy: how often the runs are read (default 15s)',
      ).argParser(spanArg),
    )
    .addHelpText('after', ROLLBACK_HELP)
    .action(async (workflow: string, opts: RollbackFlags) => {
      const { rollbackUnderApprovals } = await import('../requests/rollback.js');
      if (await rollbackUnderApprovals(workflow, opts, ctx)) return;
      const { runRollbackCommand } = await import('../versions/rollback.js');
      const { printPlan, printRollback, printRollbackDiff } = await import('../versions/rollback-print.js');
      const result = await runRollbackCommand({ workflow, ...opts }, ctx, {
        plan: (view, options) => printPlan(view, ctx.io, options),
        diff: (view, options) => printRollbackDiff(view, ctx.io, ctx.interrupts, options.inline),
      });
      if (opts.breakGlass) await (await import('../requests/rollback.js')).recordBreakGlassResult(result, opts, ctx);
      if (opts.waitHealthy === undefined) return printRollback(result, ctx.io, opts.json);
      const { waitHealthyAfter } = await import('../versions/watch-command.js');
      await waitHealthyAfter(ctx, result, opts);
    });
}

/** --to: a version reference, or `previous` (meaningful with --if-regressed; the run says so otherwise). */
function toArg(value: string): VersionRef | 'previous' {
  return value === 'previous' ? 'previous' : versionRefArg(value);
}
