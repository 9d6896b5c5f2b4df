import type { CommandContext } from '../../context.js';
import { runDoctor, type DoctorOptions, type DoctorReport } from '../../data/db/index.js';
import type { Severity } from '../../data/core/index.js';
import { ExitCode, ExitError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { withSpinner } from '../../render/spinner.js';
import { createTheme, type Theme } from '../../render/theme.js';

export async function runDoctorCommand(
  input: Pick<DoctorOptions, 'repair' | 'only'>,
  ctx: CommandContext,
): Promise<DoctorReport> {
  return withSpinner(ctx.io, 'Checking the database', async () => {
    const ds = await ctx.dataSource({ writes: input.repair === true, primary: true, anyDatabase: true });
    // a repair writes: who acts is asked of the server (and held to --identity) before it starts
    const actor = input.repair === true ? await ctx.writeActor() : ctx.actor();
    return runDoctor(ds, { ...input, actor });
  });
}

/** Prints the report; exits 1 (after printing) when something needs attention. */
export function printDoctor(report: DoctorReport, io: IOStreams, format: string): void {
  if (format === 'json') printJson(io, report);
  else io.out(renderDoctor(report, createTheme(io.colorStdout)));
  if (!report.healthy) throw new ExitError(ExitCode.failure);
}

const MARK: Record<Severity, (t: Theme) => string> = {
  ok: (t) => t.success('✓'),
  info: (t) => t.accent('i'),
  warning: (t) => t.warning('!'),
  error: (t) => t.failure('✗'),
};

export function renderDoctor(r: DoctorReport, t: Theme): string {
  const lines: string[] = [];
  const s = r.server;
  const kind =
    s.kind === 'FerretDB' ? `FerretDB ${s.ferretdbVersion} (MongoDB ${s.version} compatible)` : `MongoDB ${s.version}`;
  lines.push(`${MARK.ok(t)} server      ${kind} at ${s.hosts}, ping ${s.pingMs} ms`);
  const wire = s.wireVersion === null ? 'wire version unknown' : `wire version ${s.wireVersion}`;
  lines.push(
    `${MARK.ok(t)} protocol    ${wire} (wfctl needs MongoDB ${s.requires.mongodb} or later: wire version ${s.requires.wireVersion}+)`,
  );
  lines.push(`${MARK.ok(t)} database    ${s.database}`);
  lines.push('');
  for (const [owner, title] of [
    ['backend', 'Collections'],
    ['wfctl', "wfctl's own collections"],
  ] as const) {
    lines.push(t.bold(title));
    for (const c of r.collections.filter((x) => x.owner === owner)) {
      lines.push(
        `  ${c.exists ? MARK.ok(t) : MARK.info(t)} ${c.name.padEnd(26)} ${c.exists ? String(c.count).padStart(10) : t.muted('(absent)'.padStart(10))}`,
      );
    }
  }
  lines.push('');
  const present = r.indexes.filter((i) => i.present).length;
  lines.push(t.bold(`Indexes (${present} of ${r.indexes.length} recommended present)`));
  lines.push('');
  lines.push(t.bold('Findings'));
  if (r.findings.length === 0) lines.push(`  ${MARK.ok(t)} no problems found`);
  for (const f of r.findings) {
    lines.push(`  ${MARK[f.severity](t)} [${f.check}] ${f.message}`);
    if (f.fix) lines.push(`      ${t.muted('fix:')} ${f.fix}`);
  }
  if (r.repairs.length > 0) {
    lines.push('');
    lines.push(t.bold('Repairs'));
    for (const rep of r.repairs) lines.push(`  ${MARK.ok(t)} [${rep.check}] ${rep.message}`);
  }
  lines.push('');
  lines.push(r.healthy ? t.success('Healthy.') : t.failure('Needs attention: see the findings above.'));
  return `${lines.join('\n')}\n`;
}
