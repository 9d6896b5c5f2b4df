import type { CommandContext } from '../../context.js';
import { canonicalJson } from '../../data/versions/index.js';
import type { VersionRef } from '../../data/versions/index.js';
import { normalizeVersionDetail, resolveVersionRef } from '../../data/versions/index.js';
import { differingAuthenticatedUser, resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { highlightJson } from '../../render/diff.js';
import type { EjsonMode } from '../../data/core/index.js';
import { loadExtendedJson, printJson, StoredDocument } from '../../render/json.js';
import { renderKeyValues } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';
import { toItem, type VersionItem } from './list.js';

export interface ShowVersionResult {
  workflow: { id: string; name: string };
  version: VersionItem & {
    /** the stored workflow_data, as Extended JSON */
    workflowData: StoredDocument;
    /** the stored diff against the previous version (DeepDiff shape) as Extended JSON, or null */
    diff: StoredDocument | null;
  };
}

export async function runShowVersion(
  input: { workflow: string; ref: VersionRef; jsonFormat?: EjsonMode },
  ctx: CommandContext,
): Promise<ShowVersionResult> {
  await loadExtendedJson();
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const v = normalizeVersionDetail(await resolveVersionRef(ds, wf.id, input.ref));
  return {
    workflow: { id: wf.id, name: wf.name },
    version: {
      ...toItem(v),
      workflowData: new StoredDocument(v.workflowData, input.jsonFormat),
      diff: v.diff === null ? null : new StoredDocument(v.diff, input.jsonFormat),
    },
  };
}

export function printShowVersion(result: ShowVersionResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  const v = result.version;
  const theme = createTheme(io.colorStdout);
  io.out(
    renderKeyValues(io, [
      [
        'workflow',
        result.workflow.name && result.workflow.name !== result.workflow.id
          ? `${result.workflow.id} (${result.workflow.name})`
          : result.workflow.id,
      ],
      ['version', `${v.version}${v.current ? ' (current)' : ''}`],
      ['changed at', v.changedAt],
      ['changed by', v.changedBy],
      // the database user that wrote it, where it is not the declared one
      ...(differingAuthenticatedUser(v.changedBy, v.authenticatedUser) !== null
        ? ([['authenticated as', v.authenticatedUser]] as Array<[string, string | null]>)
        : []),
      ['description', v.description],
      ...(v.rollbackOf !== null
        ? ([
            ['restores', `version ${v.rollbackOf}`],
            ['reason', v.reason],
          ] as Array<[string, string | null]>)
        : []),
    ]),
  );
  io.out(`\n${theme.bold('workflow_data')}\n`);
  io.out(`${highlightJson(canonicalJson(v.workflowData.value), theme)}\n`);
}
