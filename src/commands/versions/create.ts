import type { CommandContext } from '../../context.js';
import { deletedWorkflowError, UsageError } from '../../errors.js';
import type { ChangesSummary } from '../../data/versions/index.js';
import { writeVersion } from '../../data/versions/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { changesText } from '../../render/diff.js';
import { createTheme } from '../../render/theme.js';
import { oneLine } from '../../render/table.js';
import { readWorkflowFile } from './workflow-file.js';

export interface CreateVersionResult {
  status: 'created' | 'unchanged';
  workflow: { id: string; name: string };
  /** the new version, or (unchanged) the current one */
  version: number;
  previousVersion: number | null;
  /** the stored diff's counts (the backend's change summary) */
  changes: ChangesSummary;
  /** versions an interrupted write had left unfinished, finished first */
  completed: number[];
}

export async function runCreateVersion(
  input: { workflow: string; file: string; message: string; allowEmpty: boolean },
  ctx: CommandContext,
): Promise<CreateVersionResult> {
  const message = input.message.trim();
  if (message === '')
    throw new UsageError('--message is empty; say what changed, e.g. --message "retry the upload 5 times"');
  const ds = await ctx.dataSource({ writes: true });
  const wf = await resolveWorkflow(ds, input.workflow);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  const actor = await ctx.writeActor();
  const data = await readWorkflowFile(input.file, ctx.io, wf.id);
  const outcome = await writeVersion(ds, {
    workflowId: wf.id,
    data,
    description: message,
    actor,
    allowEmpty: input.allowEmpty,
  });
  return {
    status: outcome.status,
    workflow: { id: wf.id, name: wf.name },
    version: outcome.version,
    previousVersion: outcome.previous,
    changes: outcome.changes,
    completed: outcome.completed,
  };
}

export function printCreateVersion(result: CreateVersionResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  const t = createTheme(io.colorStdout);
  for (const n of result.completed) io.note(`note: finished version ${n}, which another write had left unfinished\n`);
  if (result.status === 'unchanged') {
    io.out(
      `Nothing to do: the file equals version ${result.version} of ${workflowText(result.workflow)} (the current one); no version created. --allow-empty creates one anyway.\n`,
    );
    return;
  }
  const c = result.changes;
  io.out(
    `${t.success('✓')} Created version ${result.version} of ${workflowText(result.workflow)}` +
      `${result.previousVersion !== null ? `, after ${result.previousVersion}` : ''}: ${changesText(c)}\n`,
  );
}

/** "6b0e7c92ed9c955c3bbc0372 (Invoice sync)" */
function workflowText(w: { id: string; name?: string | null }): string {
  return w.name && w.name !== w.id ? `${w.id} (${oneLine(w.name)})` : w.id;
}
