import type { CommandContext } from '../../context.js';
import { currentVersions, latestExecutions, type LastExecution } from '../../data/workflows/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { Workflow, WorkflowAction } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import type { EjsonMode } from '../../data/core/index.js';
import { loadExtendedJson, printJson, StoredDocument } from '../../render/json.js';
import { outcomeText } from '../../render/outcome.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';

export interface ShowWorkflowResult {
  workflow: Workflow;
  lastExecution: LastExecution | null;
  /** the stored document as it is, without _id, as Extended JSON; null for a deleted workflow */
  definition: StoredDocument | null;
}

export async function runShowWorkflow(
  input: { workflow: string; jsonFormat?: EjsonMode },
  ctx: CommandContext,
): Promise<ShowWorkflowResult> {
  await loadExtendedJson();
  const ds = await ctx.dataSource();
  const { raw, ...workflow } = await resolveWorkflow(ds, input.workflow);
  const last = await latestExecutions(ds, [workflow.id]);
  workflow.currentVersion = (await currentVersions(ds, [workflow.id])).get(workflow.id) ?? workflow.currentVersion;
  let definition: StoredDocument | null = null;
  if (raw) {
    const { _id, ...rest } = raw;
    void _id;
    definition = new StoredDocument(rest, input.jsonFormat);
  }
  return { workflow, lastExecution: last.get(workflow.id) ?? null, definition };
}

export function printShowWorkflow(result: ShowWorkflowResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  const w = result.workflow;
  const theme = createTheme(io.colorStdout);
  const last = result.lastExecution;
  io.out(
    renderKeyValues(io, [
      ['id', w.id],
      ['name', w.name],
      ...(w.deleted
        ? ([['state', 'deleted: custom_workflows no longer holds it; its versions and audit records remain']] as Array<
            [string, string]
          >)
        : []),
      ['description', w.description],
      ['enabled', w.deleted ? null : w.enabled ? 'yes' : 'no'],
      ['trigger', w.triggerType],
      ['tags', w.tags.length ? w.tags.join(', ') : null],
      ['version', w.currentVersion],
      ['created', w.createdAt],
      ['created by', w.createdBy],
      ['updated', w.updatedAt],
      ['runs', w.executionCount],
      ['last run', last ? `${outcomeText(last.outcome, last.status)} (${last.executionId ?? '?'})` : null],
      ['last run at', last?.startedAt ?? w.lastExecutionAt],
    ]),
  );
  if (w.deleted) return;
  io.out(`\n${theme.bold(`Actions (${w.actions.length})`)}\n`);
  if (w.actions.length === 0) {
    io.out(`${theme.muted('  none')}\n`);
    return;
  }
  io.out(
    renderTable(
      io,
      [
        { header: 'order', value: (r: { i: number; a: WorkflowAction }) => r.a.order ?? r.i, align: 'right' },
        { header: 'name', value: (r) => r.a.name },
        { header: 'type', value: (r) => r.a.type },
        { header: 'enabled', value: (r) => (r.a.enabled ? 'yes' : 'no') },
        { header: 'retry', value: (r) => r.a.retry?.strategy ?? null },
        { header: 'max retries', value: (r) => r.a.retry?.max_retries ?? null, align: 'right' },
      ],
      w.actions.map((a, i) => ({ i: i + 1, a })),
    ),
  );
}
