import type { CommandContext } from '../../context.js';
import { listWorkflows, type ListWorkflowsQuery, type WorkflowListItem } from '../../data/workflows/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { startSpinner } from '../../render/spinner.js';
import { renderTable, type Column } from '../../render/table.js';
import { outcomeText } from '../../render/outcome.js';

export interface ListWorkflowsResult {
  workflows: WorkflowListItem[];
}

/** The spinner says what the listing waits on: the newest runs are a search of the run log. */
export async function runListWorkflows(query: ListWorkflowsQuery, ctx: CommandContext): Promise<ListWorkflowsResult> {
  const spinner = await startSpinner(ctx.io, 'Loading workflows (custom_workflows)');
  try {
    const ds = await ctx.dataSource();
    return { workflows: await listWorkflows(ds, query, (what) => spinner.update(what)) };
  } finally {
    spinner.stop();
  }
}

const idColumn: Column<WorkflowListItem> = { header: 'id', value: (w) => w.id, style: (t, _w, th) => th.accent(t) };
const nameColumn: Column<WorkflowListItem> = { header: 'name', value: (w) => w.name, maxWidth: 40 };
/** Only the name is cut to fit; on a narrow terminal UPDATED goes first, then ENABLED. */
const enabledColumn: Column<WorkflowListItem> = {
  header: 'enabled',
  value: (w) => (w.enabled ? 'yes' : 'no'),
  style: (t, w, th) => (w.enabled ? th.success(t) : th.muted(t)),
  dropOrder: 1,
};
const versionColumn: Column<WorkflowListItem> = { header: 'version', value: (w) => w.currentVersion, align: 'right' };
const updatedColumn: Column<WorkflowListItem> = { header: 'updated', value: (w) => w.updatedAt, dropOrder: 2 };

/** The default listing: the backend's own counters, kept on each workflow by its executor. */
const counterColumns: Column<WorkflowListItem>[] = [
  idColumn,
  nameColumn,
  enabledColumn,
  versionColumn,
  { header: 'runs', value: (w) => w.executionCount, align: 'right' },
  { header: 'last run', value: (w) => w.lastExecutionAt },
  updatedColumn,
];

/** With --last-run: the newest logged run of each workflow, its time and status. */
const lastRunColumns: Column<WorkflowListItem>[] = [
  idColumn,
  nameColumn,
  enabledColumn,
  versionColumn,
  { header: 'last run', value: (w) => w.lastExecution?.startedAt ?? null },
  {
    header: 'status',
    value: (w) => (w.lastExecution ? outcomeText(w.lastExecution.outcome, w.lastExecution.status) : null),
    style: (t, w, th) => {
      const o = w.lastExecution?.outcome;
      return o === 'succeeded' ? th.success(t) : o === 'failed' ? th.failure(t) : th.warning(t);
    },
  },
  updatedColumn,
];

export function printListWorkflows(
  result: ListWorkflowsResult,
  io: IOStreams,
  format: string,
  options: { lastRun?: boolean } = {},
): void {
  if (format === 'json') return printJson(io, result);
  if (result.workflows.length === 0 && format === 'table' && io.stdoutIsTTY) {
    io.note('No workflows match.\n');
    return;
  }
  io.out(
    renderTable(
      io,
      options.lastRun ? lastRunColumns : counterColumns,
      result.workflows,
      format === 'csv' ? 'csv' : 'table',
    ),
  );
}
