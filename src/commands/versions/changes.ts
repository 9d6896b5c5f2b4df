import type { CommandContext } from '../../context.js';
import { summarizeChanges, type ChangeSummary } from '../../data/versions/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { changesText } from '../../render/diff.js';
import { plural } from '../../render/outcome.js';
import { printJson } from '../../render/json.js';
import { renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';

export interface VersionChangesResult extends Omit<ChangeSummary, 'workflowId'> {
  workflow: { id: string; name: string };
}

export async function runVersionChanges(
  input: { workflow: string; days: number },
  ctx: CommandContext,
): Promise<VersionChangesResult> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const { workflowId, ...summary } = await summarizeChanges(ds, wf.id, input.days, ctx.now());
  void workflowId;
  return { workflow: { id: wf.id, name: wf.name }, ...summary };
}

export function printVersionChanges(r: VersionChangesResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, r);
  const t = createTheme(io.colorStdout);
  const s = r.totals;
  io.out(
    `${t.bold(`${r.workflow.id}: ${plural(s.versions, 'version')} in the last ${plural(r.days, 'day')}`)}, ${plural(s.rollbacks, 'rollback')}, ${plural(s.users, 'user')}; ` +
      `${changesText(s)}\n`,
  );
  if (s.versions === 0) return;
  io.out(`\n${t.bold('Per day')} ${t.muted('(days with changes)')}\n`);
  io.out(
    renderTable(
      io,
      [
        { header: 'day', value: (d: VersionChangesResult['perDay'][number]) => d.day },
        { header: 'versions', value: (d) => d.versions, align: 'right' },
        { header: 'rollbacks', value: (d) => d.rollbacks, align: 'right' },
      ],
      r.perDay.filter((d) => d.versions > 0),
    ),
  );
  io.out(`\n${t.bold('Per user')}\n`);
  io.out(
    renderTable(
      io,
      [
        { header: 'user', value: (u: VersionChangesResult['perUser'][number]) => u.user },
        { header: 'versions', value: (u) => u.versions, align: 'right' },
        { header: 'rollbacks', value: (u) => u.rollbacks, align: 'right' },
        { header: 'last change', value: (u) => u.lastChangeAt },
      ],
      r.perUser,
    ),
  );
  if (r.rollbacks.length > 0) {
    io.out(`\n${t.bold('Rollbacks')}\n`);
    io.out(
      renderTable(
        io,
        [
          { header: 'version', value: (b: VersionChangesResult['rollbacks'][number]) => b.version, align: 'right' },
          { header: 'restores', value: (b) => (b.rollbackOf !== null ? `v${b.rollbackOf}` : '') },
          { header: 'by', value: (b) => b.changedBy },
          { header: 'at', value: (b) => b.changedAt },
          { header: 'reason', value: (b) => b.reason, maxWidth: 60 },
        ],
        r.rollbacks,
      ),
    );
  }
  if (r.topPaths.length > 0) {
    io.out(`\n${t.bold('Most changed paths')}\n`);
    io.out(
      renderTable(
        io,
        [
          { header: 'path', value: (p: VersionChangesResult['topPaths'][number]) => p.path },
          { header: 'versions', value: (p) => p.changes, align: 'right' },
        ],
        r.topPaths,
      ),
    );
  }
}
