/**
 * `rollback` on a target that requires approvals: the rollback is filed as a
 * change request (nothing else is written), unless --dry-run only looks or
 * --break-glass writes it now, on record.
 */
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { RollbackFlags, RollbackResult } from '../versions/rollback-view.js';
import { requiredApprovals } from './policy.js';

/** True when it handled the command (it filed a request, or said there was nothing to do). */
export async function rollbackUnderApprovals(
  workflow: string,
  opts: RollbackFlags,
  ctx: CommandContext,
): Promise<boolean> {
  const approvals = requiredApprovals(ctx);
  if (opts.breakGlass) {
    if (approvals === 0)
      throw new UsageError('--break-glass is for a target that requires approvals; this one does not');
    if (opts.reason === undefined || opts.reason.trim() === '')
      throw new UsageError('--break-glass needs --reason <text>: why it could not wait for approvals');
    if (opts.ifRegressed)
      throw new UsageError('--break-glass goes with a rollback a person decides, not --if-regressed');
    return false;
  }
  if (approvals === 0 || opts.dryRun) return false;
  if (opts.ifRegressed)
    throw new UsageError(
      `this target requires ${approvals} approval(s): --if-regressed cannot wait for them; file a request with --to and --reason, or use --break-glass`,
    );
  const { fileRollbackRequest } = await import('./run.js');
  const { printFiled } = await import('./print.js');
  const filed = await fileRollbackRequest(
    {
      workflow,
      ...(opts.to !== undefined ? { to: opts.to } : {}),
      ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
      ...(opts.expectCurrent !== undefined ? { expectCurrent: opts.expectCurrent } : {}),
    },
    approvals,
    ctx,
  );
  printFiled(filed, ctx.io, opts.json === true, ctx.now());
  return true;
}

/** After a --break-glass rollback that wrote: the record of it (request and change_applied event). */
export async function recordBreakGlassResult(
  result: RollbackResult,
  opts: RollbackFlags,
  ctx: CommandContext,
): Promise<void> {
  if (result.status !== 'rolled_back' || result.to === null) return;
  const { recordBreakGlassRollback } = await import('./run.js');
  const doc = await recordBreakGlassRollback(
    ctx,
    {
      workflow: result.workflow,
      from: result.from,
      to: result.to,
      version: result.version,
      reason: opts.reason!.trim(),
    },
    requiredApprovals(ctx),
  );
  ctx.io.note(
    `note: break-glass: applied without the ${doc.required_approvals} approval(s) this target requires; recorded as ${doc._id}\n`,
  );
}
