import type { CommandContext } from '../../context.js';
import { listVersions, type VersionSummary } from '../../data/versions/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderTable, type Column } from '../../render/table.js';
import { quoteInput } from '../../quote.js';

export interface VersionListItem {
  version: number;
  current: boolean;
  changedAt: Date | null;
  changedBy: string | null;
  description: string | null;
  rollbackOf: number | null;
  reason: string | null;
}

export interface ListVersionsResult {
  workflow: { id: string; name: string };
  /** versions the workflow has in all (the list may be cut by --limit) */
  total: number;
  versions: VersionListItem[];
}

export function toListItem(v: VersionSummary): VersionListItem {
  return {
    version: v.version,
    current: v.isCurrent,
    changedAt: v.changedAt,
    changedBy: v.changedBy,
    description: v.description,
    rollbackOf: v.rollbackOf,
    reason: v.reason,
  };
}

export async function runListVersions(input: { workflow: string; limit?: number }, ctx: CommandContext): Promise<ListVersionsResult> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const list = await listVersions(ds, wf.id, input.limit !== undefined ? { limit: input.limit } : {});
  return { workflow: { id: wf.id, name: wf.name }, total: list.total, versions: list.versions.map(toListItem) };
}

const columns: Column<VersionListItem>[] = [
  { header: 'version', value: (v) => v.version, align: 'right', style: (t, v, th) => (v.current ? th.bold(t) : t) },
  { header: 'current', value: (v) => (v.current ? '*' : ''), style: (t, _v, th) => th.success(t) },
  { header: 'changed at', value: (v) => v.changedAt },
  { header: 'changed by', value: (v) => v.changedBy },
  { header: 'description', value: (v) => v.description, maxWidth: 60 },
  { header: 'restores', value: (v) => (v.rollbackOf !== null ? `v${v.rollbackOf}` : ''), style: (t, _v, th) => th.warning(t) },
];

export function printListVersions(result: ListVersionsResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  if (result.versions.length === 0 && format === 'table') {
    io.err(`Workflow ${quoteInput(result.workflow.id)} has no versions yet.\n`);
    return;
  }
  io.out(renderTable(io, columns, result.versions, format === 'csv' ? 'csv' : 'table'));
  if (format === 'table' && io.stdoutIsTTY && result.total > result.versions.length) {
    io.err(`Showing ${result.versions.length} of ${result.total} versions; --limit or --all shows more.\n`);
  }
}
