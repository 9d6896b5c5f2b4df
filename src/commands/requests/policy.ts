/**
 * How many approvals a change needs on this target, and who acts. The number
 * comes from the target's context (`approvals: N`); WFCTL_APPROVALS may raise
 * it (never lower it) for a target named without a context. One function, so
 * that where the policy comes from is one line.
 */
import type { CommandContext } from '../../context.js';
import type { DataSource } from '../../data/core/index.js';
import { requestIdentity, type StepContext } from '../../data/actions/index.js';
import { UsageError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

export function requiredApprovals(ctx: CommandContext): number {
  const fromContext = ctx.config().context?.approvals ?? 0;
  const text = ctx.env.WFCTL_APPROVALS;
  if (text === undefined || text === '') return fromContext;
  if (!/^\d{1,3}$/.test(text))
    throw new UsageError(`WFCTL_APPROVALS=${quoteInput(text)} is not a whole number of approvals (0 to 100)`);
  return Math.max(fromContext, Number(text));
}

/** Who acts (the authenticated user, else the declared one), as whom writes are recorded, and when. */
export async function stepContext(ctx: CommandContext, ds: DataSource): Promise<StepContext> {
  // the declared and the authenticated user, held to --identity: what every step's write records
  const actor = await ctx.writeActor();
  return { by: await requestIdentity(ds, actor), actor, now: ctx.now() };
}
