/** What the context verbs print: tables and key-values on stdout, notes on stderr; JSON is the result itself. */
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable, type Column } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';
import type { ContextListResult, ContextView } from './run.js';

export function printContextList(result: ContextListResult, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, result);
  if (result.contexts.length === 0) {
    io.note(`No contexts in ${result.configFile}. Add one: wfctl context add NAME --uri-file PATH\n`);
    return;
  }
  const columns: Column<ContextView>[] = [
    { header: 'CURRENT', value: (c) => (c.current ? '*' : '') },
    { header: 'NAME', value: (c) => c.name },
    { header: 'HOST', value: (c) => c.host ?? '?', maxWidth: 40 },
    { header: 'DATABASE', value: (c) => c.database },
    { header: 'PROTECTED', value: (c) => (c.protected ? 'yes' : 'no') },
    { header: 'APPROVALS', value: (c) => c.approvals, align: 'right' },
  ];
  io.out(renderTable(io, columns, result.contexts));
  if (result.current !== null && result.currentFrom !== 'current-context')
    io.note(`note: ${result.current} is in use here by ${result.currentFrom}\n`);
  if (result.overriddenBy !== null)
    io.note(
      `note: ${result.overriddenBy} is set: commands here use it, not the current context ${result.currentContext} (name one with --context)\n`,
    );
}

/** "secondaryPreferred (tags use:analytics then any member; max staleness 120s)": the context's read keys in words. */
function contextReads(c: ContextView): string {
  const tags = (c.readPreferenceTags ?? []).map((t) => (t === '' ? 'any member' : t));
  const parts = [
    ...(tags.length > 0 ? [`tags ${tags.join(' then ')}`] : []),
    ...(c.maxStaleness !== null ? [`max staleness ${c.maxStaleness}s`] : []),
  ];
  const mode = c.readPreference ?? "the connection string's mode";
  return parts.length > 0 ? `${mode} (${parts.join('; ')})` : mode;
}

export function printContextShow(result: ContextView & { configFile: string }, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, result);
  io.out(
    renderKeyValues(io, [
      ['name', result.name],
      ['current', result.current ? 'yes' : 'no'],
      ['uri', result.uri],
      ['uri-file', result.uriFile],
      ['host', result.host ?? '? (the uri-file cannot be read)'],
      ['database', result.database],
      ['protected', result.protected ? 'yes' : 'no'],
      ['approvals', result.approvals],
      ...(result.readPreference !== null || result.readPreferenceTags !== null || result.maxStaleness !== null
        ? [['reads', contextReads(result)] as [string, string]]
        : []),
      ['file', result.configFile],
    ]),
  );
}

export function printContextAdd(
  result: { context: ContextView; replaced: boolean; configFile: string },
  io: IOStreams,
): void {
  const t = createTheme(io.colorStdout);
  const c = result.context;
  const policies = [
    c.protected ? 'protected' : '',
    c.approvals > 0 ? `${c.approvals} approval${c.approvals === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  io.out(
    `${t.success('✓')} ${result.replaced ? 'Replaced' : 'Added'} context ${c.name}${policies ? ` (${policies})` : ''}: host ${c.host ?? '?'}, database ${c.database}\n`,
  );
  io.note(`Use it: wfctl context use ${c.name}; for one call: wfctl --context ${c.name} ...\n`);
}

export function printContextUse(
  result: { name: string; previous: string | null; shadowedBy: string | null },
  io: IOStreams,
): void {
  io.out(
    `Switched to context ${result.name}${result.previous && result.previous !== result.name ? ` (was ${result.previous})` : ''}.\n`,
  );
  if (result.shadowedBy)
    io.note(
      `note: ${result.shadowedBy} is set in this environment and wins over the current context: unset it to use ${result.name}\n`,
    );
}

export function printContextRemove(result: { name: string; wasCurrent: boolean }, io: IOStreams): void {
  io.out(
    `Removed context ${result.name}.${result.wasCurrent ? ' It was the current context; none is current now.' : ''}\n`,
  );
}
