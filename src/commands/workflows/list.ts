import type { CommandContext } from '../../context.js';
import { listWorkflows, type ListWorkflowsQuery, type WorkflowListItem } from '../../data/workflows/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { withSpinner } from '../../render/spinner.js';
import { renderTable, type Column } from '../../render/table.js';
import { outcomeText } from '../../render/outcome.js';

export interface ListWorkflowsResult {
  workflows: WorkflowListItem[];
}

export async function runListWorkflows(query: ListWorkflowsQuery, ctx: CommandContext): Promise<ListWorkflowsResult> {
  return withSpinner(ctx.io, 'Loading workflows', async () => {
    const ds = await ctx.dataSource();
    return { workflows: await listWorkflows(ds, query) };
  });
}

const columns: Column<WorkflowListItem>[] = [
  { header: 'id', value: (w) => w.id, style: (t, _w, th) => th.accent(t) },
  { header: 'name', value: (w) => w.name, maxWidth: 40 },
  { header: 'enabled', value: (w) => (w.enabled ? 'yes' : 'no'), style: (t, w, th) => (w.enabled ? th.success(t) : th.muted(t)) },
  { header: 'version', value: (w) => w.currentVersion, align: 'right' },
  { header: 'last run', value: (w) => w.lastExecution?.startedAt ?? null },
  {
    header: 'status',
    value: (w) => (w.lastExecution ? outcomeText(w.lastExecution.outcome, w.lastExecution.status) : null),
    style: (t, w, th) => {
      const o = w.lastExecution?.outcome;
      return o === 'succeeded' ? th.success(t) : o === 'failed' ? th.failure(t) : th.warning(t);
    },
  },
  { header: 'updated', value: (w) => w.updatedAt },
];

export function printListWorkflows(result: ListWorkflowsResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  if (result.workflows.length === 0 && format === 'table' && io.stdoutIsTTY) {
    io.note('No workflows match.\n');
    return;
  }
  io.out(renderTable(io, columns, result.workflows, format === 'csv' ? 'csv' : 'table'));
}
