import type { CommandContext } from '../../context.js';
import { latestExecutions, resolveWorkflow, type LastExecution } from '../../data/workflows.js';
import type { Workflow } from '../../data/types.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';

export interface ShowWorkflowResult {
  workflow: Workflow;
  lastExecution: LastExecution | null;
  /** the stored document as it is, without _id */
  definition: Record<string, unknown>;
}

export async function runShowWorkflow(input: { workflow: string }, ctx: CommandContext): Promise<ShowWorkflowResult> {
  const ds = await ctx.dataSource();
  const { raw, ...workflow } = await resolveWorkflow(ds, input.workflow);
  const last = await latestExecutions(ds, [workflow.id]);
  const { _id, ...definition } = raw;
  void _id;
  return { workflow, lastExecution: last.get(workflow.id) ?? null, definition };
}

export function printShowWorkflow(result: ShowWorkflowResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  const w = result.workflow;
  const theme = createTheme(io.colorStdout);
  io.out(
    renderKeyValues(io, [
      ['id', w.id],
      ['name', w.name],
      ['description', w.description],
      ['enabled', w.enabled ? 'yes' : 'no'],
      ['trigger', w.triggerType],
      ['version', w.currentVersion],
      ['created', w.createdAt],
      ['created by', w.createdBy],
      ['updated', w.updatedAt],
      ['last run', result.lastExecution ? `${result.lastExecution.status ?? '?'} (${result.lastExecution.executionId ?? '?'})` : null],
      ['last run at', result.lastExecution?.startedAt ?? null],
    ]),
  );
  io.out(`\n${theme.bold(`Actions (${w.actions.length})`)}\n`);
  if (w.actions.length === 0) {
    io.out(`${theme.muted('  none')}\n`);
    return;
  }
  io.out(
    renderTable(
      io,
      [
        { header: '#', value: (r: { i: number }) => r.i, align: 'right' },
        { header: 'name', value: (r) => r.a.name },
        { header: 'type', value: (r) => r.a.type },
        { header: 'retry', value: (r) => r.a.retry?.strategy ?? 'none' },
        { header: 'max retries', value: (r) => r.a.retry?.max_retries ?? null, align: 'right' },
        { header: 'delay s', value: (r) => r.a.retry?.delay_seconds ?? null, align: 'right' },
      ],
      w.actions.map((a, i) => ({ i: i + 1, a })),
    ),
  );
}
