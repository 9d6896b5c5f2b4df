/** `versions create` on a target that requires approvals: the new version is filed as a change request. */
import type { CommandContext } from '../../context.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { deletedWorkflowError, UsageError } from '../../errors.js';
import { readWorkflowFile } from '../versions/workflow-file.js';
import { requiredApprovals } from './policy.js';

/** True when it handled the command (it filed a request). */
export async function createUnderApprovals(
  workflow: string,
  opts: { file: string; message: string; json?: boolean },
  ctx: CommandContext,
): Promise<boolean> {
  const approvals = requiredApprovals(ctx);
  if (approvals === 0) return false;
  const message = opts.message.trim();
  if (message === '')
    throw new UsageError('--message is empty; say what changed, e.g. --message "retry the upload 5 times"');
  const ds = await ctx.dataSource({ writes: true });
  const wf = await resolveWorkflow(ds, workflow);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  const data = await readWorkflowFile(opts.file, ctx.io, wf.id);
  const { fileVersionRequest } = await import('./run.js');
  const { printFiled } = await import('./print.js');
  printFiled(
    await fileVersionRequest({ workflow: wf.id, data, message }, approvals, ctx),
    ctx.io,
    opts.json === true,
    ctx.now(),
  );
  return true;
}
