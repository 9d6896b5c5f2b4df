/** `versions watch` and `rollback --wait-healthy`: the query from the flags, the watch, the verdict printed and its exit status. */
import type { CommandContext } from '../../context.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { listVersions } from '../../data/versions/index.js';
import { NotFoundError } from '../../errors.js';
import { printJson } from '../../render/json.js';
import {
  DEFAULT_POLL_MS,
  exitForWatch,
  printWatch,
  watchRestoredVersion,
  type WatchFlags,
  type WatchResult,
} from './watch-run.js';
import type { RollbackFlags, RollbackResult } from './rollback-view.js';
import { printRollback } from './rollback-print.js';

type JudgeFlags = Pick<WatchFlags, 'pollInterval' | 'confidence' | 'minRuns' | 'baseline'>;

/** Follows `version` (history: the version it restores, null: the one live before it) for `forMs`. */
export async function watchVersion(
  ctx: CommandContext,
  target: { workflowId: string; version: number; history: number | null },
  forMs: number,
  flags: JudgeFlags,
): Promise<WatchResult> {
  const ds = await ctx.dataSource();
  return watchRestoredVersion(ctx, ds, {
    ...target,
    forMs,
    pollMs: flags.pollInterval ?? DEFAULT_POLL_MS,
    confidence: flags.confidence ?? 0.95,
    minRuns: flags.minRuns ?? 20,
    baselineMs: flags.baseline ?? 7 * 86_400_000,
  });
}

export async function runVersionsWatch(ctx: CommandContext, workflow: string, opts: WatchFlags): Promise<void> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, workflow);
  const { versions } = await listVersions(ds, wf.id, { limit: 1 });
  const current = versions[0];
  if (!current) throw new NotFoundError(`workflow ${wf.id} has no versions yet: nothing to watch`);
  const result = await watchVersion(
    ctx,
    { workflowId: wf.id, version: current.version, history: current.rollbackOf },
    opts.for,
    opts,
  );
  if (opts.json) printJson(ctx.io, result);
  else printWatch(result, ctx.io, wf.id);
  exitForWatch(result);
}

/** rollback --wait-healthy: the rollback's result, then the watch of the version it wrote (--json: one document). */
export async function waitHealthyAfter(
  ctx: CommandContext,
  result: RollbackResult,
  opts: RollbackFlags,
): Promise<void> {
  if (result.status !== 'rolled_back' || result.version === null) {
    if (opts.json) printJson(ctx.io, { ...result, wait: null });
    else {
      printRollback(result, ctx.io, false);
      ctx.io.note('Nothing was rolled back: nothing to wait for.\n');
    }
    return;
  }
  if (!opts.json) printRollback(result, ctx.io, false);
  const wait = await watchVersion(
    ctx,
    { workflowId: result.workflow.id, version: result.version, history: result.to },
    opts.waitHealthy!,
    opts,
  );
  if (opts.json) printJson(ctx.io, { ...result, wait });
  else printWatch(wait, ctx.io, result.workflow.id);
  exitForWatch(wait);
}
