import type { CommandContext } from '../../context.js';
import { authenticatedName, authenticatedUsers, resolveWorkflow } from '../../data/core/index.js';
import {
  archiveVersions,
  previewVersionsArchive,
  type ArchiveVersionsResult,
  type WorkflowVersionsPlan,
} from '../../data/versions/index.js';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderTable } from '../../render/table.js';

export interface VersionsArchiveInput {
  workflow?: string | undefined;
  all?: boolean;
  keep: number;
  output?: string;
  delete?: boolean;
  dryRun?: boolean;
  mode?: number;
}

export type VersionsArchiveOutcome =
  | { dryRun: true; keep: number; workflows: Array<{ workflowId: string; archived: number[]; kept: number[] }> }
  | { dryRun: false; result: ArchiveVersionsResult };

export async function runVersionsArchive(
  input: VersionsArchiveInput,
  ctx: CommandContext,
): Promise<VersionsArchiveOutcome> {
  if ((input.workflow === undefined) === (input.all !== true))
    throw new UsageError('name one workflow, or --all (not both)', {
      hint: 'e.g. wfctl versions archive wf-invoices --keep 20 -o versions.ndjson',
    });
  if (input.dryRun && (input.delete || input.output !== undefined))
    throw new UsageError('--dry-run writes and deletes nothing: leave out --output and --delete');
  if (!input.dryRun && input.output === undefined)
    throw new UsageError('an archive needs --output FILE (the verified file is what makes the delete safe)');
  const ds = await ctx.dataSource({ writes: !input.dryRun });
  const workflowId = input.workflow !== undefined ? (await resolveWorkflow(ds, input.workflow)).id : null;
  if (input.dryRun) {
    const plans = await previewVersionsArchive(ds, workflowId, input.keep);
    if (plans.length === 0)
      throw new UsageError(`nothing to archive: no workflow has versions beyond the ${input.keep} kept`);
    return { dryRun: true, keep: input.keep, workflows: plans.map(planView) };
  }
  const result = await archiveVersions(ds, {
    workflowId,
    keep: input.keep,
    output: input.output!,
    delete: input.delete === true,
    actor: ctx.actor(),
    authenticatedUser: authenticatedName(await authenticatedUsers(ds.db).catch(() => []), ds.dbName),
    ...(input.mode !== undefined ? { mode: input.mode } : {}),
  });
  return { dryRun: false, result };
}

function planView(p: WorkflowVersionsPlan) {
  return { workflowId: p.workflowId, archived: p.archived.map((a) => a.version), kept: p.kept };
}

const versions = (n: number) => `${n.toLocaleString('en-US')} version${n === 1 ? '' : 's'}`;

/** "1-4, 7" */
function ranges(ns: number[]): string {
  const sorted = [...ns].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

export function printVersionsArchive(o: VersionsArchiveOutcome, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, o.dryRun ? o : o.result);
  const rows = o.dryRun ? o.workflows : o.result.workflows;
  io.out(
    renderTable(
      io,
      [
        { header: 'WORKFLOW', value: (r) => r.workflowId },
        { header: 'ARCHIVED', value: (r) => ranges(r.archived), maxWidth: 40 },
        { header: 'KEPT', value: (r) => ranges(r.kept), maxWidth: 40 },
      ],
      rows,
    ),
  );
  if (o.dryRun) {
    io.note(`Would archive ${versions(rows.reduce((s, r) => s + r.archived.length, 0))}. Nothing was written.\n`);
    return;
  }
  const r = o.result;
  if (r.alreadyDone) {
    io.note(`${r.file} was archived and its versions deleted already; nothing more was deleted.\n`);
    return;
  }
  io.note(
    `Archived ${versions(r.records)} to ${r.file} (verified, reconciled by _id; sha256 ${r.sha256.slice(0, 16)}…).\n`,
  );
  if (r.deleted === null) io.note('Nothing was deleted (add --delete to delete exactly the versions of this file).\n');
  else io.note(`Deleted ${versions(r.deleted)}.\n`);
  if (r.kept > 0 && r.deleted !== null)
    io.note(
      `Kept ${versions(r.kept)} of the file: since it was written they became current or a kept rollback restored them.\n`,
    );
}
