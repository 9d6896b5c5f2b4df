import type { CommandContext } from '../../context.js';
import { addHold, listHolds, releaseHold, resolveAuditWorkflowId, type LegalHold } from '../../data/audit/index.js';
import { authenticatedName, authenticatedUsers, type DataSource } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderTable } from '../../render/table.js';

async function whoAuthenticated(ds: DataSource): Promise<string | null> {
  return authenticatedName(await authenticatedUsers(ds.db).catch(() => []), ds.dbName);
}

export interface HoldAddInput {
  workflow?: string;
  user?: string;
  since?: Date;
  until?: Date;
  reason: string;
}

export async function runHoldAdd(input: HoldAddInput, ctx: CommandContext): Promise<LegalHold> {
  const ds = await ctx.dataSource({ writes: true });
  const workflowId = input.workflow !== undefined ? (await resolveAuditWorkflowId(ds, input.workflow)).id : null;
  return addHold(ds, {
    scope: { workflowId, userId: input.user ?? null, since: input.since ?? null, until: input.until ?? null },
    reason: input.reason,
    actor: ctx.actor(),
    authenticatedUser: await whoAuthenticated(ds),
  });
}

export async function runHoldList(all: boolean, ctx: CommandContext): Promise<LegalHold[]> {
  return listHolds(await ctx.dataSource(), { all });
}

export async function runHoldRelease(
  id: string,
  reason: string,
  ctx: CommandContext,
): Promise<{ hold: LegalHold; released: boolean }> {
  const ds = await ctx.dataSource({ writes: true });
  return releaseHold(ds, { id, reason, actor: ctx.actor(), authenticatedUser: await whoAuthenticated(ds) });
}

function scopeText(h: LegalHold): string {
  const parts: string[] = [];
  if (h.scope.workflowId !== null) parts.push(`workflow ${h.scope.workflowId}`);
  if (h.scope.userId !== null) parts.push(`user ${h.scope.userId}`);
  if (h.scope.since) parts.push(`from ${h.scope.since.toISOString()}`);
  if (h.scope.until) parts.push(`before ${h.scope.until.toISOString()}`);
  return parts.join(', ');
}

export function printHold(h: LegalHold, io: IOStreams, json: boolean, verb: string): void {
  if (json) return printJson(io, h);
  io.out(`${h.id}\n`);
  io.note(`${verb} legal hold ${h.id} on ${scopeText(h)}: ${h.reason}\n`);
}

export function printHoldRelease(r: { hold: LegalHold; released: boolean }, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, r);
  if (r.released) io.note(`Released legal hold ${r.hold.id} (${scopeText(r.hold)}).\n`);
  else
    io.note(
      `Legal hold ${r.hold.id} was released already (${r.hold.releasedAt?.toISOString() ?? ''} by ${r.hold.releasedBy ?? '?'}); nothing changed.\n`,
    );
}

export function printHoldList(holds: LegalHold[], io: IOStreams, json: boolean): void {
  if (json) return printJson(io, { holds });
  if (holds.length === 0) {
    io.note('No legal holds.\n');
    return;
  }
  io.out(
    renderTable(
      io,
      [
        { header: 'ID', value: (h) => h.id },
        { header: 'COVERS', value: (h) => scopeText(h), maxWidth: 60 },
        { header: 'REASON', value: (h) => h.reason, maxWidth: 40 },
        { header: 'BY', value: (h) => h.createdBy },
        { header: 'SINCE', value: (h) => h.createdAt, time: 'absolute' },
        { header: 'RELEASED', value: (h) => h.releasedAt, time: 'absolute' },
      ],
      holds,
    ),
  );
}
