import type { CommandContext } from '../../context.js';
import { legalHoldsInForce, eraseSubject, isPseudonym, type EraseResult } from '../../data/audit/index.js';
import { CancelledError, UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { askConfirm } from '../../prompt.js';
import { printJson } from '../../render/json.js';

import { pseudonymKeyFor } from './pseudonym-key.js';

/** The flags of audit erase as commander gives them. */
export interface AuditEraseFlags {
  subject?: string;
  reason?: string;
  dryRun?: boolean;
  keyFile?: string;
  overrideHold?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** Checks the line before anything is read or written: every bad input is exit 2 with nothing written. */
function checkLine(o: AuditEraseFlags, canPrompt: boolean): { subject: string; reason: string } {
  if (o.subject === undefined)
    throw new UsageError('missing --subject <user-id>: name the user whose identifying values are erased');
  if (isPseudonym(o.subject))
    throw new UsageError('--subject is already a pseudonym (hmac-sha256:...): there is nothing to erase');
  if (o.reason === undefined) throw new UsageError('missing --reason <text>: an erasure records why');
  if (!o.dryRun && !o.yes && !canPrompt)
    throw new UsageError(
      'confirm the erasure: not asking, since stdin or stdout is not a terminal; pass --yes (or --dry-run to only look)',
    );
  if (o.dryRun && o.yes) throw new UsageError('--dry-run and --yes ask for opposite things; give one of them');
  return { subject: o.subject, reason: o.reason };
}

export async function runAuditErase(o: AuditEraseFlags, ctx: CommandContext): Promise<EraseResult> {
  const { subject, reason } = checkLine(o, ctx.io.canPrompt);
  const key = (await pseudonymKeyFor(o.keyFile, ctx))!;
  const ds = await ctx.dataSource({ writes: true });
  const base = {
    subject,
    reason,
    key,
    actor: ctx.actor(),
    overrideHold: o.overrideHold === true,
    holds: legalHoldsInForce,
  };
  if (o.dryRun) return eraseSubject(ds, { ...base, dryRun: true });
  if (!o.yes) {
    const plan = await eraseSubject(ds, { ...base, dryRun: true });
    const ok = await askConfirm(
      ctx.io,
      `Pseudonymise ${plan.total} record${plan.total === 1 ? '' : 's'} naming ${subject}? This cannot be undone without the records' exports.`,
      { flag: '--yes', purpose: 'confirm the erasure' },
    );
    if (!ok) throw new CancelledError();
  }
  return eraseSubject(ds, base);
}

export function printAuditErase(r: EraseResult, io: IOStreams, json: boolean): void {
  if (json) {
    printJson(io, r);
    return;
  }
  const per = Object.entries(r.records)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  const v = r.values;
  const values = `the user id, ${v.ipAddresses} IP address${v.ipAddresses === 1 ? '' : 'es'}, ${v.userAgents} user agent${v.userAgents === 1 ? '' : 's'}, ${v.hosts} host${v.hosts === 1 ? '' : 's'}`;
  if (r.dryRun) {
    io.out(`Would pseudonymise ${r.total} record${r.total === 1 ? '' : 's'}${per ? ` (${per})` : ''}: ${values}.\n`);
    io.out(`Pseudonym: ${r.pseudonym}\nNothing was written (--dry-run).\n`);
    return;
  }
  if (r.total === 0 && r.earlierEvent) {
    io.out(`Nothing left to erase: the subject was erased before (pseudonym ${r.pseudonym}).\n`);
    return;
  }
  io.out(`Pseudonymised ${r.total} record${r.total === 1 ? '' : 's'}${per ? ` (${per})` : ''}: ${values}.\n`);
  io.out(`Pseudonym: ${r.pseudonym}\n`);
  if (r.heldOverridden > 0) io.out(`${r.heldOverridden} of them under legal hold (--override-hold).\n`);
  if (r.eventId) io.out(`Recorded as audit_erased ${r.eventId}.\n`);
}
